"""Mutation oracle for the per-use-case table (helper of ``test_table_mutation.py``).

For a DUIS request whose transform is byte-exact against its RTDS vector, change one DUIS body value
at a time — numbers +1 (−1 if +1 does not fit), dates +1 day, times +1 minute, hex values with the last
byte flipped, booleans toggled, enumerations to another value the DUIS XSD allows, base64 with one
byte flipped, other text with one character changed — re-render the payload and see where it changed.

The table is right for the value when the payload changes in exactly one place (one DLMS data leaf
for ESME / CHF payloads, one run of bytes for GBZ / ASN.1). Findings:

* ``no-effect``: the value changes nothing — the field it fills is frozen as a constant (or the value
  has no GBCS counterpart: then it is listed with its reason);
* ``fan-out``: it changes several places — a leaf bound to a field that merely had the same value;
* ``error``: the payload can no longer be rendered (a bound field whose type cannot hold the value).
"""

from __future__ import annotations

import base64
import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

from lxml import etree

from gbdcc.adapters.gbcs.payload import dlms_apdu
from gbdcc.adapters.gbcs.payload.converters import parse_xs_datetime
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue
from gbdcc.adapters.gbcs.payload.source import body_values

XS = "{http://www.w3.org/2001/XMLSchema}"
_INT = re.compile(r"^-?\d+$")
_DT = re.compile(r"^\d{4}-\d{2}-\d{2}(T[\d:.]+)?(Z|[+-]\d{2}:\d{2})?$")
_TIME = re.compile(r"^\d{2}:\d{2}:\d{2}(\.\d+)?Z?$")
_DEC = re.compile(r"^-?\d+\.\d+$")
_HEX = re.compile(r"^(?:[0-9A-Fa-f]{2})+$")
_ANY_YEAR = re.compile(r"^65535-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$")
_EUI = re.compile(r"^[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){7}$")


@cache
def enumerations(xsd: Path) -> dict[str, tuple[frozenset[str], ...]]:
    """value → the XSD enumerations (value sets) it belongs to, over the DUIS schema."""
    out: dict[str, list[frozenset[str]]] = {}
    for restriction in etree.parse(str(xsd)).iter(f"{XS}restriction"):
        values = frozenset(e.get("value") or "" for e in restriction.findall(f"{XS}enumeration"))
        if len(values) > 1:
            for v in values:
                out.setdefault(v, []).append(values)
    return {k: tuple(v) for k, v in out.items()}


def mutate(text: str, enums: dict[str, tuple[frozenset[str], ...]]) -> list[str]:
    """Candidate replacements for one DUIS value, best first."""
    t = text.strip()
    if t in ("true", "false"):
        return ["false" if t == "true" else "true"]
    if t in enums:
        others = sorted({v for s in enums[t] for v in s} - {t})
        return others[:2]
    if _INT.match(t):
        return [str(int(t) + 1), str(int(t) - 1)]
    if _DEC.match(t):
        return [t[:-1] + str((int(t[-1]) + 1) % 10)]
    if _ANY_YEAR.match(t):  # DUIS xs:date with the "every year" year 65535: next day, same month
        return [f"{t[:9]}{int(t[9:11]) % 28 + 1:02d}{t[11:]}"]
    if _DT.match(t) and t.startswith(("3000", "9999")):  # DUIS cancellation / open end → a real date
        return ["2030-01-15T09:00:00.00Z"]
    if _DT.match(t):
        dt = parse_xs_datetime(t) + timedelta(days=1)
        if "T" not in t:
            return [dt.strftime("%Y-%m-%d")]
        return [dt.strftime("%Y-%m-%dT%H:%M:%S.00Z")]
    if _TIME.match(t):
        h, m, sec = (int(float(x)) for x in t.rstrip("Z").split(":"))
        return [f"{h:02d}:{(m + 1) % 60:02d}:{sec:02d}" + t[8:]]
    if _EUI.match(t):
        return [t[:-2] + f"{int(t[-2:], 16) ^ 0x01:02X}"]
    if _HEX.match(t) and len(t) >= 4:
        return [t[:-2] + f"{int(t[-2:], 16) ^ 0x01:02X}"]
    if len(t) > 40:
        try:
            raw = bytearray(base64.b64decode(t, validate=True))
        except ValueError:
            raw = None
        if raw:
            raw[len(raw) // 2] ^= 0x01
            return [base64.b64encode(bytes(raw)).decode()]
    if t:
        return [t[:-1] + ("B" if t[-1] != "B" else "C")]
    return []


def with_value(element: etree._Element, path: str, value: str) -> etree._Element:
    """A copy of the request element with the leaf at ``path`` set to ``value``."""
    el = copy.deepcopy(element)
    node = el
    for step in path.split("/"):
        name, idx = step, 1
        if step.endswith("]"):
            name, _, n = step[:-1].partition("[")
            idx = int(n)
        kids = [k for k in node if isinstance(k.tag, str) and etree.QName(k).localname == name]
        node = kids[idx - 1]
    node.text = value
    return el


def _leaves(v: DlmsValue, path: str) -> Iterator[tuple[str, object]]:
    if v.type in ("array", "structure"):
        yield path + "#n", len(v.value)
        for i, item in enumerate(v.value):
            yield from _leaves(item, f"{path}/{i}")
    else:
        yield path, (v.type, v.value)


def places(a: bytes, b: bytes) -> list[str]:
    """Where two payloads differ: DLMS data leaves for access-requests, else runs of bytes."""
    if a == b:
        return []
    if a[:1] == b[:1] == bytes([dlms_apdu.ACCESS_REQUEST]):
        try:
            ra, rb = dlms_apdu.decode_request(a), dlms_apdu.decode_request(b)
        except Exception:
            pass
        else:
            out = []
            if ra.specs != rb.specs:
                out.append("specs")
            for i, (da, db) in enumerate(zip(ra.data, rb.data, strict=True)):
                la, lb = dict(_leaves(da, f"r{i}")), dict(_leaves(db, f"r{i}"))
                diff = sorted(k for k in la.keys() | lb.keys() if la.get(k) != lb.get(k))
                # a changed array length (with its new elements) is one place
                counts = [k for k in diff if k.endswith("#n")]
                for c in counts:
                    stem = c[:-2]
                    diff = [k for k in diff if not k.startswith(stem + "/")]
                out += diff
            return out
    if len(a) != len(b):
        return ["length"]
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    runs: list[list[int]] = []
    for i in diffs:
        if runs and i - runs[-1][-1] <= 3:
            runs[-1].append(i)
        else:
            runs.append([i])
    return [f"bytes {r[0]}-{r[-1]}" for r in runs]


@dataclass(frozen=True, slots=True)
class Finding:
    stem: str
    use_case: str
    path: str
    kind: str  # no-effect / fan-out / error
    detail: str = ""


def leaves(element: etree._Element) -> list[tuple[str, str]]:
    return body_values(element)
