"""Parse untrusted DUIS XML safely (DUIS 3.2.1: a request is a well-formed UTF-8 XML document).

Defences, in order:

1. size: the raw bytes are measured *before* anything else; a stream is read at most ``max_bytes + 1``
   bytes (:func:`read_bounded`), so a 50 MB body is never read or parsed in full;
2. encoding: only UTF-8 (or its ASCII subset) is accepted, so the byte-level DOCTYPE scan below cannot be
   dodged with UTF-16/UTF-32;
3. any ``<!DOCTYPE`` is refused outright, even inside a comment or CDATA (no DTD, so no entity
   declarations, billion laughs or XXE);
4. lxml runs with ``resolve_entities=False``, ``load_dtd=False``, ``no_network=True``, ``huge_tree=False``
   (libxml2's depth/size limits stay on);
5. after parsing: no DTD recorded, no entity reference nodes, and no processing instruction anywhere
   (the XML declaration is not a processing instruction and stays allowed).
"""

from __future__ import annotations

import re
from typing import BinaryIO

from lxml import etree

from gbdcc.domain.errors import HostileXml, MalformedRequest, RequestTooLarge

DEFAULT_MAX_BYTES = 1024 * 1024
"""Default size limit of one DUIS message (1 MiB); configurable per call."""

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_XML_DECL = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*?\?>")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_UTF8_NAMES = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00")


def _parser() -> etree.XMLParser:
    # A new parser per call: lxml parsers are not thread-safe.
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        no_network=True,
        huge_tree=False,
        remove_pis=False,
        remove_blank_text=False,
        collect_ids=False,
    )


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


def parse_xml(raw: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> etree._Element:
    """Parse ``raw`` into its root element, refusing anything hostile or malformed.

    Raises :class:`RequestTooLarge`, :class:`HostileXml` or :class:`MalformedRequest` (all
    ``gbdcc.domain.errors``) with the reason.
    """
    check_raw(raw, max_bytes)
    try:
        root = etree.fromstring(bytes(raw), parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise MalformedRequest(f"not well-formed XML: {exc}") from None
    if root is None:  # pragma: no cover - lxml raises for an empty document
        raise MalformedRequest("no root element")
    tree = root.getroottree()
    docinfo = tree.docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise HostileXml("DOCTYPE declarations are not allowed (no DTD, no entities)")
    for sibling in (*root.itersiblings(preceding=True), *root.itersiblings()):
        if isinstance(sibling, etree._ProcessingInstruction):
            raise HostileXml(f"processing instruction <?{sibling.target}?> is not allowed")
    for node in root.iter(etree.PI, etree.Entity):
        if isinstance(node, etree._ProcessingInstruction):
            raise HostileXml(f"processing instruction <?{node.target}?> is not allowed")
        raise HostileXml(f"entity reference &{node.name}; is not allowed")
    return root
