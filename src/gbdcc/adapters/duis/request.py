"""DUIS Service Request codec: bounded safe parse, DUIS 5.4 XSD validation, then the structural checks.

Source: DUIS 5.4 XSD ``sr:Request`` (DOMAIN.md §2): root ``sr:Request`` with ``schemaVersion``, then
``sr:Header`` {``RequestID``, ``FirstInSequence``?, ``PrecedingServiceRequestID``?, ``CommandVariant``,
``ServiceReference``, ``ServiceReferenceVariant``}, ``sr:Body`` (exactly one element per service) and the
enveloped ``ds:Signature`` as last child (DUIS 3.2.2). Catalogue checks (is the SRV known, is the CV
allowed) belong to the service layer; signature checks to :mod:`gbdcc.adapters.duis.signature`.

Every value is read with a strict ASCII grammar of bounded length (:mod:`gbdcc.domain.ids`), from text that
:mod:`.safe_xml` guarantees to be the element's whole content (no comment, PI or entity inside it), so the
value acted on is the value that was signed and that the schema checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from lxml import etree

from gbdcc.domain.errors import HeaderInvalid, InvalidIdentifier, MalformedRequest
from gbdcc.domain.ids import XML_SPACE, Eui64, RequestId, parse_integer

from .namespaces import DS, SR, ds, sr
from .safe_xml import DEFAULT_LIMITS, XmlLimits, parse_xml
from .schema import DuisSchema, duis_schema

_EUI = r"[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){7}"
REQUEST_ID_PATTERN = re.compile(rf"^{_EUI}:{_EUI}:(?:0|[1-9][0-9]{{0,19}})$")
"""``sr:RequestIDType`` (and ``sr:ResponseIDType``): two hyphenated EUI-64s and a uint64 counter."""
EUI_PATTERN = re.compile(rf"^{_EUI}$")
_SERVICE_REFERENCE = re.compile(r"[0-9]{1,2}(?:\.[0-9]{1,2}){1,2}", re.ASCII)
_DECIMAL = re.compile(r"\+?[0-9]{1,3}(?:\.[0-9]{0,6})?", re.ASCII)
SCHEMA_VERSIONS = frozenset({Decimal("5.1"), Decimal("5.2"), Decimal("5.3"), Decimal("5.4")})
"""``schemaVersion`` values accepted on ``sr:Request``: the DUIS 5.x releases the 5.4 schema reads (DCC
Boxed clients declare 5.2)."""
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
    """Parse a DUIS ``RequestIDType`` strictly (hyphenated EUIs, uint64 counter without leading zeros)."""
    try:
        return RequestId.parse(text)
    except InvalidIdentifier as err:
        raise InvalidIdentifier(f"{what} is not <EUI-64>:<EUI-64>:<counter>: {err.reason}",
                                rule="DUIS-3.2.3") from None


def _elements(parent: etree._Element) -> list[etree._Element]:
    """Element children only (comments and processing instructions skipped)."""
    return [c for c in parent if isinstance(c.tag, str)]


def _local(el: etree._Element) -> str:
    return str(etree.QName(el).localname)


def _value(el: etree._Element) -> str:
    """The text of an element without children, XML white space stripped. :mod:`.safe_xml` refuses comments,
    PIs and entities inside text, so ``.text`` is the element's whole content here."""
    return (el.text or "").strip(XML_SPACE)


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
        return _value(el)

    def require_text(self, path: str) -> str:
        """Stripped, non-empty text at ``path``; :class:`MalformedRequest` if missing."""
        value = self.text(path)
        if not value:
            raise MalformedRequest(f"{self.body_name}/{path} is missing or empty")
        return value

    def texts(self, path: str) -> list[str]:
        return [_value(el) for el in self.findall(path)]

    def int_value(self, path: str, default: int | None = None) -> int | None:
        value = self.text(path)
        if value is None:
            return default
        try:
            return parse_integer(value, what=f"{self.body_name}/{path}")
        except InvalidIdentifier as err:
            raise MalformedRequest(f"{self.body_name}/{path} is not an integer: {err.reason}") from None

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
        if not EUI_PATTERN.fullmatch(value):
            raise InvalidIdentifier(f"{self.body_name}/{path} is not a hyphenated EUI-64: {value!r}")
        return Eui64.parse(value)

    def iter_body(self) -> Iterator[etree._Element]:
        """Every element below the body element, in document order."""
        return (el for el in self.body.iter() if isinstance(el.tag, str))


def _header_text(el: etree._Element) -> str:
    if len(el):
        raise HeaderInvalid(f"header element {_local(el)} must hold text, not child elements")
    return _value(el)


def _schema_version(root: etree._Element) -> str:
    """``schemaVersion`` (``xs:decimal``), one of :data:`SCHEMA_VERSIONS`."""
    text = (root.get("schemaVersion") or "").strip(XML_SPACE)
    if not _DECIMAL.fullmatch(text):
        raise MalformedRequest(f"sr:Request schemaVersion missing or not a decimal: {text[:20]!r}")
    if Decimal(text) not in SCHEMA_VERSIONS:
        raise MalformedRequest(f"sr:Request schemaVersion {text!r} is not a DUIS 5.x version gbdcc reads "
                               "(5.1 to 5.4)")
    return text


def _command_variant(text: str) -> int:
    try:
        value = parse_integer(text, what="CommandVariant", max_digits=3)
    except InvalidIdentifier as err:
        raise HeaderInvalid(f"CommandVariant must be 1-8: {err.reason}") from None
    if value not in COMMAND_VARIANTS:
        raise HeaderInvalid(f"CommandVariant must be 1-8, got {text!r}")
    return value


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
    schema_version = _schema_version(root)
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
    command_variant = _command_variant(header["CommandVariant"])
    sref = header["ServiceReference"]
    srv = header["ServiceReferenceVariant"]
    if not _SERVICE_REFERENCE.fullmatch(sref):
        raise HeaderInvalid(f"ServiceReference is not of the form n.n: {sref!r}")
    if not _SERVICE_REFERENCE.fullmatch(srv) or not (srv == sref or srv.startswith(sref + ".")):
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
        command_variant=command_variant,
        service_reference=sref,
        service_reference_variant=srv,
        first_in_sequence=first,
        preceding_request_id=preceding_id,
        body=body,
        body_name=_local(body),
    )


def parse_request(
    raw: bytes,
    *,
    max_bytes: int | None = None,
    limits: XmlLimits = DEFAULT_LIMITS,
    schema: DuisSchema | None = None,
) -> DuisRequest:
    """Parse untrusted bytes into a :class:`DuisRequest`: bounded safe parse (:mod:`.safe_xml`), validation
    against the DUIS 5.4 XSD (``schema``, default the bundled one), structural checks. No canonicalisation.

    Raises only :class:`~gbdcc.domain.errors.GbdccError` subclasses: ``RequestTooLarge`` / ``HostileXml`` /
    ``MalformedRequest`` / ``SchemaInvalid`` / ``HeaderInvalid`` / ``InvalidIdentifier``. The signature is
    *not* verified here.
    """
    root = parse_xml(raw, max_bytes=max_bytes, limits=limits)
    (schema or duis_schema()).validate(root)
    return request_from_root(root, raw)
