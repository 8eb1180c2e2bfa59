"""Line-by-line validation of Registration Data files (``domain.rdp.validate``; format ``docs/rdp-files.md``):
every bad line is named, the file is whole or refused, and the RDP-dependent checks (R-USER-2, sequence
numbers, one fuel per RDP, one RDP per metering point)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.support.rdp import OPERATOR, SUPPLIER, file_text, mpan, raw_lines, reg

from gbdcc.domain.ids import Eui64
from gbdcc.domain.rdp.cadence import default_cadences
from gbdcc.domain.rdp.model import Energisation, FileKind, Fuel, RawLine, Rdp
from gbdcc.domain.rdp.validate import check_for_rdp, check_lines, parse_instant

RDP = Rdp("ENWL", "Electricity North West", Fuel.ELECTRICITY, default_cadences(date(2026, 1, 1)), next_sequence=1)


def check(text: str, *, lenient: bool = False, max_errors: int = 1000):  # type: ignore[no-untyped-def]
    return check_lines(raw_lines(text), lenient=lenient, max_errors=max_errors)


def bad_lines(text: str, **kw: bool) -> dict[int, str]:
    return {e.line: f"{e.code} [{e.rule}] {e.reason}" for e in check(text, **kw).errors}


def test_the_minimal_form_of_the_issue_is_accepted() -> None:
    text = ("HDR,ENWL,UPDATE,7,2026-06-01T10:00:00Z\n"
            f"REG,{mpan(1)},E,{SUPPLIER},{OPERATOR},2026-06-02T00:00:00Z,Y\n"
            f"REG,{mpan(2)},E,{SUPPLIER},{OPERATOR},2026-06-02,N\n"
            "TRL,2\n")
    result = check(text)
    assert result.errors == () and result.error_count == 0
    file = result.file
    assert file is not None
    assert (file.header.rdp_id, file.header.kind, file.header.sequence) == ("ENWL", FileKind.UPDATE, 7)
    assert file.header.created == datetime(2026, 6, 1, 10, tzinfo=UTC)
    first, second = file.records
    assert (first.line, first.mpxn, first.fuel, first.supplier, first.domestic) == (
        2, mpan(1), Fuel.ELECTRICITY, Eui64.parse(SUPPLIER), True)
    assert second.effective_from == datetime(2026, 6, 2, tzinfo=UTC) and not second.domestic
    assert file.checksum is None


def test_the_richer_form_effective_to_energisation_and_checksum() -> None:
    text = file_text([reg(mpan(1), end="2026-09-01T00:00:00+01:00", energisation="D"),
                      reg("1234567", fuel="G", operator="90-B3-D5-1F-30-02-00-01")], checksum=True)
    result = check(text, lenient=True)
    assert result.error_count == 0, result.errors
    electricity, gas = result.records
    assert electricity.effective_to == datetime(2026, 8, 31, 23, tzinfo=UTC)  # offsets are converted to UTC
    assert electricity.energisation is Energisation.DE_ENERGISED
    assert gas.fuel is Fuel.GAS and gas.effective_to is None
    assert result.checksum is not None and len(result.checksum) == 64


def test_a_checksum_that_does_not_match_is_named_on_the_trailer() -> None:
    text = file_text([reg(mpan(1)), reg(mpan(2))], checksum=True).replace(mpan(2), mpan(3))
    assert list(bad_lines(text)) == [4]
    assert "checksum" in bad_lines(text)[4] and "GBDCC-652" in bad_lines(text)[4]


@pytest.mark.parametrize(("text", "line", "words"), [
    ("", 0, "empty"),
    (f"{reg(mpan(1))}\nTRL,1\n", 1, "first line must be the HDR"),
    ("HDR,ENWL,FULL,1,2026-06-01\n" + reg(mpan(1)) + "\n", 3, "no TRL trailer"),
    ("HDR,ENWL,FULL,1,2026-06-01\n" + reg(mpan(1)) + "\nTRL,2\n", 3, "counts 2 REG lines; the file has 1"),
    ("HDR,ENWL,FULL,1,2026-06-01\nTRL,0\n" + reg(mpan(1)) + "\n", 3, "after the trailer"),
    ("HDR,ENWL,FULL,1,2026-06-01\nHDR,ENWL,FULL,1,2026-06-01\nTRL,0\n", 2, "second HDR"),
    ("HDR,ENWL,FULL,1,2026-06-01\nXYZ,1\nTRL,0\n", 2, "unknown record type"),
    ("HDR,ENWL,FULL,1\nTRL,0\n", 1, "HDR has 5 fields"),
    ("HDR,ENWL,MONTHLY,1,2026-06-01\nTRL,0\n", 1, "FULL|PARTIAL|UPDATE"),
    ("HDR,ENWL,FULL,0,2026-06-01\nTRL,0\n", 1, "sequence number"),
    ("HDR,ENWL,FULL,1,yesterday\nTRL,0\n", 1, "ISO 8601"),
    ("HDR,EN WL,FULL,1,2026-06-01\nTRL,0\n", 1, "RDP ID"),
    ("HDR,ENWL,FULL,1,2026-06-01\nTRL,x\n", 2, "trailer count"),
])
def test_file_structure_errors_name_their_line(text: str, line: int, words: str) -> None:
    result = check(text)
    assert result.file is None
    assert any(e.line == line and words in e.reason for e in result.errors), result.errors


@pytest.mark.parametrize(("record", "words"), [
    (reg("1312345678111"), "check digit"),  # DCC test data: strict mode refuses it
    (reg(mpan(1)[:-1] + "X"), "13 ASCII digits"),
    (reg(mpan(1), supplier="90-B3-D5-1F-30-01-00"), "registered supplier"),
    (reg(mpan(1), operator="not an EUI"), "network operator"),
    (reg(mpan(1), start="2026-13-01"), "effective from"),
    (reg(mpan(1), start="1989-12-31"), "before 1990"),
    (reg(mpan(1), start="２０２６-01-01"), "ASCII"),
    (reg(mpan(1), domestic="yes"), "domestic is Y or N"),
    (reg(mpan(1), end="2025-12-31"), "not after effective from"),
    (reg(mpan(1), energisation="X"), "energisation"),
    (reg(mpan(1), supplier=OPERATOR), "R-USER-2"),
    (reg(mpan(1), fuel="X"), "fuel is E|G"),
    (reg(mpan(1), fuel="G"), "is an MPAN; a fuel G record names an MPRN"),
    (reg("12345678", fuel="G"), "MPRN check digits"),
    (reg(mpan(1)) + ",,,extra", "7 to 9 fields"),
])
def test_each_bad_field_is_named_with_its_line(record: str, words: str) -> None:
    text = file_text([reg(mpan(9)), record, reg(mpan(8))])
    errors = bad_lines(text)
    assert list(errors) == [3], errors
    assert words in errors[3]


def test_test_pki_mode_accepts_the_dcc_test_identifiers() -> None:
    """Lenient like DUIS identifiers in test-PKI mode: the RTDS MPAN fails its check digit, the MPRN is short."""
    text = file_text([reg("1312345678111"), reg("4057232906", fuel="G", operator=OPERATOR[:-2] + "09")])
    assert bad_lines(text) != {}
    assert bad_lines(text, lenient=True) == {}


def test_every_bad_line_is_named_not_only_the_first() -> None:
    regs = [reg(mpan(i)) if i % 3 else reg(f"{i}") for i in range(1, 13)]
    errors = bad_lines(file_text(regs))
    assert list(errors) == [2 + i - 1 for i in range(1, 13) if i % 3 == 0]


def test_errors_beyond_the_cap_are_counted_not_kept() -> None:
    result = check(file_text([reg("bad")] * 20), max_errors=5)
    assert len(result.errors) == 5 and result.error_count == 20


def test_one_record_per_metering_point_and_date() -> None:
    text = file_text([reg(mpan(1)), reg(mpan(2)), reg(mpan(1), supplier="90-B3-D5-1F-30-03-00-00")])
    errors = bad_lines(text)
    assert list(errors) == [4] and "already stated on line 2" in errors[4]


def test_a_refresh_record_may_not_reach_past_the_next_one_but_an_update_may() -> None:
    records = [reg(mpan(1), start="2026-01-01", end="2026-03-01"), reg(mpan(1), start="2026-02-01")]
    refresh = bad_lines(file_text(records, kind="PARTIAL"))
    assert list(refresh) == [2] and "overlaps line 3" in refresh[2]
    assert bad_lines(file_text(records, kind="UPDATE")) == {}


def test_blank_lines_are_skipped_but_counted_and_crlf_is_one_line_end() -> None:
    text = file_text([reg(mpan(1)), reg("bad")]).replace("\nREG", "\n\nREG", 1).replace("TRL,2", "TRL,2")
    assert list(bad_lines(text)) == [4]
    crlf = [RawLine(1, ("HDR", "ENWL", "FULL", "1", "2026-06-01"), "HDR,ENWL,FULL,1,2026-06-01")]
    assert check_lines(crlf).errors[0].reason.startswith("no TRL")


def test_instants_dates_are_midnight_utc_and_naive_times_utc() -> None:
    assert parse_instant("2026-06-01", "x") == datetime(2026, 6, 1, tzinfo=UTC)
    assert parse_instant("2026-06-01T12:30:00", "x") == datetime(2026, 6, 1, 12, 30, tzinfo=UTC)
    assert parse_instant("2026-06-01T12:30:00Z", "x") == parse_instant("2026-06-01T13:30:00+01:00", "x")


# -- against the RDP ---------------------------------------------------------------------------------

def rdp_errors(text: str, rdp: Rdp | None = RDP, **kw: object) -> dict[int, str]:
    errors, count = check_for_rdp(check(text), rdp, **kw)  # type: ignore[arg-type]
    assert count == len(errors)
    return {e.line: f"{e.code} [{e.rule}] {e.reason}" for e in errors}


def test_an_unknown_rdp_is_refused_r_user_2() -> None:
    assert "GBDCC-653 [R-USER-2]" in rdp_errors(file_text([reg(mpan(1))]), None)[1]


def test_repeated_and_out_of_sequence_files_are_refused() -> None:
    rdp = Rdp("ENWL", "x", Fuel.ELECTRICITY, RDP.cadences, next_sequence=5)
    assert rdp_errors(file_text([reg(mpan(1))], sequence=5), rdp) == {}
    repeat = rdp_errors(file_text([reg(mpan(1))], sequence=4), rdp)
    skipped = rdp_errors(file_text([reg(mpan(1))], sequence=7), rdp)
    assert "GBDCC-655 [RDP-SEQUENCE]" in repeat[1] and "repeat" in repeat[1]
    assert "out of sequence: the next is 5" in skipped[1]


def test_a_file_sent_for_another_rdp_is_refused() -> None:
    assert "sent for RDP WPD" in rdp_errors(file_text([reg(mpan(1))]), expected_rdp="WPD")[1]


def test_one_fuel_per_rdp_and_one_rdp_per_metering_point() -> None:
    text = file_text([reg(mpan(1)), reg("4057232906", fuel="G", operator=OPERATOR[:-2] + "09"), reg(mpan(3))])
    holders = {mpan(3): "WPD", mpan(1): "ENWL"}
    errors, _ = check_for_rdp(check_lines(raw_lines(text), lenient=True), RDP, holders=holders)
    by_line = {e.line: (e.code, e.reason) for e in errors}
    assert by_line[3][0] == "GBDCC-656" and "fuel E only" in by_line[3][1]
    assert by_line[4] == ("GBDCC-657", f"{mpan(3)} is RDP WPD's, not ENWL's")
    assert 2 not in by_line


# -- properties -------------------------------------------------------------------------------------

fields = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(fields, min_size=1, max_size=10), max_size=12))
def test_any_lines_give_errors_on_real_lines_or_a_valid_file_never_an_exception(rows: list[list[str]]) -> None:
    lines = [RawLine(i, tuple(r), ",".join(r)) for i, r in enumerate(rows, 1)]
    result = check_lines(lines)
    assert all(0 <= e.line <= len(lines) + 1 for e in result.errors)
    assert (result.file is None) == (result.error_count > 0 or result.header is None)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=40), st.data())
def test_a_valid_file_with_one_field_broken_is_refused_naming_that_line(n: int, data: st.DataObject) -> None:
    regs = [reg(mpan(i), start=f"2026-0{1 + i % 9}-01", domestic="YN"[i % 2]) for i in range(n)]
    line = data.draw(st.integers(min_value=0, max_value=n - 1))
    field = data.draw(st.sampled_from([1, 2, 3, 4, 5, 6]))
    parts = regs[line].split(",")
    parts[field] = data.draw(st.sampled_from(["", "?", "２", "1" * 14, "Z" * 3]))
    regs[line] = ",".join(parts)
    result = check(file_text(regs))
    assert result.file is None
    assert [e.line for e in result.errors] == [line + 2]
