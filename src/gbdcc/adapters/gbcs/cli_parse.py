"""``gbdcc parse FILE|HEX [--keys DIR] [--json]``: show a GBCS message as readable fields.

Input: a file holding hex text, raw GBCS bytes (starting ``DD``/``DF``) or a DUIS response / alert XML
(every ``GBCSPayload`` element, base64, is parsed), or a hex string on the command line. Concatenated
messages are split. With ``--keys`` the MAC and signature are checked (``decoder.py``). The exit code
is 1 when a MAC or signature check fails, 2 when the input is not GBCS.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from gbdcc.adapters.gbcs.decoder import FAILED, DecodedMessage, describe_all
from gbdcc.adapters.gbcs.keys import KeyRing
from gbdcc.domain.errors import GbcsError, GbdccError

_HEX = re.compile(r"^[0-9A-Fa-f\s]+$")
_B64 = re.compile(r"^[A-Za-z0-9+/=\s]+$")


def _xml_payloads(raw: bytes) -> list[bytes]:
    from gbdcc.adapters.duis.safe_xml import parse_xml

    root = parse_xml(raw)
    texts = [el.text or "" for el in root.iter() if isinstance(el.tag, str) and el.tag.endswith("}GBCSPayload")]
    if not texts:
        raise typer.BadParameter("the XML holds no GBCSPayload element")
    return [base64.b64decode("".join(t.split()), validate=True) for t in texts]


def _text_payload(text: str) -> bytes:
    t = text.strip()
    if t.lower().startswith("0x"):
        t = t[2:]
    if _HEX.match(t) and len("".join(t.split())) % 2 == 0:
        return bytes.fromhex("".join(t.split()))
    if _B64.match(t):
        try:
            data = base64.b64decode("".join(t.split()), validate=True)
        except binascii.Error:
            data = b""
        if data[:1] in (b"\xdd", b"\xdf"):
            return data
    if "/" in t or "." in t:
        raise typer.BadParameter(f"no such file: {t} (nor is it hex or base64 GBCS)")
    raise typer.BadParameter("not hex, base64 GBCS or a readable file")


def read_inputs(source: str) -> list[bytes]:
    """The GBCS byte strings named by ``source`` (file path or inline hex / base64)."""
    path = Path(source)
    try:
        is_file = path.is_file()
    except OSError:  # e.g. a long hex string is not a valid file name
        is_file = False
    if is_file:
        raw = path.read_bytes()
        if raw[:1] in (b"\xdd", b"\xdf"):
            return [raw]
        head = raw.lstrip()[:1]
        if head == b"<":
            return _xml_payloads(raw)
        return [_text_payload(raw.decode("ascii", errors="replace"))]
    return [_text_payload(source)]


def _zcl_line(z: dict[str, Any]) -> str:
    head = f"{z['cluster']} {z['cluster_name']} {z.get('command_id', '')} {z.get('command_name', '')}".strip()
    if "attributes" in z:
        attrs = [f"{a.get('id', '')} {a.get('name', '')}".strip() + (f" = {a['value']}" if "value" in a else "")
                 + (f" [{a['status']}]" if a.get("status") not in (None, "SUCCESS") else "") for a in z["attributes"]]
        return head + ": " + "; ".join(attrs)
    if "status" in z:
        return f"{head}: {z.get('response_to', '')} {z['status']}"
    return head + (f": {z['payload']}" if z.get("payload") else "")


def _render(console: Console, index: int, d: DecodedMessage) -> None:
    j = d.to_json()
    table = Table(title=f"GBCS message {index}: {j['use_case'] or 'unknown use case'}", show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    for key in ("kind", "cra_flag", "originator_counter", "originator", "recipient", "date_time",
                "date_time_utc", "message_code", "supplementary_remote_party_id",
                "supplementary_remote_party_counter", "supplementary_originator_counter"):
        if key in j and j[key] is not None:
            table.add_row(key.replace("_", " "), str(j[key]))
    colour = {"verified": "green", "failed": "red", "no-key": "yellow", "absent": "dim"}
    for key in ("mac", "signature"):
        st = j[key]["status"]
        table.add_row(key, f"[{colour[st]}]{st}[/]" + (f"  {j[key]['value']}" if j[key]["value"] else ""))
    if "alert" in j:
        a = j["alert"]
        table.add_row("alert", f"{a['code']} {a['name'] or ''} at {a['timestamp']} ({a['format']})")
        if a["data"]:
            table.add_row("alert data", a["data"])
    p = j["payload"]
    table.add_row("payload status", p["status"] + (f": {p['error']}" if p["error"] else ""))
    table.add_row("payload hex", p["hex"])
    if "future_dated" in j:
        table.add_row("future dated", ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in j["future_dated"].items()))
    for z in j.get("zcl", []):
        table.add_row(f"zcl #{z['component']}", _zcl_line(z))
    for b in j.get("encrypted", []):
        shown = b["status"] + (f"  plaintext {b['plaintext']}" if b["plaintext"] else "")
        table.add_row(f"encrypted @{b['offset']}", shown)
    console.print(table)
    if p["decoded"] is not None:
        console.print_json(json.dumps(p["decoded"], default=str))
    for b in j.get("encrypted", []):
        if b.get("decoded") is not None:
            console.print(f"[bold]decrypted @{b['offset']}[/]")
            console.print_json(json.dumps(b["decoded"], default=str))
    for note in j.get("notes", []):
        console.print(f"[yellow]note:[/] {note}")


def parse_command(source: str, keys: Path | None = None, as_json: bool = False) -> None:
    """Entry point the ``gbdcc parse`` command calls."""
    console = Console()
    try:
        ring = KeyRing.load(keys) if keys is not None else None
        decoded: list[DecodedMessage] = []
        for blob in read_inputs(source):
            decoded.extend(describe_all(blob, ring))
    except (GbdccError, typer.BadParameter) as exc:
        raise exc from None  # one line, with its code: `gbdcc.cli.errors.friendly`
    except ValueError as exc:
        raise GbcsError(f"not a GBCS message gbdcc can read: {exc}", rule="GBCS") from None
    if as_json:
        doc: Any = [d.to_json() for d in decoded]
        typer.echo(json.dumps(doc if len(doc) != 1 else doc[0], indent=2, default=str))
    else:
        for i, d in enumerate(decoded, 1):
            _render(console, i, d)
    if any(FAILED in (d.mac_status, d.signature_status) for d in decoded):
        raise typer.Exit(1)
