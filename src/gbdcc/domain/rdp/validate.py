"""Validating a Registration Data file line by line (format in ``docs/rdp-files.md``).

:func:`check_lines` reads the lines alone: header first, ``REG`` records, trailer last with the number of
``REG`` lines and, optionally, the SHA-256 of every line before it; each field's grammar (MPAN check
digit and MPRN check digits — lenient in test-PKI mode, as DUIS identifiers are —, EUI-64s, ISO 8601
instants, Y/N); one record per metering point and effective date; in a refresh, no record of a metering
point reaching past the next one. :func:`check_for_rdp` then checks the file against its RDP: known RDP
(R-USER-2), sequence number, fuel, metering points of no other RDP. Every failure is a :class:`LineError`
naming its line, so the response file can name each bad line; a file with any is refused whole.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from itertools import pairwise
from typing import TypeVar

from gbdcc.domain.errors import GbdccError, InvalidIdentifier
from gbdcc.domain.ids import Eui64, Mpan, Mprn, bounded_text, parse_integer
from gbdcc.domain.rdp.model import (
    Energisation,
    FileHeader,
    FileKind,
    FileOutOfSequence,
    Fuel,
    LineError,
    MpxnHeldByOtherRdp,
    RawLine,
    Rdp,
    RdpFileInvalid,
    RdpLineInvalid,
    RegistrationFile,
    RegRecord,
    UnknownRdp,
    WrongFuel,
    parse_rdp_id,
)
from gbdcc.domain.registration import MeteringPointKind, metering_point_kind

#: Errors kept for the response file; further ones are counted only (a file of a million bad lines
#: gets a response naming the first thousand, and the count).
MAX_REPORTED_ERRORS = 1000
MAX_SEQUENCE = 999_999_999
_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_REG_FIELDS = (7, 9)
_E = TypeVar("_E", Fuel, FileKind, Energisation)


def parse_instant(text: str, what: str) -> datetime:
    """An ISO 8601 date (00:00 UTC that day) or date-time (UTC when it has no offset), in UTC."""
    value = bounded_text(text, what=what, max_chars=40)
    if not value.isascii():
        raise InvalidIdentifier(f"{what} is not an ASCII ISO 8601 date or date-time: {text!r}", rule="RDP-FILE")
    try:
        at = datetime.combine(date.fromisoformat(value), time()) if len(value) == 10 else datetime.fromisoformat(value)
    except ValueError:
        raise InvalidIdentifier(f"{what} is not an ISO 8601 date or date-time: {text!r}", rule="RDP-FILE") from None
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    if at < _EARLIEST:
        raise InvalidIdentifier(f"{what} {value} is before {_EARLIEST.date()}", rule="RDP-FILE")
    return at


def _flag(text: str, what: str) -> bool:
    value = text.strip()
    if value not in ("Y", "N"):
        raise RdpLineInvalid(f"{what} is Y or N, not {text!r}")
    return value == "Y"


def _enum_value(kind: type[_E], text: str, what: str) -> _E:
    value = text.strip()
    try:
        return kind(value)
    except ValueError:
        allowed = "|".join(k.value for k in kind)
        raise RdpLineInvalid(f"{what} is {allowed}, not {value!r}") from None


@dataclass
class _Errors:
    """Errors in line order, the first ``cap`` kept."""

    cap: int
    kept: list[LineError] = field(default_factory=list)
    count: int = 0

    def add(self, line: int, err: GbdccError) -> None:
        self.count += 1
        if len(self.kept) < self.cap:
            self.kept.append(LineError.of(line, err))


@dataclass(frozen=True, slots=True)
class FileCheck:
    """What :func:`check_lines` found: the header and records that are well formed, and the errors."""

    header: FileHeader | None
    records: tuple[RegRecord, ...]
    reg_lines: int
    errors: tuple[LineError, ...]
    error_count: int
    checksum: str | None = None
    header_line: int = 1

    @property
    def file(self) -> RegistrationFile | None:
        """The file, if every line is well formed."""
        if self.error_count or self.header is None:
            return None
        return RegistrationFile(self.header, self.records, self.checksum)


class _Reader:
    """One pass over the lines; parsed EUI-64s and instants are shared (a file names few of each)."""

    def __init__(self, lenient: bool, cap: int) -> None:
        self.lenient = lenient
        self.errors = _Errors(cap)
        self.euis: dict[str, Eui64] = {}
        self.instants: dict[str, datetime] = {}
        self.header: FileHeader | None = None
        self.header_line = 0
        self.trailer: RawLine | None = None
        self.records: list[RegRecord] = []
        self.reg_lines = 0

    def eui(self, text: str, what: str) -> Eui64:
        found = self.euis.get(text)
        if found is None:
            try:
                found = self.euis[text] = Eui64.parse(text)
            except InvalidIdentifier as err:
                raise InvalidIdentifier(f"{what}: {err.reason}", rule=err.rule) from None
        return found

    def instant(self, text: str, what: str) -> datetime:
        found = self.instants.get(text)
        if found is None:
            found = self.instants[text] = parse_instant(text, what)
        return found

    def line(self, raw: RawLine) -> None:
        kind = raw.fields[0].strip() if raw.fields else ""
        if kind == "HDR":
            self.hdr(raw)
        elif self.header_line == 0:
            raise RdpFileInvalid(f"the first line must be the HDR header, not {kind[:8]!r}")
        elif kind == "REG":
            self.reg_lines += 1
            self.records.append(self.reg(raw))
        elif kind == "TRL":
            self.trailer = raw
        else:
            raise RdpLineInvalid(f"unknown record type {kind[:8]!r} (HDR, REG or TRL)")

    def hdr(self, raw: RawLine) -> None:
        if self.header_line:
            raise RdpFileInvalid(f"a second HDR line (the header is line {self.header_line})")
        self.header_line = raw.number
        f = raw.fields
        if len(f) != 5:
            raise RdpLineInvalid(f"HDR has 5 fields (HDR,rdp id,FULL|PARTIAL|UPDATE,sequence,created), not {len(f)}")
        sequence = parse_integer(f[3], what="sequence number", minimum=1, maximum=MAX_SEQUENCE, max_digits=9)
        self.header = FileHeader(parse_rdp_id(f[1]), _enum_value(FileKind, f[2], "file type"), sequence,
                                 self.instant(f[4], "created"))

    def reg(self, raw: RawLine) -> RegRecord:
        f = raw.fields
        if not _REG_FIELDS[0] <= len(f) <= _REG_FIELDS[1]:
            raise RdpLineInvalid(f"REG has 7 to 9 fields (REG,MPxN,E|G,supplier,network operator,effective from,"
                                 f"domestic[,effective to[,energisation]]), not {len(f)}")
        fuel = _enum_value(Fuel, f[2], "fuel")
        if fuel is Fuel.ELECTRICITY:
            mpxn = Mpan.parse(f[1], lenient=self.lenient).value
        elif metering_point_kind(bounded_text(f[1], what="MPRN")) is MeteringPointKind.ELECTRICITY:
            raise WrongFuel(f"{f[1].strip()} is an MPAN; a fuel G record names an MPRN")
        else:
            mpxn = Mprn.parse(f[1], lenient=self.lenient).value
        supplier = self.eui(f[3], "registered supplier")
        operator = self.eui(f[4], "network operator")
        if supplier == operator:
            raise RdpLineInvalid(f"{supplier} cannot be both the supplier and the network operator: one User ID "
                                 "per User Role, and none shared between supplier and network operator roles",
                                 rule="R-USER-2")
        start = self.instant(f[5], "effective from")
        domestic = _flag(f[6], "domestic")
        end = self.instant(f[7], "effective to") if len(f) > 7 and f[7].strip() else None
        if end is not None and end <= start:
            raise RdpLineInvalid(f"effective to {end.isoformat()} is not after effective from {start.isoformat()}")
        energisation = _enum_value(Energisation, f[8], "energisation") if len(f) > 8 and f[8].strip() else None
        return RegRecord(raw.number, mpxn, fuel, supplier, operator, start, domestic, end, energisation)


def _check_trailer(reader: _Reader, digest: str) -> str | None:
    trailer = reader.trailer
    if trailer is None:
        raise RdpFileInvalid("no TRL trailer: the file is incomplete")
    f = trailer.fields
    if len(f) not in (2, 3):
        raise RdpLineInvalid(f"TRL has 2 or 3 fields (TRL,count[,sha256]), not {len(f)}")
    count = parse_integer(f[1], what="trailer count", minimum=0, max_digits=12)
    if count != reader.reg_lines:
        raise RdpFileInvalid(f"the trailer counts {count} REG lines; the file has {reader.reg_lines}")
    if len(f) < 3 or not f[2].strip():
        return None
    stated = f[2].strip().lower()
    if stated != digest:
        raise RdpFileInvalid(f"checksum {stated[:64]!r} does not match the SHA-256 of the lines before the "
                             f"trailer ({digest})")
    return digest


def _check_records(records: list[RegRecord], kind: FileKind | None, errors: _Errors) -> list[RegRecord]:
    """One record per (MPxN, effective from); in a refresh, a record's effective-to not past the next one's
    start (the records of a metering point in a refresh are its registration from the first of them on)."""
    first: dict[str, RegRecord] = {}
    several: dict[str, list[RegRecord]] = {}
    for r in records:
        seen = first.setdefault(r.mpxn, r)
        if seen is not r:
            several.setdefault(r.mpxn, [seen]).append(r)
    bad: set[int] = set()
    for group in several.values():
        group.sort(key=lambda r: r.effective_from)
        for before, after in pairwise(group):
            if before.effective_from == after.effective_from:
                late, early = max(before, after, key=lambda r: r.line), min(before, after, key=lambda r: r.line)
                errors.add(late.line, RdpLineInvalid(f"{late.mpxn} from {late.effective_from.isoformat()} is "
                                                     f"already stated on line {early.line}"))
                bad.add(late.line)
            elif kind is not None and kind.is_refresh and before.effective_to is not None \
                    and before.effective_to > after.effective_from:
                errors.add(before.line, RdpLineInvalid(
                    f"{before.mpxn}: effective to {before.effective_to.isoformat()} overlaps line {after.line} "
                    f"(from {after.effective_from.isoformat()})"))
                bad.add(before.line)
    return [r for r in records if r.line not in bad] if bad else records


def check_lines(lines: Iterable[RawLine], *, lenient: bool = False,
                max_errors: int = MAX_REPORTED_ERRORS) -> FileCheck:
    """Check every line of a file (module docstring); nothing here needs the RDP."""
    reader = _Reader(lenient, max_errors)
    digest = hashlib.sha256()  # of every line before the trailer, each with "\n"
    last = 0
    for raw in lines:
        last = raw.number
        if reader.trailer is not None:
            reader.errors.add(raw.number, RdpFileInvalid(f"line after the trailer (line {reader.trailer.number})"))
            continue
        if raw.text.strip():
            try:
                reader.line(raw)
            except GbdccError as err:
                reader.errors.add(raw.number, err)
        if reader.trailer is None:
            digest.update(raw.text.encode("utf-8", "surrogateescape"))
            digest.update(b"\n")
    checksum = None
    if reader.header_line == 0 and not reader.errors.count:
        reader.errors.add(0, RdpFileInvalid("the file is empty" if last == 0 else "no HDR header line"))
    try:
        checksum = _check_trailer(reader, digest.hexdigest())
    except GbdccError as err:
        reader.errors.add(reader.trailer.number if reader.trailer else last + 1, err)
    kind = reader.header.kind if reader.header else None
    records = _check_records(reader.records, kind, reader.errors)
    kept = sorted(reader.errors.kept, key=lambda e: e.line)
    return FileCheck(reader.header, tuple(records), reader.reg_lines, tuple(kept), reader.errors.count, checksum,
                     reader.header_line or 1)


def check_for_rdp(check: FileCheck, rdp: Rdp | None, *, expected_rdp: str | None = None,
                  holders: Mapping[str, str] | None = None, max_errors: int = MAX_REPORTED_ERRORS
                  ) -> tuple[tuple[LineError, ...], int]:
    """The checks that need the RDP: it exists (R-USER-2), it is the one the file was sent for, the
    sequence number is the next one (a repeated or skipped file is refused), every record is of its fuel,
    and no metering point is another RDP's (``holders``: MPxN → RDP ID, for the file's MPxNs held by
    an RDP). Returns the errors (first ``max_errors``) and how many there are."""
    errors = _Errors(max_errors)
    header = check.header
    if header is None:
        return (), 0
    line = check.header_line
    _each(errors, line, lambda: _check_rdp(header, rdp, expected_rdp))
    fuel = rdp.fuel if rdp is not None else (check.records[0].fuel if check.records else None)
    others = {m: h for m, h in (holders or {}).items() if rdp is None or h != rdp.rdp_id}
    for r in check.records:
        if fuel is not None and r.fuel is not fuel:
            errors.add(r.line, WrongFuel(f"{r.mpxn} is fuel {r.fuel.value}; RDP {header.rdp_id} sends fuel "
                                         f"{fuel.value} only (one fuel per RDP)"))
        held = others.get(r.mpxn)
        if held is not None:
            errors.add(r.line, MpxnHeldByOtherRdp(f"{r.mpxn} is RDP {held}'s, not {header.rdp_id}'s"))
    return tuple(errors.kept), errors.count


def _each(errors: _Errors, line: int, check: Callable[[], None]) -> None:
    try:
        check()
    except GbdccError as err:
        errors.add(line, err)


def _check_rdp(header: FileHeader, rdp: Rdp | None, expected_rdp: str | None) -> None:
    if expected_rdp is not None and header.rdp_id != expected_rdp:
        raise RdpFileInvalid(f"the file is RDP {header.rdp_id}'s; it was sent for RDP {expected_rdp}")
    if rdp is None:
        raise UnknownRdp(f"RDP {header.rdp_id} is not registered with the DCC (gbdcc rdp add)")
    expected = rdp.next_sequence
    if header.sequence < expected:
        raise FileOutOfSequence(f"file {header.sequence} of RDP {rdp.rdp_id} is a repeat: files up to "
                                f"{expected - 1} were accepted; the next is {expected}")
    if header.sequence > expected:
        raise FileOutOfSequence(f"file {header.sequence} of RDP {rdp.rdp_id} is out of sequence: the next "
                                f"is {expected}")
