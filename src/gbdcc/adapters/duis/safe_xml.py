"""Parse untrusted DUIS XML safely and at bounded cost (DUIS 3.2.1: a request is a well-formed UTF-8 XML
document).

Defences, in order:

1. size: the raw bytes are measured *before* anything else; a stream is read at most ``max_bytes + 1``
   bytes (:func:`read_bounded`), so a 50 MB body is never read or parsed in full;
2. encoding: only UTF-8 (or its ASCII subset) is accepted, so the byte-level DOCTYPE scan below cannot be
   dodged with UTF-16/UTF-32;
3. any ``<!DOCTYPE`` is refused outright, even inside a comment or CDATA (no DTD, so no entity
   declarations, billion laughs or XXE);
4. lxml runs with ``resolve_entities=False``, ``load_dtd=False``, ``no_network=True``, ``huge_tree=False``
   (libxml2's depth/size limits stay on);
5. while parsing, in one pass (:class:`XmlLimits`): element and comment count, depth, attributes per
   element, namespace declarations per document and in scope, and the length of every text node and
   attribute value are bounded, and parsing stops at the first excess. Canonical XML (which the signature check
   runs) is roughly quadratic in attributes per element and in namespaces in scope, so these bounds are
   what keeps the cost of refusing any request small;
6. no processing instruction anywhere and no entity reference node (the XML declaration is not a
   processing instruction and stays allowed);
7. comments only between elements: a comment inside an element that holds text is refused, because
   ``.text`` stops at it while Canonical XML (what the signature covers) drops it and joins the text on
   both sides — ``<RequestID>…:12<!---->34</RequestID>`` would be signed as ``…:1234`` and read as
   ``…:12``. With that rule (and 6), the ``.text`` of an element without children is its whole content.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from typing import BinaryIO

from lxml import etree

from gbdcc.domain.errors import HostileXml, MalformedRequest, RequestTooLarge
from gbdcc.domain.ids import XML_SPACE

DEFAULT_MAX_BYTES = 1024 * 1024
"""Default size limit of one DUIS message (1 MiB); configurable per call."""


@dataclass(frozen=True, slots=True)
class XmlLimits:
    """Bounds on one document, checked while it is parsed. The defaults are generous for real DUIS (the 297
    RTDS templates have at most 435 elements, depth 10, 1 attribute per element, 4 namespace declarations
    and 2 comments; the largest request the DUIS 5.4 schema allows has about 7,300 elements) and keep the
    canonicalisation of any document that passes them within tens of milliseconds."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_elements: int = 10_000
    max_depth: int = 32
    max_attributes: int = 8
    """per element (namespace declarations are not attributes); the schema allows at most a few"""
    max_namespace_declarations: int = 64
    """in the whole document"""
    max_namespaces_in_scope: int = 16
    """declarations in effect at any element: its own and its ancestors' (redeclarations counted)"""
    max_text_chars: int = DEFAULT_MAX_BYTES
    """one text node or attribute value"""
    max_comments: int = 256
    """in the whole document (comments are allowed between elements only)"""


DEFAULT_LIMITS = XmlLimits()

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_XML_DECL = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*?\?>")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_UTF8_NAMES = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")
_EVENTS = ("start", "end", "start-ns", "comment", "pi")


def read_bounded(stream: BinaryIO, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Read a body from ``stream`` but never more than ``max_bytes + 1`` bytes.

    Raises :class:`RequestTooLarge` as soon as the limit is passed (the rest is left unread).
    """
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise RequestTooLarge(f"message larger than the {max_bytes}-byte limit")
    return data


def check_raw(raw: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Byte-level checks done before the parser sees anything: type, size, encoding, DOCTYPE."""
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise MalformedRequest(f"expected the raw message bytes, got {type(raw).__name__}")
    if len(raw) > max_bytes:
        raise RequestTooLarge(f"message is {len(raw)} bytes, over the {max_bytes}-byte limit")
    if len(raw) == 0:
        raise MalformedRequest("empty message")
    head = bytes(raw[:512])
    if head.startswith(_WIDE_BOMS) or b"\x00" in head[:4]:
        raise HostileXml("only UTF-8 encoded XML is accepted (UTF-16/UTF-32 found)")
    decl = _XML_DECL.match(head)
    if decl:
        enc = _ENCODING.search(decl.group(0))
        if enc and enc.group(1).decode("ascii").lower() not in _UTF8_NAMES:
            raise HostileXml(f"only UTF-8 encoded XML is accepted, declared {enc.group(1).decode('ascii')!r}")
    if _DOCTYPE.search(raw):
        raise HostileXml("DOCTYPE declarations are not allowed (no DTD, no entities)")


def _name(el: etree._Element) -> str:
    """Local name for a message; plain string work, as the tag may still carry an undeclared prefix here (the
    parser reports that error only when the document ends)."""
    return el.tag.rpartition("}")[2] if isinstance(el.tag, str) else "#node"


def _check_lengths(el: etree._Element, limits: XmlLimits) -> None:
    """At the end of ``el``: its text, its children's tails and its attribute values within the limit."""
    limit = limits.max_text_chars
    texts = [el.text, *el.attrib.values(), *(child.tail for child in el)]
    if any(t is not None and len(t) > limit for t in texts):
        raise HostileXml(f"a text node or attribute value in {_name(el)} is over the {limit}-character limit")


def _check_comments(el: etree._Element) -> None:
    """Comments are allowed between elements only: ``el`` must hold elements and only white space text."""
    has_elements = False
    blank = not (el.text or "").strip(XML_SPACE)
    for child in el:
        blank = blank and not (child.tail or "").strip(XML_SPACE)
        has_elements = has_elements or isinstance(child.tag, str)
    if not (has_elements and blank):
        raise HostileXml(f"comment inside the text of element {_name(el)}: the signature would cover other text "
                         "than the element holds (comments are allowed between elements only)")


def _parse_bounded(raw: bytes, limits: XmlLimits) -> etree._Element:
    """Parse with libxml2 (via ``iterparse``) and stop at the first limit passed."""
    events = etree.iterparse(
        io.BytesIO(raw), events=_EVENTS, resolve_entities=False, load_dtd=False, dtd_validation=False,
        attribute_defaults=False, no_network=True, huge_tree=False, remove_pis=False, collect_ids=False,
    )
    check_lengths = len(raw) > limits.max_text_chars  # no text can be longer than the whole message
    elements = comments = depth = declarations = in_scope = pending = 0
    scopes: list[int] = []
    commented: set[etree._Element] = set()
    for event, node in events:
        if event == "start":
            elements += 1
            depth += 1
            in_scope += pending
            scopes.append(pending)
            pending = 0
            if elements > limits.max_elements:
                raise HostileXml(f"more than {limits.max_elements} elements")
            if depth > limits.max_depth:
                raise HostileXml(f"elements nested deeper than {limits.max_depth}")
            if in_scope > limits.max_namespaces_in_scope:
                raise HostileXml(f"more than {limits.max_namespaces_in_scope} namespace declarations in scope "
                                 f"at element {_name(node)}")
            if len(node.attrib) > limits.max_attributes:
                raise HostileXml(f"element {_name(node)} has {len(node.attrib)} attributes, over the limit of "
                                 f"{limits.max_attributes}")
        elif event == "end":
            depth -= 1
            in_scope -= scopes.pop()
            if check_lengths:
                _check_lengths(node, limits)
            if node in commented:
                _check_comments(node)
        elif event == "start-ns":
            pending += 1
            declarations += 1
            if declarations > limits.max_namespace_declarations:
                raise HostileXml(f"more than {limits.max_namespace_declarations} namespace declarations")
        elif event == "comment":
            comments += 1
            if comments > limits.max_comments:
                raise HostileXml(f"more than {limits.max_comments} comments")
            parent = node.getparent()
            if parent is not None:
                commented.add(parent)
        else:  # "pi"
            raise HostileXml(f"processing instruction <?{node.target}?> is not allowed")
    root: etree._Element | None = events.root
    if root is None:  # pragma: no cover - lxml raises for an empty document
        raise MalformedRequest("no root element")
    return root


def parse_xml(raw: bytes, *, max_bytes: int | None = None, limits: XmlLimits = DEFAULT_LIMITS) -> etree._Element:
    """Parse ``raw`` into its root element, refusing anything hostile, malformed or over ``limits``
    (``max_bytes``, when given, replaces ``limits.max_bytes``).

    Raises only :class:`RequestTooLarge`, :class:`HostileXml` or :class:`MalformedRequest` (all
    ``gbdcc.domain.errors``) with the reason.
    """
    if max_bytes is not None:
        limits = replace(limits, max_bytes=max_bytes)
    check_raw(raw, limits.max_bytes)
    try:
        root = _parse_bounded(bytes(raw), limits)
    except etree.XMLSyntaxError as exc:
        raise MalformedRequest(f"not well-formed XML: {exc}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise HostileXml("DOCTYPE declarations are not allowed (no DTD, no entities)")
    for sibling in (*root.itersiblings(preceding=True), *root.itersiblings()):
        if isinstance(sibling, etree._ProcessingInstruction):
            raise HostileXml(f"processing instruction <?{sibling.target}?> is not allowed")
    for node in root.iter(etree.Entity, etree.PI):  # none can be left: belt and braces, in C
        raise HostileXml(f"entity reference or processing instruction {node!r} is not allowed")
    return root
