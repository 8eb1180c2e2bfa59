"""Hostile and malformed XML is refused before or while parsing (DUIS 3.2.1)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from gbdcc.adapters.duis.safe_xml import DEFAULT_MAX_BYTES, parse_xml, read_bounded
from gbdcc.domain.errors import HostileXml, MalformedRequest, RequestTooLarge

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz>&lol9;</lolz>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE r SYSTEM "http://example.invalid/evil.dtd"><r/>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><r/>"""


@pytest.mark.oracle
def test_xxe_sample_is_refused(oracles: Path) -> None:
    with pytest.raises(HostileXml, match="DOCTYPE"):
        parse_xml((oracles / "duis-responses" / "duis-xxe.xml").read_bytes())


@pytest.mark.parametrize("doc", [BILLION_LAUGHS, EXTERNAL_DTD, PARAMETER_ENTITY, BILLION_LAUGHS.lower()])
def test_any_doctype_is_refused(doc: bytes) -> None:
    with pytest.raises(HostileXml, match="DOCTYPE"):
        parse_xml(doc)


def test_doctype_in_utf16_cannot_sneak_past_the_byte_scan() -> None:
    doc = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>'.encode("utf-16")
    with pytest.raises(HostileXml, match="UTF-8"):
        parse_xml(doc)


def test_declared_non_utf8_encoding_is_refused() -> None:
    with pytest.raises(HostileXml, match="ISO-8859-1"):
        parse_xml(b'<?xml version="1.0" encoding="ISO-8859-1"?><r/>')


@pytest.mark.parametrize(
    "doc",
    [b'<?xml version="1.0"?><?xml-stylesheet href="x.xsl"?><r/>', b"<r><?php echo 1; ?></r>", b"<r/><?after?>"],
)
def test_processing_instructions_are_refused(doc: bytes) -> None:
    with pytest.raises(HostileXml, match="processing instruction"):
        parse_xml(doc)


def test_xml_declaration_and_bom_are_fine() -> None:
    root = parse_xml(b'\xef\xbb\xbf<?xml version="1.0" encoding="utf-8" standalone="no"?><r>\xc3\xa9</r>')
    assert root.tag == "r"
    assert root.text == "é"


def test_size_limit_is_checked_on_raw_bytes_before_parsing() -> None:
    body = b"<r>" + b"A" * (50 * 1024 * 1024) + b"</r>"
    with pytest.raises(RequestTooLarge, match="over the 1048576-byte limit"):
        parse_xml(body)


def test_size_limit_is_configurable() -> None:
    with pytest.raises(RequestTooLarge):
        parse_xml(b"<r>12345</r>", max_bytes=5)
    assert parse_xml(b"<r>12345</r>", max_bytes=12).text == "12345"


class _CountingStream(io.RawIOBase):
    """An endless stream that counts what is read from it."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        assert n >= 0, "an unbounded read would swallow the whole body"
        self.read_bytes += n
        return b"A" * n


def test_read_bounded_never_reads_a_50mb_body_in_full() -> None:
    stream = _CountingStream()
    with pytest.raises(RequestTooLarge):
        read_bounded(stream)  # type: ignore[arg-type]
    assert stream.read_bytes == DEFAULT_MAX_BYTES + 1
    assert read_bounded(io.BytesIO(b"<r/>")) == b"<r/>"


@pytest.mark.parametrize("doc", [b"", b"<r>", b"<r></s>", b"not xml", b"<r/><r/>", b"<a:r/>"])
def test_malformed_xml_is_refused_with_a_reason(doc: bytes) -> None:
    with pytest.raises(MalformedRequest) as exc:
        parse_xml(doc)
    assert not isinstance(exc.value, HostileXml)
    assert exc.value.reason


def test_non_bytes_input_is_refused() -> None:
    with pytest.raises(MalformedRequest, match="bytes"):
        parse_xml("<r/>")  # type: ignore[arg-type]
