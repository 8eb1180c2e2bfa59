"""Identifier grammars are strict ASCII and bounded (issue 8, class 1): Unicode digits, separators mixed or
misplaced, overlong text and Python's lenient ``int()`` forms are refused with ``InvalidIdentifier`` — never
another exception — while every DUIS form real clients send is kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gbdcc.domain import ids
from gbdcc.domain.errors import InvalidIdentifier
from gbdcc.domain.ids import UINT64_MAX, Eui64, Mpan, Mprn, RequestId, parse_integer, parse_mpxn

UNICODE_DIGITS = "²⁸٣३８𝟖໓"
EUI = "90-B3-D5-1F-30-01-00-00"
ACB = "90-B3-D5-1F-30-00-00-02"
PARSERS = {
    "Eui64": Eui64.parse,
    "RequestId": RequestId.parse,
    "Mpan": Mpan.parse,
    "Mpan lenient": lambda t: Mpan.parse(t, lenient=True),
    "Mprn": Mprn.parse,
    "Mprn lenient": lambda t: Mprn.parse(t, lenient=True),
    "MPxN lenient": lambda t: parse_mpxn(t, lenient=True),
    "integer": lambda t: parse_integer(t, what="x"),
}


@pytest.mark.parametrize("digit", UNICODE_DIGITS)
def test_unicode_digits_in_identifiers_refused(digit: str) -> None:
    for bad in (digit * 13, "131234567811" + digit):
        for parse in (Mpan.parse, lambda t: Mpan.parse(t, lenient=True), lambda t: parse_mpxn(t, lenient=True)):
            with pytest.raises(InvalidIdentifier):
                parse(bad)
    with pytest.raises(InvalidIdentifier):
        Mprn.parse(digit * 8, lenient=True)
    with pytest.raises(InvalidIdentifier):
        RequestId.parse(f"{EUI}:{ACB}:1{digit}")
    with pytest.raises(InvalidIdentifier):
        ids.mpan_check_digit(digit * 12)
    with pytest.raises(InvalidIdentifier):
        ids.mprn_check_digits(digit * 4)


@pytest.mark.parametrize("bad", ["1_000", "٣", " 1 2", "0x10", "1e3", "", "+", "--1", "1.0", "١٢"])
def test_integers_are_ascii_decimal_only(bad: str) -> None:
    with pytest.raises(InvalidIdentifier):
        parse_integer(bad, what="value")


def test_integers_follow_the_xsd_lexical_form_and_range() -> None:
    assert parse_integer(" +007\n", what="v") == 7
    assert parse_integer("-12", what="v") == -12
    assert parse_integer(str(UINT64_MAX), what="v", maximum=UINT64_MAX) == UINT64_MAX
    with pytest.raises(InvalidIdentifier, match="to 8"):
        parse_integer("9", what="v", minimum=1, maximum=8)
    with pytest.raises(InvalidIdentifier, match="ASCII digits"):
        parse_integer("9" * 21, what="v")
    with pytest.raises(InvalidIdentifier, match="character limit"):
        parse_integer("9" * 5000, what="v")  # past Python's int() conversion limit: refused unread


@pytest.mark.parametrize("bad", ["00-DB-12-34-56:78-90-A0", "00-DB12-34-56-78-90-A0-", "0-0DB1234567890A0",
                                 "00--DB-12-34-56-78-90-A", "00DB1234567890A٣", "\u200b00DB1234567890A0",
                                 "00DB1234567890A0\x1c", "00 DB-12 34 56 78 90 A0"])
def test_eui64_separators_are_one_form_throughout(bad: str) -> None:
    with pytest.raises(InvalidIdentifier):
        Eui64.parse(bad)


def test_duis_forms_are_kept() -> None:
    eui = Eui64.parse("00-DB-12-34-56-78-90-A0")
    assert {Eui64.parse(t) for t in ("00-db-12-34-56-78-90-a0", "00:DB:12:34:56:78:90:A0", "00 DB 12 34 56 78 90 A0",
                                     "00db1234567890a0", "\t00DB1234567890A0\r\n")} == {eui}
    rid = RequestId.parse(f"{EUI.lower()}:{ACB.lower()}:1767225600123")  # DCC Boxed: lower case, ms counter
    assert str(rid) == f"{EUI}:{ACB}:1767225600123"
    assert Mprn.parse("AB12", lenient=True).value == "AB12"


@pytest.mark.parametrize("bad", [f"{EUI}:{ACB}:01", f"{EUI}:{ACB}:+1", f"{EUI}:{ACB}: 1", f"{EUI} :{ACB}:1",
                                 f"{EUI}:{ACB}:1:2", f"90B3D51F30010000:{ACB}:1", f"{EUI}:{ACB}:{UINT64_MAX + 1}"])
def test_request_id_is_the_xsd_form(bad: str) -> None:
    with pytest.raises(InvalidIdentifier):
        RequestId.parse(bad)


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_overlong_identifiers_refused_unread(name: str) -> None:
    with pytest.raises(InvalidIdentifier, match="limit"):
        PARSERS[name]("1" * 100_000)


MIXED = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@given(text=st.one_of(MIXED, st.from_regex(r"[0-9A-Fa-f:\- ]{0,30}", fullmatch=True),
                      st.from_regex(r"\s*[+-]?[0-9]{0,25}\s*", fullmatch=True)))
def test_any_text_is_parsed_or_refused_as_invalid_identifier(text: str) -> None:
    """Property: for any text, every parser returns an ASCII value or raises InvalidIdentifier — nothing else."""
    for parse in PARSERS.values():
        try:
            value = parse(text)
        except InvalidIdentifier:
            continue
        assert str(value).isascii()
