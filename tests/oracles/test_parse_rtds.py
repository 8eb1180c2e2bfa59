"""``gbdcc parse`` beyond the frame, over all 1,275 RTDS 4.5.0 vectors (issue 13 part 7, Parse).

Smart DCC's own parser (npm ``@smartdcc/gbcs-parser``) is not on the package registry this project can
reach (``npm view`` answers 404), so these checks compare with independent references instead:
the GBCS message-code table and use-case titles in ``../shared/domain`` (GPL data, read here only), and
the RTDS vectors themselves — a Future Dated alert must describe the future-dated command of its own
test case (same message code, originator counter and COSEM attribute), and a decrypted GSME response
must answer exactly the ZCL attributes its command asked for.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from gbdcc.adapters.gbcs.cli_parse import read_inputs
from gbdcc.adapters.gbcs.decoder import describe_all
from gbdcc.adapters.gbcs.keys import KeyRing
from gbdcc.adapters.gbcs.parse_detail import is_placeholder

pytestmark = pytest.mark.oracle
_SRV = re.compile(r"\(SRV ([\d.]+)\)$")


@cache
def _parsed(root: str) -> tuple[tuple[Path, dict[str, Any]], ...]:
    base = Path(root)
    ring = KeyRing.load(base / "keys" / "rtds")
    out = []
    for f in sorted((base / "rtds-gbcs").rglob("*.HEX")):
        for blob in read_inputs(str(f)):
            out.extend((f, d.to_json()) for d in describe_all(blob, ring))
    return tuple(out)


@pytest.fixture(scope="module")
def parsed(oracles: Path) -> tuple[tuple[Path, dict[str, Any]], ...]:
    out = _parsed(str(oracles))
    assert len(out) == 1275
    return out


def _commands(parsed: tuple[tuple[Path, dict[str, Any]], ...], directory: Path) -> list[dict[str, Any]]:
    return [j for f, j in parsed if f.parent == directory and j["cra_flag"] == "command"]


def test_every_rtds_message_code_is_named_without_placeholders(parsed: Any, oracles: Path) -> None:
    reference = json.loads((oracles.parent / "domain" / "gbcs-codes.json").read_text())["messageCodes"]
    placeholders = [f.name for f, j in parsed if is_placeholder(j["use_case"])]
    assert placeholders == []  # 91 vectors (9 message codes) showed UCxxxx ids before
    in_table = [(j["message_code"], j["use_case"]) for _, j in parsed if j["message_code"] in reference]
    assert len(in_table) == 1164  # the other 111 carry GBCS 4.x codes newer than that table
    assert [m for m in in_table if reference[m[0]] != m[1]] == []


def test_srv_named_codes_carry_their_vectors_srv(parsed: Any) -> None:
    named = [(f.parent.name.split("_")[0], _SRV.search(j["use_case"])) for f, j in parsed]
    by_srv = [(srv, m.group(1)) for srv, m in named if m is not None and srv != "NA"]
    assert len(by_srv) == 87
    assert [p for p in by_srv if p[0] != p[1]] == []


def test_future_dated_alerts_describe_their_own_command(parsed: Any) -> None:
    counts: Counter[str] = Counter()
    for f, j in parsed:
        fd = j.get("future_dated")
        if fd is None:
            continue
        counts["alerts"] += 1
        cmds = [c for c in _commands(parsed, f.parent) if c["message_code"] == fd["message_code"]
                and c["originator_counter"] == fd["originator_counter"]]
        assert cmds, f.name  # message code and originator counter of a command of the same test case
        counts["command found"] += 1
        if "obis" in fd:
            descriptors = {(r["class_id"], r["obis"], r["attribute"])
                           for c in cmds for r in (c["payload"]["decoded"] or {}).get("requests", [])}
            assert (fd["class_id"], fd["obis"], fd["attribute_id"]) in descriptors, f.name
            counts["dlms attribute found"] += 1
        else:
            comps = {(f"0x{c['cluster']:04X}", f"0x{c['command']:02X}")
                     for cmd in cmds for c in cmd["payload"]["decoded"]["components"]}
            assert (fd["cluster"], fd["command_id"]) in comps, f.name
            counts["gbz command found"] += 1
    assert counts == Counter({"alerts": 56, "command found": 56, "dlms attribute found": 41,
                              "gbz command found": 15})


def test_zcl_fields_and_decrypted_plaintext_decode_completely(parsed: Any) -> None:
    counts: Counter[str] = Counter()
    for f, j in parsed:
        for z in j.get("zcl", []):
            assert "error" not in z, (f.name, z)
            counts["zcl commands"] += 1
            counts["zcl attributes"] += len(z.get("attributes", []))
        for block in j.get("encrypted", []):
            assert block["status"] == "decrypted", f.name
            dec = block["decoded"]
            assert "error" not in dec, (f.name, dec)
            counts[f"plaintext {dec['format']}"] += 1
            if dec["format"] == "zcl" and dec.get("command_name") == "Read Attributes Response":
                asked = [a["id"] for c in _commands(parsed, f.parent) for z in c.get("zcl", [])
                         if z.get("command_name") == "Read Attributes" and z["cluster"] == dec["cluster"]
                         for a in z["attributes"]]
                answered = [a["id"] for a in dec["attributes"]]
                assert sorted(set(answered)) == sorted(set(asked)), f.name
                counts["zcl responses matching their command"] += 1
    assert counts["plaintext dlms"] == 19
    assert counts["plaintext zcl"] == 44
    assert counts["zcl commands"] == 1174
    print(dict(counts))
