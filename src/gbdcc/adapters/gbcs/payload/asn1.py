"""Minimal DER reader for the ASN.1 payloads of GBCS (CS02a-e, CS03, CS04, CS06, CS07, CS08, GCS28,
GCS59; GBCS 10.2 / 13.3): a generic tag-length-value tree, enough to show and compare payloads."""

from __future__ import annotations

from typing import Any

from gbdcc.adapters.gbcs.payload._bytes import PayloadError, Reader

_NAMES = {0x01: "BOOLEAN", 0x02: "INTEGER", 0x03: "BIT STRING", 0x04: "OCTET STRING", 0x05: "NULL",
          0x06: "OBJECT IDENTIFIER", 0x0A: "ENUMERATED", 0x13: "PrintableString", 0x17: "UTCTime",
          0x18: "GeneralizedTime", 0x30: "SEQUENCE", 0x31: "SET"}


def _node(r: Reader, depth: int) -> dict[str, Any]:
    tag = r.u8()
    if tag & 0x1F == 0x1F:
        raise PayloadError("multi-byte ASN.1 tags are not used by GBCS")
    body = r.sub(r.length())
    node: dict[str, Any] = {"tag": _NAMES.get(tag, f"[{tag & 0x1F}]" if tag & 0x80 else f"0x{tag:02X}")}
    if tag & 0x20 and depth < 12:
        kids = []
        while not body.at_end():
            kids.append(_node(body, depth + 1))
        node["children"] = kids
    else:
        raw = body.rest()
        if tag in (0x02, 0x0A) and len(raw) <= 8:
            node["value"] = int.from_bytes(raw, "big", signed=True)
        elif tag in (0x17, 0x18, 0x13):
            node["value"] = raw.decode("ascii", "replace")
        else:
            node["value"] = raw.hex().upper()
    return node


def decode(payload: bytes) -> list[dict[str, Any]]:
    """Every top-level DER element of ``payload``."""
    r = Reader(payload)
    out = []
    while not r.at_end():
        out.append(_node(r, 0))
    return out
