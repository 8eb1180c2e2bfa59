"""Reading and writing Registration Data files as bytes (``adapters.rdp.files``; ``docs/rdp-files.md``)."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import UTC, date, datetime

from tests.support.rdp import file_text, mpan, reg

from gbdcc.adapters.rdp.files import CsvRegistrationFiles, read_bytes, read_path, read_response, registration_file
from gbdcc.domain.ids import Eui64
from gbdcc.domain.rdp.model import Energisation, FileHeader, FileKind, Fuel, LineError, RegRecord
from gbdcc.domain.rdp.outcome import FileOutcome
from gbdcc.domain.rdp.status import MpxnStatus, StatusEntry, StatusFile
from gbdcc.domain.rdp.validate import check_lines

T = datetime(2026, 6, 1, 12, tzinfo=UTC)


def test_lines_fields_and_line_ends() -> None:
    data = b"\xef\xbb\xbfHDR,ENWL,FULL,1,2026-06-01\r\n" + b'REG,"1600000000010",E,"a,b",x,2026-01-01,Y\r\n' + b"TRL,1"
    incoming = read_bytes(data, source="cli", name="f.csv")
    lines = list(incoming.lines)
    assert incoming.line_count == 3 and incoming.sha256 == hashlib.sha256(data).hexdigest()
    assert [line.number for line in lines] == [1, 2, 3]
    assert lines[0].fields == ("HDR", "ENWL", "FULL", "1", "2026-06-01") and lines[0].text.endswith("2026-06-01")
    assert lines[1].fields[3] == "a,b"  # a quoted comma is one field


def test_a_file_that_is_not_utf8_is_refused_naming_its_line() -> None:
    incoming = read_bytes(b"HDR,ENWL,FULL,1,2026-06-01\nREG,\xff\n", source="cli")
    assert incoming.unreadable is not None and "line 2 is not UTF-8" in incoming.unreadable.reason
    assert incoming.unreadable.code == "GBDCC-660"
    too_large = read_bytes(b"x" * 11, source="cli", max_bytes=10).unreadable
    assert too_large is not None and "over the 10-byte limit" in too_large.reason


def test_read_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 100)
    assert read_path(path, source="cli", max_bytes=10).unreadable is not None
    assert read_path(path, source="cli").name == "big.csv"


def test_a_written_registration_file_reads_back_with_a_valid_checksum() -> None:
    header = FileHeader("ENWL", FileKind.PARTIAL, 3, T)
    records = [RegRecord(0, mpan(1), Fuel.ELECTRICITY, Eui64(1), Eui64(2), T, True, datetime(2026, 7, 1, tzinfo=UTC),
                         Energisation.ENERGISED),
               RegRecord(0, mpan(2), Fuel.ELECTRICITY, Eui64(1), Eui64(2), T, False)]
    data = registration_file(header, records)
    assert data.decode().splitlines()[0] == "HDR,ENWL,PARTIAL,3,2026-06-01T12:00:00Z"
    result = check_lines(read_bytes(data, source="x").lines)
    assert result.error_count == 0 and result.checksum is not None
    assert [(r.line, r.mpxn, r.effective_to, r.energisation) for r in result.records] == [
        (2, mpan(1), datetime(2026, 7, 1, tzinfo=UTC), Energisation.ENERGISED), (3, mpan(2), None, None)]


def test_the_test_support_checksum_is_the_documented_one() -> None:
    text = file_text([reg(mpan(1))], checksum=True)
    body = "".join(line + "\n" for line in text.splitlines()[:-1])
    assert text.splitlines()[-1].split(",")[2] == hashlib.sha256(body.encode()).hexdigest()


def test_the_response_file_quotes_reasons_and_reads_back() -> None:
    errors = (LineError(2, "GBDCC-651", "RDP-FILE", 'bad "x", really'), LineError(0, "GBDCC-652", "R", "r"))
    outcome = FileOutcome("ENWL", 4, FileKind.UPDATE, False, T, 3, errors, error_count=7)
    data = CsvRegistrationFiles().response(outcome)
    rows = list(csv.reader(io.StringIO(data.decode())))
    assert rows[0] == ["RSP", "ENWL", "4", "UPDATE", "REJECTED", "2026-06-01T12:00:00Z"]
    assert rows[1] == ["ERR", "2", "GBDCC-651", "RDP-FILE", 'bad "x", really']
    assert rows[3] == ["SUM", "3", "0", "0", "0", "0", "7", "N", "0"]
    assert rows[4][:2] == ["TRL", "2"]
    body = "".join(line + "\n" for line in data.decode().splitlines()[:-1])
    assert rows[4][2] == hashlib.sha256(body.encode()).hexdigest()
    parsed = read_response(data)
    assert not parsed.accepted and parsed.bad_lines == (2, 0) and parsed.summary["errors"] == "7"
    assert parsed.errors[0][3] == 'bad "x", really'


def test_the_status_file() -> None:
    status = StatusFile("ENWL", date(2026, 6, 1), T, (StatusEntry(mpan(1), MpxnStatus.ENROLLED),
                                                      StatusEntry(mpan(2), MpxnStatus.WITHDRAWN)))
    lines = CsvRegistrationFiles().status(status).decode().splitlines()
    assert lines[:3] == ["HDR,ENWL,STATUS,2026-06-01,2026-06-01T12:00:00Z", f"STS,{mpan(1)},Enrolled",
                         f"STS,{mpan(2)},Withdrawn"]
    assert lines[3].startswith("TRL,2,")
