"""DUIS Service Request codec: safe parse plus the structural checks done without the XSD.

Source: DUIS 5.4 XSD ``sr:Request`` (DOMAIN.md §2): root ``sr:Request`` with ``schemaVersion``, then
``sr:Header`` {``RequestID``, ``FirstInSequence``?, ``PrecedingServiceRequestID``?, ``CommandVariant``,
``ServiceReference``, ``ServiceReferenceVariant``}, ``sr:Body`` (exactly one element per service) and the
enveloped ``ds:Signature`` as last child (DUIS 3.2.2). Catalogue checks (is the SRV known, is the CV
allowed) belong to the service layer; signature checks to :mod:`gbdcc.adapters.duis.signature`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from gbdcc.domain.errors import HeaderInvalid, InvalidIdentifier, MalformedRequest
from gbdcc.domain.ids import Eui64, RequestId

from .namespaces import DS, SR, ds, sr
from .safe_xml import DEFAULT_MAX_BYTES, parse_xml

_EUI = r"[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){7}"
REQUEST_ID_PATTERN = re.compile(rf"^{_EUI}:{_EUI}:(?:0|[1-9][0-9]{{0,19}})$")
"""``sr:RequestIDType`` (and ``sr:ResponseIDType``): two hyphenated EUI-64s and a uint64 counter."""
EUI_PATTERN = re.compile(rf"^{_EUI}$")
_SERVICE_REFERENCE = re.compile(r"^[0-9]{1,2}(?:\.[0-9]{1,2}){1,2}$")
_SCHEMA_VERSION = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_BOOLEAN = {"true": True, "1": True, "false": False, "0": False}
COMMAND_VARIANTS = frozenset(range(1, 9))
"""DUIS ``sr:CommandVariant`` values a User may send (9 is internal to the DCC)."""

_HEADER_ORDER = (
    ("RequestID", True),
    ("FirstInSequence", False),
    ("PrecedingServiceRequestID", False),
    ("CommandVariant", True),
    ("ServiceReference", True),
    ("ServiceReferenceVariant", True),
)


def parse_request_id(text: str, *, what: str = "RequestID") -> RequestId:
    """Parse a DUIS ``RequestIDType`` strictly (hyphenated EUIs, uint64 counter)."""
    value = text.strip()
    if not REQUEST_ID_PATTERN.match(value):
        raise InvalidIdentifier(f"{what} is not <EUI-64>:<EUI-64>:<counter>: {text!r}", rule="DUIS-3.2.3")
    return RequestId.parse(value)


def _elements(parent: etree._Element) -> list[etree._Element]:
    """Element children only (comments and processing instructions skipped)."""
    return [c for c in parent if isinstance(c.tag, str)]


def _local(el: etree._Element) -> str:
    return str(etree.QName(el).localname)


def _sr_path(path: str) -> str:
    """``"A/B"`` → ``"sr:A/sr:B"`` (local names in the sr namespace; ``.``/``..``/``*`` kept)."""
    parts = []
    for part in path.strip("/").split("/"):
        parts.append(part if part in {".", "..", "*"} or ":" in part else f"sr:{part}")
    return "/".join(parts)


@dataclass(frozen=True, eq=False)
class DuisRequest:
    """A parsed, structurally checked DUIS Service Request (signature not yet verified)."""

    raw: bytes
    root: etree._Element
    schema_version: str
    request_id: RequestId
    command_variant: int
    service_reference: str
    service_reference_variant: str
    first_in_sequence: bool | None
    preceding_request_id: RequestId | None
    body: etree._Element
    body_name: str

    @property
    def signature(self) -> etree._Element:
        """The ``ds:Signature`` element (last child of the root)."""
        return _elements(self.root)[-1]

    @property
    def originator(self) -> Eui64:
        """The User ID that sent the request (first EUI of the RequestID)."""
        return self.request_id.originator

    @property
    def target(self) -> Eui64:
        """The device (or the DCC's ACB EUI for Non-Device requests)."""
        return self.request_id.target

    def find(self, path: str) -> etree._Element | None:
        """First element at ``path`` (``/``-separated local names in ``sr``) below the body element."""
        return self.body.find(_sr_path(path), namespaces={"sr": SR})

    def findall(self, path: str) -> list[etree._Element]:
        return list(self.body.findall(_sr_path(path), namespaces={"sr": SR}))

    def has(self, path: str) -> bool:
        return self.find(path) is not None

    def text(self, path: str, default: str | None = None) -> str | None:
        """Stripped text of the element at ``path`` or ``default`` when absent."""
        el = self.find(path)
        if el is None:
            return default
        return (el.text or "").strip()

    def require_text(self, path: str) -> str:
        """Stripped, non-empty text at ``path``; :class:`MalformedRequest` if missing."""
        value = self.text(path)
        if not value:
            raise MalformedRequest(f"{self.body_name}/{path} is missing or empty")
        return value

    def texts(self, path: str) -> list[str]:
        return [(el.text or "").strip() for el in self.findall(path)]

    def int_value(self, path: str, default: int | None = None) -> int | None:
        value = self.text(path)
        if value is None:
            return default
        try:
            return int(value)
        except ValueError:
            raise MalformedRequest(f"{self.body_name}/{path} is not an integer: {value!r}") from None

    def bool_value(self, path: str, default: bool | None = None) -> bool | None:
        value = self.text(path)
        if value is None:
            return default
        if value not in _BOOLEAN:
            raise MalformedRequest(f"{self.body_name}/{path} is not an xs:boolean: {value!r}")
        return _BOOLEAN[value]

    def eui(self, path: str) -> Eui64 | None:
        """An ``sr:EUI`` value (hyphenated EUI-64) at ``path``, or None when absent."""
        value = self.text(path)
        if value is None:
            return None
        if not EUI_PATTERN.match(value):
            raise InvalidIdentifier(f"{self.body_name}/{path} is not a hyphenated EUI-64: {value!r}")
        return Eui64.parse(value)

    def iter_body(self) -> Iterator[etree._Element]:
        """Every element below the body element, in document order."""
        return (el for el in self.body.iter() if isinstance(el.tag, str))


def _header_text(el: etree._Element) -> str:
    if _elements(el):
        raise HeaderInvalid(f"header element {_local(el)} must hold text, not child elements")
    return (el.text or "").strip()


def _check_header(header: etree._Element) -> dict[str, str]:
    """Header children in the XSD order, each at most once; returns local name → text."""
    found: dict[str, str] = {}
    children = _elements(header)
    i = 0
    for name, required in _HEADER_ORDER:
        if i < len(children) and children[i].tag == sr(name):
            found[name] = _header_text(children[i])
            i += 1
        elif required:
            got = _local(children[i]) if i < len(children) else "end of header"
            raise HeaderInvalid(f"header element sr:{name} expected, found {got}")
    if i < len(children):
        extra = children[i]
        raise HeaderInvalid(f"unexpected header element {extra.tag} (order: "
                            + ", ".join(n for n, _ in _HEADER_ORDER) + ")")
    return found


def request_from_root(root: etree._Element, raw: bytes = b"") -> DuisRequest:
    """Structural checks on an already safely parsed document (see :func:`parse_request`)."""
    if root.tag != sr("Request"):
        raise MalformedRequest(f"root element is {root.tag}, expected {{{SR}}}Request")
    schema_version = (root.get("schemaVersion") or "").strip()
    if not _SCHEMA_VERSION.match(schema_version):
        raise MalformedRequest(f"sr:Request schemaVersion missing or not a decimal: {schema_version!r}")
    children = _elements(root)
    names = [c.tag for c in children]
    if not names or names[-1] != ds("Signature"):
        raise MalformedRequest("ds:Signature must be present as the last child of sr:Request",
                               rule="DUIS-3.2.2")
    if names != [sr("Header"), sr("Body"), ds("Signature")]:
        raise MalformedRequest("sr:Request must hold exactly sr:Header, sr:Body, ds:Signature in that order; "
                               f"found {[etree.QName(n).localname for n in names]}")
    header = _check_header(children[0])

    request_id = parse_request_id(header["RequestID"])
    preceding = header.get("PrecedingServiceRequestID")
    preceding_id = (parse_request_id(preceding, what="PrecedingServiceRequestID")
                    if preceding is not None else None)
    first: bool | None = None
    if "FirstInSequence" in header:
        if header["FirstInSequence"] not in _BOOLEAN:
            raise HeaderInvalid(f"FirstInSequence is not an xs:boolean: {header['FirstInSequence']!r}")
        first = _BOOLEAN[header["FirstInSequence"]]
    cv_text = header["CommandVariant"]
    if not cv_text.isdigit() or int(cv_text) not in COMMAND_VARIANTS:
        raise HeaderInvalid(f"CommandVariant must be 1-8, got {cv_text!r}")
    sref = header["ServiceReference"]
    srv = header["ServiceReferenceVariant"]
    if not _SERVICE_REFERENCE.match(sref):
        raise HeaderInvalid(f"ServiceReference is not of the form n.n: {sref!r}")
    if not _SERVICE_REFERENCE.match(srv) or not (srv == sref or srv.startswith(sref + ".")):
        raise HeaderInvalid(f"ServiceReferenceVariant {srv!r} does not belong to ServiceReference {sref!r}")

    body_children = _elements(children[1])
    if len(body_children) != 1:
        raise MalformedRequest(f"sr:Body must hold exactly one element, found {len(body_children)}")
    body = body_children[0]
    if etree.QName(body).namespace != SR:
        raise MalformedRequest(f"body element {body.tag} is not in the DUIS namespace")
    if len(root.findall(f".//{{{DS}}}Signature")) != 1:
        raise MalformedRequest("more than one ds:Signature in the request", rule="DUIS-3.2.2")
    return DuisRequest(
        raw=bytes(raw),
        root=root,
        schema_version=schema_version,
        request_id=request_id,
        command_variant=int(cv_text),
        service_reference=sref,
        service_reference_variant=srv,
        first_in_sequence=first,
        preceding_request_id=preceding_id,
        body=body,
        body_name=_local(body),
    )


def parse_request(raw: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> DuisRequest:
    """Parse untrusted bytes into a :class:`DuisRequest` (safe parse + structural checks).

    Raises ``RequestTooLarge`` / ``HostileXml`` / ``MalformedRequest`` / ``HeaderInvalid`` /
    ``InvalidIdentifier`` from :mod:`gbdcc.domain.errors`. The signature is *not* verified here.
    """
    root = parse_xml(raw, max_bytes=max_bytes)
    return request_from_root(root, raw)
