"""Registration Data files as bytes (``docs/rdp-files.md``): reading an RDP's file, writing the response and
status files the DCC sends back, and writing Registration Data files (for RDP simulators, tests and
``bench/rdp.py``).

Files are UTF-8 (a BOM is ignored) with one record a line, LF or CRLF line ends, comma-separated; a field
holding a comma or a quote is quoted the CSV way (RFC 4180) but never spans lines. A file that is not
UTF-8 or is larger than the limit is refused whole (``RdpFileUnreadable``, GBDCC-660), naming the line.
The checksum of a trailer is the SHA-256, in hex, of every line before it, each followed by LF.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from gbdcc.domain.rdp.model import FileHeader, RawLine, RegistrationDataError, RegRecord
from gbdcc.domain.rdp.outcome import FileOutcome
from gbdcc.domain.rdp.status import StatusFile
from gbdcc.service.registration.load import IncomingFile

#: Files larger than this are refused unread (a FULL refresh of 1,000,000 MPANs is about 80 MB).
MAX_FILE_BYTES = 1 << 30
_BOM = b"\xef\xbb\xbf"


class RdpFileUnreadable(RegistrationDataError):
    """The file is not UTF-8 text, or is larger than the limit (adapter code GBDCC-660)."""

    code = "GBDCC-660"


def _fields(text: str) -> tuple[str, ...]:
    if '"' not in text:
        return tuple(text.split(","))
    return tuple(next(csv.reader([text]), []))


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def _raw_lines(lines: Sequence[str]) -> Iterator[RawLine]:
    for number, text in enumerate(lines, 1):
        yield RawLine(number, _fields(text), text)


def read_bytes(data: bytes, *, source: str, name: str | None = None, max_bytes: int = MAX_FILE_BYTES) -> IncomingFile:
    """An RDP's file as the load use case takes it (lines parsed lazily, as it checks them)."""
    digest = hashlib.sha256(data).hexdigest()
    if len(data) > max_bytes:
        return IncomingFile((), digest, source, name,
                            RdpFileUnreadable(f"the file is {len(data):,} bytes, over the {max_bytes:,}-byte limit"))
    body = data[len(_BOM):] if data.startswith(_BOM) else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as err:
        line = body.count(b"\n", 0, err.start) + 1
        return IncomingFile((), digest, source, name,
                            RdpFileUnreadable(f"line {line} is not UTF-8 text (byte 0x{body[err.start]:02x})"))
    lines = _lines(text)
    return IncomingFile(_raw_lines(lines), digest, source, name, line_count=len(lines))


def read_path(path: Path, *, source: str, max_bytes: int = MAX_FILE_BYTES) -> IncomingFile:
    size = path.stat().st_size
    if size > max_bytes:
        return IncomingFile((), "", source, path.name,
                            RdpFileUnreadable(f"the file is {size:,} bytes, over the {max_bytes:,}-byte limit"))
    return read_bytes(path.read_bytes(), source=source, name=path.name, max_bytes=max_bytes)


# -- writing ---------------------------------------------------------------------------------------------

def _iso(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


class _Lines:
    """CSV lines with a running SHA-256, closed by ``TRL,<count>,<sha256>``."""

    def __init__(self) -> None:
        self._out = io.StringIO()
        self._csv = csv.writer(self._out, lineterminator="\n")
        self._digest = hashlib.sha256()
        self.counted = 0

    def row(self, *fields: object, count: bool = False) -> None:
        start = self._out.tell()
        self._csv.writerow(["" if f is None else f for f in fields])
        self._out.seek(start)
        line = self._out.read()
        self._digest.update(line.encode())
        self.counted += count

    def bytes(self) -> bytes:
        self._csv.writerow(["TRL", self.counted, self._digest.hexdigest()])
        return self._out.getvalue().encode()


def _yn(flag: bool) -> str:
    return "Y" if flag else "N"


class CsvRegistrationFiles:
    """Implements :class:`gbdcc.service.ports.RegistrationFileWriter` (formats in ``docs/rdp-files.md``)."""

    def response(self, outcome: FileOutcome) -> bytes:
        lines = _Lines()
        lines.row("RSP", outcome.rdp_id, outcome.sequence, outcome.kind.value if outcome.kind else None,
                  "ACCEPTED" if outcome.accepted else "REJECTED", _iso(outcome.processed_at))
        for e in outcome.errors:
            lines.row("ERR", e.line, e.code, e.rule, e.reason, count=True)
        lines.row("SUM", outcome.records, outcome.mpxns, outcome.added, outcome.changed, outcome.removed,
                  outcome.error_count, _yn(outcome.unsolicited), outcome.churn)
        return lines.bytes()

    def status(self, status: StatusFile) -> bytes:
        lines = _Lines()
        lines.row("HDR", status.rdp_id, "STATUS", status.day.isoformat(), _iso(status.created))
        for entry in status.entries:
            lines.row("STS", entry.mpxn, entry.status.value, count=True)
        return lines.bytes()


def registration_file(header: FileHeader, records: Iterable[RegRecord]) -> bytes:
    """A Registration Data file in gbdcc's format with a checksummed trailer (the ``line`` of each record is
    not written: it is where it lands)."""
    lines = _Lines()
    lines.row("HDR", header.rdp_id, header.kind.value, header.sequence, _iso(header.created))
    for r in records:
        lines.row("REG", r.mpxn, r.fuel.value, r.supplier, r.network_operator, _iso(r.effective_from),
                  _yn(r.domestic), _iso(r.effective_to) if r.effective_to else None,
                  r.energisation.value if r.energisation else None, count=True)
    return lines.bytes()


@dataclass(frozen=True)
class ResponseFile:
    """A response file read back (clients and tests): its header, error lines and summary fields."""

    rdp_id: str
    sequence: str
    kind: str
    outcome: str
    processed_at: str
    errors: tuple[tuple[int, str, str, str], ...]
    summary: dict[str, str]

    @property
    def accepted(self) -> bool:
        return self.outcome == "ACCEPTED"

    @property
    def bad_lines(self) -> tuple[int, ...]:
        return tuple(e[0] for e in self.errors)


SUMMARY_FIELDS = ("records", "mpxns", "added", "changed", "removed", "errors", "unsolicited", "churn")


def read_response(data: bytes) -> ResponseFile:
    rows = list(csv.reader(io.StringIO(data.decode())))
    head = rows[0]
    errors = tuple((int(r[1]), r[2], r[3], r[4]) for r in rows if r and r[0] == "ERR")
    summary = next(dict(zip(SUMMARY_FIELDS, r[1:], strict=True)) for r in rows if r and r[0] == "SUM")
    return ResponseFile(head[1], head[2], head[3], head[4], head[5], errors, summary)
