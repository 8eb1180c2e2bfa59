from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gbdcc.domain.errors import InvalidIdentifier
from gbdcc.domain.ids import (
    UINT64_MAX,
    Eui64,
    Mpan,
    Mprn,
    RequestId,
    mpan_check_digit,
    mprn_check_digits,
    parse_mpxn,
)


@given(st.integers(min_value=0, max_value=UINT64_MAX))
def test_eui64_round_trips_through_every_form(value: int) -> None:
    eui = Eui64(value)
    assert Eui64.parse(str(eui)) == eui
    assert Eui64.parse(eui.hex) == eui
    assert Eui64.from_bytes(eui.to_bytes()) == eui


def test_eui64_duis_form() -> None:
    assert str(Eui64.parse("00db1234567890a0")) == "00-DB-12-34-56-78-90-A0"
    assert Eui64.parse("90:b3:d5:1f:30:01:00:00") == Eui64.parse("90-B3-D5-1F-30-01-00-00")


@pytest.mark.parametrize("bad", ["", "00-DB-12", "00-DB-12-34-56-78-90-A0-FF", "ZZ-DB-12-34-56-78-90-A0"])
def test_eui64_rejects_malformed(bad: str) -> None:
    with pytest.raises(InvalidIdentifier):
        Eui64.parse(bad)


def test_request_id_parses_duis_form() -> None:
    rid = RequestId.parse("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1000")
    assert rid.originator == Eui64.parse("90B3D51F30010000")
    assert rid.target == Eui64.parse("00DB1234567890A0")
    assert rid.counter == 1000
    assert str(rid) == "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1000"


def test_request_id_counter_is_uint64() -> None:
    ok = RequestId.parse(f"90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:{UINT64_MAX}")
    assert ok.counter == UINT64_MAX
    with pytest.raises(InvalidIdentifier):
        RequestId.parse(f"90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:{UINT64_MAX + 1}")
    with pytest.raises(InvalidIdentifier):
        RequestId.parse("90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:-1")
    with pytest.raises(InvalidIdentifier):
        RequestId.parse("90-B3-D5-1F-30-01-00-00:1000")


def test_mpan_check_digit_strict_and_lenient() -> None:
    assert Mpan.parse("1312345678907").value == "1312345678907"
    with pytest.raises(InvalidIdentifier):
        Mpan.parse("1312345678111")  # DCC test MPAN: fails the check digit
    assert Mpan.parse("1312345678111", lenient=True).value == "1312345678111"
    with pytest.raises(InvalidIdentifier):
        Mpan.parse("13123456789", lenient=True)


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_any_mpan_with_its_check_digit_is_valid(first12: str) -> None:
    assert Mpan.parse(first12 + str(mpan_check_digit(first12)))


@given(st.text(alphabet="0123456789", min_size=4, max_size=8))
def test_any_mprn_with_its_check_digits_is_valid(leading: str) -> None:
    assert Mprn.parse(leading + mprn_check_digits(leading))


def test_mprn_lenient_accepts_duis_test_values() -> None:
    with pytest.raises(InvalidIdentifier):
        Mprn.parse("1000999888")
    assert Mprn.parse("1000999888", lenient=True).value == "1000999888"
    assert isinstance(parse_mpxn("1312345678907"), Mpan)
    assert isinstance(parse_mpxn("1000999888", lenient=True), Mprn)
