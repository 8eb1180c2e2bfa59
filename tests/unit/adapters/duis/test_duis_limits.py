"""The parse bounds of :class:`XmlLimits`: each one lets a document at the limit through and refuses one past it,
while parsing (before any canonicalisation); all are configuration (``GBDCC_XML_*``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from gbdcc.adapters.duis.codec import XmlDuisCodec
from gbdcc.adapters.duis.safe_xml import DEFAULT_LIMITS, XmlLimits, parse_xml
from gbdcc.config import Settings
from gbdcc.domain.errors import HostileXml, RequestTooLarge

if TYPE_CHECKING:
    from conftest import Signer


def _children(n: int) -> bytes:
    return b"<r>" + b"<c/>" * (n - 1) + b"</r>"


def _nested(depth: int) -> bytes:
    return b"<n>" * depth + b"</n>" * depth


def _attributes(n: int) -> bytes:
    return b"<r " + b" ".join(b'a%d="v"' % i for i in range(n)) + b"/>"


def _declarations(n: int) -> bytes:
    """``n`` declarations, one per child element (never more than one in scope below the root)."""
    return b"<r>" + b"".join(b'<c xmlns:p%d="urn:%d"/>' % (i, i) for i in range(n)) + b"</r>"


def _in_scope(n: int) -> bytes:
    """``n`` declarations in scope at the innermost element, one per level."""
    return b"".join(b'<e xmlns:p%d="urn:%d">' % (i, i) for i in range(n)) + b"</e>" * n


def _text(n: int) -> bytes:
    return b"<r>" + b"x" * n + b"</r>"


def _attribute_value(n: int) -> bytes:
    return b'<r a="' + b"x" * n + b'"/>'


def _tail(n: int) -> bytes:
    return b"<r><c/>" + b"y" * n + b"</r>"


def _comments(n: int) -> bytes:
    return b"<r>" + b"<c/><!--c-->" * n + b"</r>"


CASES: list[tuple[str, int, Callable[[int], bytes], str]] = [
    ("max_elements", 50, _children, "elements"),
    ("max_depth", 10, _nested, "deeper"),
    ("max_attributes", 5, _attributes, "attributes"),
    ("max_namespace_declarations", 7, _declarations, "namespace declarations"),
    ("max_namespaces_in_scope", 4, _in_scope, "in scope"),
    ("max_text_chars", 30, _text, "character limit"),
    ("max_text_chars", 30, _attribute_value, "character limit"),
    ("max_text_chars", 30, _tail, "character limit"),
    ("max_comments", 3, _comments, "comments"),
]


@pytest.mark.parametrize(("field", "limit", "make", "reason"), CASES)
def test_each_limit_is_inclusive_and_refuses_one_past_it(field: str, limit: int, make: Callable[[int], bytes],
                                                        reason: str) -> None:
    limits = XmlLimits(**{field: limit})  # type: ignore[arg-type]
    assert parse_xml(make(limit), limits=limits) is not None
    with pytest.raises(HostileXml, match=reason):
        parse_xml(make(limit + 1), limits=limits)


@pytest.mark.oracle
def test_defaults_are_generous_for_real_duis(templates: Path) -> None:
    """Every RTDS template parses with the defaults, and even with limits far tighter than the defaults."""
    tight = XmlLimits(max_elements=1000, max_depth=12, max_attributes=2, max_namespace_declarations=6,
                      max_namespaces_in_scope=5, max_text_chars=4096, max_comments=3)
    for template in sorted(templates.glob("*.XML")):
        parse_xml(template.read_bytes())
        parse_xml(template.read_bytes(), limits=tight)


def test_a_refused_document_is_not_parsed_to_the_end() -> None:
    """The limit stops the parse: a document past the element limit is refused even when it is not well formed
    further on (the parser never got there)."""
    with pytest.raises(HostileXml, match="elements"):
        parse_xml(b"<r>" + b"<c/>" * 20 + b"</r><not-well-formed", limits=XmlLimits(max_elements=10))


def test_settings_carry_every_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().xml_limits() == DEFAULT_LIMITS
    values = {"max_bytes": ("MAX_REQUEST_BYTES", 1000), "max_elements": ("XML_MAX_ELEMENTS", 11),
              "max_depth": ("XML_MAX_DEPTH", 12), "max_attributes": ("XML_MAX_ATTRIBUTES", 13),
              "max_namespace_declarations": ("XML_MAX_NAMESPACE_DECLARATIONS", 14),
              "max_namespaces_in_scope": ("XML_MAX_NAMESPACES_IN_SCOPE", 15),
              "max_text_chars": ("XML_MAX_TEXT_CHARS", 16), "max_comments": ("XML_MAX_COMMENTS", 17)}
    for env, value in values.values():
        monkeypatch.setenv(f"GBDCC_{env}", str(value))
    assert Settings().xml_limits() == XmlLimits(**{field: value for field, (_, value) in values.items()})


@pytest.mark.oracle
def test_the_codec_applies_its_limits(templates: Path, local_signer: Signer) -> None:
    raw = (templates / "8.2_READ_INVENTORY_REQUEST_DUIS.XML").read_bytes()
    key, cert = local_signer.key, local_signer.cert
    assert XmlDuisCodec(key, cert).parse(raw).body_name == "ReadInventory"
    with pytest.raises(HostileXml, match="deeper"):
        XmlDuisCodec(key, cert, limits=XmlLimits(max_depth=3)).parse(raw)
    with pytest.raises(RequestTooLarge):
        XmlDuisCodec(key, cert, max_bytes=100).parse(raw)
