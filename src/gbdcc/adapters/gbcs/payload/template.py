"""Payload templates: the data the per-use-case tables are written in (GBCS 7.2 / 10, DUIS 5.4 §3).

A template is a tree whose leaves are either constants or :class:`Bind` — "this value comes from the
DUIS request body (or the message context), converted like so". Rendering a template against a
:class:`Values` source gives the payload bytes. Three payload families:

* :class:`Dlms` — an access-request (ESME, CHF): requests of class id + OBIS + attribute/method with
  DLMS typed data (:class:`T` nodes).
* :class:`Gbz` — a GBZ (ZigBee SE / ZCL) payload (GSME, GPF): components with a ZCL command each,
  the ZCL payload given as :class:`Raw` parts.
* :class:`Raw` — bytes with bound parts (ASN.1 DER payloads of CS0x / GCS28 / GCS59…).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from gbdcc.adapters.gbcs.payload import dlms_apdu
from gbdcc.adapters.gbcs.payload._bytes import PayloadError, encode_length
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue


class Values(Protocol):
    """What a binding reads: DUIS body text by path, and context values by ``@name``."""

    def text(self, path: str) -> str | None: ...

    def texts(self, path: str) -> list[str]: ...

    def context(self, name: str) -> Any: ...

    def each(self, path: str) -> Sequence[Values]:
        """One source per DUIS element at ``path``, its values relative to that element (see
        :class:`Each`)."""
        ...


@dataclass(frozen=True, slots=True)
class Bind:
    """A value taken from the request: ``conv`` (a converter name, see :mod:`.converters`) applied to
    the values at ``paths`` (DUIS body paths relative to the request element, or ``@counter``,
    ``@originator``, ``@recipient``)."""

    conv: str
    paths: tuple[str, ...]

    def __init__(self, conv: str, *paths: str) -> None:
        object.__setattr__(self, "conv", conv)
        object.__setattr__(self, "paths", tuple(paths))

    def evaluate(self, src: Values) -> Any:
        from gbdcc.adapters.gbcs.payload.converters import convert

        try:
            return convert(self.conv, self.paths, src)
        except PayloadError as err:
            if "missing" in err.reason and self.paths:  # name the DUIS element the request lacks
                raise PayloadError(f"{err.reason}: {' / '.join(self.paths)}") from None
            raise


@dataclass(frozen=True, slots=True)
class T:
    """A DLMS data template node: ``type`` and a constant, a :class:`Bind`, or child nodes."""

    type: str
    value: Any = None

    def render(self, src: Values) -> DlmsValue:
        v = self.value
        if self.type in ("array", "structure"):
            if isinstance(v, Bind):  # a whole sub-tree computed by a converter
                out = v.evaluate(src)
                if not isinstance(out, DlmsValue):
                    raise PayloadError(f"converter {v.conv} must give DLMS data")
                return out
            return DlmsValue(self.type, tuple(_children(v, src)))
        if isinstance(v, Bind):
            v = v.evaluate(src)
        if isinstance(v, str) and self.type in ("octet-string", "visible-string", "utf8-string"):
            v = bytes.fromhex(v)
        if self.type == "bit-string" and isinstance(v, list):
            v = (v[0], bytes.fromhex(v[1]))
        return DlmsValue(self.type, v)


def _children(nodes: tuple[Any, ...], src: Values) -> list[DlmsValue]:
    out: list[DlmsValue] = []
    for child in nodes:
        if isinstance(child, When):
            if child.holds(src):
                out.extend(_children(child.parts, src))
        elif isinstance(child, Each):
            out.extend(child.items(src))
        else:
            out.append(child.render(src))
    return out


@dataclass(frozen=True, slots=True)
class Raw:
    """Bytes given as hex strings, :class:`Bind` (giving bytes) and nested :class:`Raw` parts.

    ``Len(...)`` wraps parts whose length must precede them (BER/A-XDR length)."""

    parts: tuple[Any, ...]

    def __init__(self, *parts: Any) -> None:
        object.__setattr__(self, "parts", tuple(parts))

    def render(self, src: Values) -> bytes:
        out = bytearray()
        for p in self.parts:
            if isinstance(p, str):
                out += bytes.fromhex(p)
            elif isinstance(p, Bind):
                v = p.evaluate(src)
                if not isinstance(v, bytes | bytearray):
                    raise PayloadError(f"converter {p.conv} must give bytes in a raw template")
                out += v
            else:
                out += p.render(src)
        return bytes(out)


def _is_cancellation(text: str | None) -> bool:
    from gbdcc.adapters.gbcs.payload.converters import parse_xs_datetime

    return text is not None and parse_xs_datetime(text).year >= 3000


_TESTS = {
    "present": lambda src, path: src.text(path) is not None,
    "absent": lambda src, path: src.text(path) is None,
    # a future-dated command cancelled by ExecutionDateTime 3000-12-31 (DUIS 5.4 §3.2.5) carries no
    # new values, only the cancelled command's identity
    "not-cancelled": lambda src, path: not _is_cancellation(src.text(path)),
}


@dataclass(frozen=True, slots=True)
class When:
    """Template parts that are only there when ``test`` holds for the DUIS value at ``path``:
    ``present`` / ``absent`` (optional DUIS elements), ``not-cancelled`` (ExecutionDateTime is not
    the DUIS cancellation value). Inside :class:`Raw` / :class:`Len` it renders its parts or
    nothing; in a DLMS structure / array (:class:`T` children) its :class:`T` parts or none."""

    test: str
    path: str
    parts: tuple[Any, ...]

    def __init__(self, test: str, path: str, *parts: Any) -> None:
        if test not in _TESTS:
            raise PayloadError(f"unknown template test {test!r}")
        object.__setattr__(self, "test", test)
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "parts", tuple(parts))

    def holds(self, src: Values) -> bool:
        return bool(_TESTS[self.test](src, self.path))

    def render(self, src: Values) -> bytes:
        return Raw(*self.parts).render(src) if self.holds(src) else b""


@dataclass(frozen=True, slots=True)
class Each:
    """Repeat per DUIS element: ``parts`` rendered once per element at ``path`` (DUIS repeated
    elements: tariff prices, thresholds, day / week / season profiles, special days). Inside, binding
    paths are relative to the element (``/``-prefixed ones to the request element), ``@index`` is
    the element's 0-based position, ``@number`` its 1-based one and ``@count`` the number of elements;
    ``.`` is the element's own text. In a DLMS array the
    element count is the array length; in bytes templates bind ``#path`` (the count of elements at
    ``path``) where the encoding carries it."""

    path: str
    parts: tuple[Any, ...]

    def __init__(self, path: str, *parts: Any) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "parts", tuple(parts))

    def items(self, src: Values) -> list[DlmsValue]:
        return [v for scope in src.each(self.path) for v in _children(self.parts, scope)]

    def render(self, src: Values) -> bytes:
        return b"".join(Raw(*self.parts).render(scope) for scope in src.each(self.path))


@dataclass(frozen=True, slots=True)
class Req:
    """One DLMS request: kind ('get' / 'set' / 'action' / 'get-with-selection'), class id, OBIS
    (``"0-0:1.0.0.255"``), attribute or method id, its data, and for selective get the selector."""

    kind: str
    class_id: int
    obis: str
    member: int
    data: T = field(default_factory=lambda: T("null-data"))
    selector: int | None = None
    selection: T | None = None


_KINDS = {"get": dlms_apdu.GET, "set": dlms_apdu.SET, "action": dlms_apdu.ACTION,
          "get-with-selection": dlms_apdu.GET_WITH_SELECTION}


def parse_obis(text: str) -> bytes:
    a_b, rest = text.split(":")
    a, b = a_b.split("-")
    return bytes([int(a), int(b), *(int(x) for x in rest.split("."))])


def _requests(items: tuple[Any, ...], src: Values) -> list[Req]:
    out: list[Req] = []
    for r in items:
        if isinstance(r, When):
            if r.holds(src):
                out.extend(_requests(r.parts, src))
        else:
            out.append(r)
    return out


@dataclass(frozen=True, slots=True)
class Dlms:
    """An access-request; ``requests`` may hold :class:`When` groups (requests for optional DUIS
    elements)."""

    requests: tuple[Req | When, ...]

    def render(self, src: Values) -> bytes:
        specs, data = [], []
        for r in _requests(self.requests, src):
            sel = r.selection.render(src) if r.selection is not None else None
            specs.append(dlms_apdu.Spec(_KINDS[r.kind], r.class_id, parse_obis(r.obis), r.member, r.selector, sel))
            data.append(r.data.render(src))
        counter = int(src.context("counter"))
        return dlms_apdu.AccessRequest(dlms_apdu.invoke_id(counter), tuple(specs), tuple(data)).encode()


@dataclass(frozen=True, slots=True)
class Zcl:
    """One GBZ component (GBCS 10.4.2): control field, cluster, optional from-date-time, ZCL header
    (frame control, sequence number, command id) and ZCL payload."""

    control: int
    cluster: int
    frame_control: int
    command: int
    payload: Raw
    sequence: int = 0
    from_date_time: Raw | None = None

    def render(self, src: Values) -> bytes:
        body = b""
        if self.from_date_time is not None:
            body += self.from_date_time.render(src)
        body += bytes([self.frame_control, self.sequence, self.command]) + self.payload.render(src)
        return bytes([self.control]) + self.cluster.to_bytes(2, "big") + len(body).to_bytes(2, "big") + body


@dataclass(frozen=True, slots=True)
class Gbz:
    """A GBZ payload: profile id 0x0109, component count, components (GBCS 10.4.1).

    ``components`` may hold :class:`Each` groups of :class:`Zcl` (one component per DUIS element,
    e.g. a ZCL Publish Day Profile per DUIS day profile). The components are numbered as rendered:
    the ZCL sequence number is the component's position and bit 0 of the extended header control
    field marks the last component (GBCS 10.4.2) — the :attr:`Zcl.sequence` given is ignored."""

    components: tuple[Zcl | Each, ...]
    profile: int = 0x0109

    def _expand(self, src: Values) -> list[tuple[Zcl, Values]]:
        out: list[tuple[Zcl, Values]] = []
        for c in self.components:
            if isinstance(c, Each):
                out.extend((z, scope) for scope in src.each(c.path) for z in c.parts)
            else:
                out.append((c, src))
        return out

    def render(self, src: Values) -> bytes:
        comps = self._expand(src)
        if len(comps) > 0xFF:
            raise PayloadError(f"{len(comps)} GBZ components (at most 255)")
        body = b"".join(
            replace(z, sequence=i, control=(z.control & ~1) | int(i == len(comps) - 1)).render(scope)
            for i, (z, scope) in enumerate(comps)
        )
        return self.profile.to_bytes(2, "big") + bytes([len(comps)]) + body


@dataclass(frozen=True, slots=True)
class Len:
    """BER-length-prefixed parts inside a :class:`Raw` (ASN.1 constructed values)."""

    tag: str
    parts: tuple[Any, ...]

    def __init__(self, tag: str, *parts: Any) -> None:
        object.__setattr__(self, "tag", tag)
        object.__setattr__(self, "parts", tuple(parts))

    def render(self, src: Values) -> bytes:
        body = Raw(*self.parts).render(src)
        return bytes.fromhex(self.tag) + encode_length(len(body)) + body


Payload = Dlms | Gbz | Raw


@dataclass(frozen=True, slots=True)
class Variant:
    """A payload template for requests whose body has the element paths in ``shape`` (DUIS choices
    and optional elements change the GBCS payload: e.g. single vs twin element, TOU vs block tariff)."""

    shape: frozenset[str]
    payload: Payload
    mode: str = "user"
    """Who originates the GBCS command (GBCS 7.2.8 / DUIS 3.5): ``user`` (the User, counter = its
    RequestID counter), ``acb`` (the DCC's Access Control Broker with its own counter), ``acb+srp``
    (ACB, with the User's ID and counter as supplementary remote party), ``transcos`` (the DCC's
    TransCoS party); ``+signed`` when that originator also signs the command (CS02b / CS03 / CS04
    sent by the DCC)."""


@dataclass(frozen=True, slots=True)
class UseCase:
    """One GBCS use case as the transform needs it (GBCS Table 13.3.x / DUIS 5.4 §3)."""

    name: str  # e.g. "ECS17b"
    message_code: int
    srv: str  # Service Reference Variant, e.g. "4.1.1"
    body: str  # DUIS body element (local name)
    variants: tuple[Variant, ...]
    devices: tuple[str, ...] = ()  # device types the use case targets (GBCS Table 13.3 "Device")
    when: tuple[tuple[str, str], ...] = ()
    """Discriminators when one SRV + body element serves several use cases (GBCS 13.3): every
    ``(key, value)`` must hold. ``key`` is a DUIS body path (its text equals ``value``; ``path~value``
    keys test any of several same-named elements), ``@role`` (the User's role: Supplier /
    NetworkOperator / DCC) or ``@fact`` (a fact the inventory holds about the target's device model,
    e.g. ``polyphase`` or ``legacy-gbcs`` for a model that only supports a superseded use case)."""

    @property
    def family(self) -> str:
        """'E' (ESME, DLMS), 'G' (GSME / GPF, GBZ) or 'C' (CHF / any device, CS / CCS / DBCH)."""
        if self.name.startswith("E"):
            return "E"
        if self.name.startswith("G"):
            return "G"
        return "C"

    def select(self, shape: frozenset[str]) -> Variant:
        """The variant for a request body shape: exact match, else the closest (most shared paths,
        fewest differences)."""
        return max(self.variants, key=lambda v: score(v.shape, shape))


def conditions_hold(uc: UseCase, facts: dict[str, object]) -> bool:
    """Whether every ``when`` condition of ``uc`` holds; ``facts`` maps ``@role`` to the User's role,
    ``@fact`` to the set of device-model facts and body paths to their texts (lists)."""
    for key, value in uc.when:
        have = facts.get(key)
        if isinstance(have, set | frozenset | list | tuple):
            if value not in have:
                return False
        elif have != value:
            return False
    return True


def score(candidate: frozenset[str], shape: frozenset[str]) -> tuple[int, int, int]:
    """How well a variant's body shape fits a request's: exact first, then most shared, fewest extra."""
    return (int(candidate == shape), len(candidate & shape), -len(candidate ^ shape))
