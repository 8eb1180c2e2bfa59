"""DLMS ``access-request`` / ``access-response`` APDUs in the GBCS profile (GBCS 7.2.x, IEC 62056-5-3 §9.3).

access-request  = D9, long-invoke-id-and-priority (4), date-time (octet-string, empty in GBCS),
                  list of access-request-specification, list of data.
access-response = DA, long-invoke-id-and-priority (4), date-time, access-response-body:
                  access-request-specification OPTIONAL (A-XDR presence flag ``00`` / ``01`` + list),
                  access-response-list-of-data (SEQUENCE OF Data),
                  access-response-specification (SEQUENCE OF CHOICE get / set / action /
                  get-with-selection → Data-Access-Result or Action-Result, one enum byte each)
                  — IEC 62056-5-3 §9.3 (Green Book ``Access-Response-Body``); the RTDS vectors carry
                  the optional field absent (``00``).
GBCS sets the invoke-id to the low 24 bits of the originator counter, with processing-option set
(0x20 in the top byte): GBCS 7.2.2.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gbdcc.adapters.gbcs.payload import dlms_data
from gbdcc.adapters.gbcs.payload._bytes import PayloadError, Reader, encode_length
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue

ACCESS_REQUEST = 0xD9
ACCESS_RESPONSE = 0xDA
DATA_NOTIFICATION = 0x0F
GET, SET, ACTION, GET_WITH_SELECTION = 1, 2, 3, 4
_KIND = {GET: "get", SET: "set", ACTION: "action", GET_WITH_SELECTION: "get-with-selection"}


def invoke_id(counter: int) -> int:
    """long-invoke-id-and-priority for an originator counter (GBCS 7.2.2)."""
    return 0x20000000 | (counter & 0x00FFFFFF)


def obis_text(obis: bytes) -> str:
    a, b, c, d, e, f = obis
    return f"{a}-{b}:{c}.{d}.{e}.{f}"


@dataclass(frozen=True, slots=True)
class Spec:
    """One access-request-specification: get / set / action / get-with-selection of class id + OBIS."""

    kind: int
    class_id: int
    obis: bytes
    member: int  # attribute id (get/set) or method id (action)
    selector: int | None = None
    selection: DlmsValue | None = None

    def encode(self) -> bytes:
        out = bytes([self.kind]) + self.class_id.to_bytes(2, "big") + self.obis + bytes([self.member & 0xFF])
        if self.kind == GET_WITH_SELECTION:
            if self.selector is None or self.selection is None:
                raise PayloadError("get-with-selection needs an access selector and its parameters")
            out += bytes([self.selector]) + dlms_data.encode(self.selection)
        return out

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "kind": _KIND[self.kind],
            "class_id": self.class_id,
            "obis": obis_text(self.obis),
            "method" if self.kind == ACTION else "attribute": self.member,
        }
        if self.selection is not None:
            out["selector"] = self.selector
            out["selection"] = self.selection.to_json()
        return out


@dataclass(frozen=True, slots=True)
class AccessRequest:
    invoke_id: int
    specs: tuple[Spec, ...]
    data: tuple[DlmsValue, ...]
    date_time: bytes = b""

    def encode(self) -> bytes:
        return (
            bytes([ACCESS_REQUEST])
            + self.invoke_id.to_bytes(4, "big")
            + encode_length(len(self.date_time))
            + self.date_time
            + encode_length(len(self.specs))
            + b"".join(s.encode() for s in self.specs)
            + encode_length(len(self.data))
            + b"".join(dlms_data.encode(d) for d in self.data)
        )

    def to_json(self) -> dict[str, object]:
        return {
            "apdu": "access-request",
            "invoke_id": self.invoke_id,
            "requests": [
                {**s.to_json(), "data": d.to_json()} for s, d in zip(self.specs, self.data, strict=False)
            ],
        }


@dataclass(frozen=True, slots=True)
class AccessResponse:
    """A DLMS access-response. ``request_specs`` is the OPTIONAL echo of the access-request-
    specification (``None`` = absent, as GBCS devices send it); ``results`` are (choice, result code)
    pairs — 0 = success, other values are Data-Access-Result / Action-Result codes."""

    invoke_id: int
    data: tuple[DlmsValue, ...]
    results: tuple[tuple[int, int], ...]  # (kind, data-access-result / action-result)
    date_time: bytes = b""
    request_specs: tuple[Spec, ...] | None = None
    raw_data: tuple[bytes, ...] = field(default=())

    def encode(self) -> bytes:
        if self.request_specs is None:
            specs = b"\x00"
        else:
            specs = b"\x01" + encode_length(len(self.request_specs)) + b"".join(s.encode() for s in self.request_specs)
        return (
            bytes([ACCESS_RESPONSE])
            + self.invoke_id.to_bytes(4, "big")
            + encode_length(len(self.date_time))
            + self.date_time
            + specs
            + encode_length(len(self.data))
            + b"".join(dlms_data.encode(d) for d in self.data)
            + encode_length(len(self.results))
            + b"".join(bytes([k, r]) for k, r in self.results)
        )

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "apdu": "access-response",
            "invoke_id": self.invoke_id,
            "data": [d.to_json() for d in self.data],
            "results": [{"kind": _KIND.get(k, k), "result": r} for k, r in self.results],
        }
        if self.request_specs is not None:
            out["request_specs"] = [s.to_json() for s in self.request_specs]
        return out


def _spec(r: Reader) -> Spec:
    kind = r.u8()
    if kind not in _KIND:
        raise PayloadError(f"unknown access-request-specification choice {kind}")
    class_id = r.uint(2)
    obis = r.take(6)
    member = r.u8()
    if kind == GET_WITH_SELECTION:
        selector = r.u8()
        return Spec(kind, class_id, obis, member, selector, dlms_data.decode_from(r))
    return Spec(kind, class_id, obis, member)


def decode_request(payload: bytes) -> AccessRequest:
    r = Reader(payload)
    if r.u8() != ACCESS_REQUEST:
        raise PayloadError("not a DLMS access-request")
    iid = r.uint(4)
    dt = r.take(r.length())
    specs = tuple(_spec(r) for _ in range(r.length()))
    data = tuple(dlms_data.decode_from(r) for _ in range(r.length()))
    if not r.at_end():
        raise PayloadError(f"{r.remaining} bytes after access-request")
    return AccessRequest(iid, specs, data, dt)


def decode_response(payload: bytes) -> AccessResponse:
    """Decode a whole access-response (every byte accounted for, else :class:`PayloadError`)."""
    r = Reader(payload)
    if r.u8() != ACCESS_RESPONSE:
        raise PayloadError("not a DLMS access-response")
    iid = r.uint(4)
    dt = r.take(r.length())
    present = r.u8()
    if present not in (0, 1):
        raise PayloadError(f"bad presence flag 0x{present:02X} for access-request-specification")
    specs = tuple(_spec(r) for _ in range(r.length())) if present else None
    data = tuple(dlms_data.decode_from(r) for _ in range(r.length()))
    results = []
    for _ in range(r.length()):
        kind = r.u8()
        if kind not in _KIND:
            raise PayloadError(f"unknown access-response-specification choice {kind}")
        results.append((kind, r.u8()))
    if not r.at_end():
        raise PayloadError(f"{r.remaining} bytes after access-response")
    return AccessResponse(iid, data, tuple(results), dt, specs)
