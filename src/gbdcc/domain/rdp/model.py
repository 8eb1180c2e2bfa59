"""Registration Data Providers and their files: the values (SEC H3, X2.4; R-USER-2, R-REG-1, R-REG-2).

An RDP (one RDP ID each, R-USER-2) sends the DCC Registration Data for the metering points of one fuel:
MPANs from an electricity RDP, MPRNs from a gas RDP. Each record names the registered supplier and network
operator of a metering point from an effective date. gbdcc's file format (``docs/rdp-files.md``) is a
header, one ``REG`` line per record and a trailer with the record count (and optionally a checksum).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from gbdcc.domain.errors import GbdccError, InvalidIdentifier
from gbdcc.domain.ids import Eui64, bounded_text
from gbdcc.domain.parties import UserRole
from gbdcc.domain.rdp.cadence import RdpCadences
from gbdcc.domain.registration import MeteringPointKind

_RDP_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}", re.ASCII)


def parse_rdp_id(text: str) -> str:
    """An RDP ID: 1-32 ASCII letters, digits, ``_`` or ``-`` (not first); compared exactly (R-USER-2)."""
    value = bounded_text(text, what="RDP ID", max_chars=64)
    if not _RDP_ID.fullmatch(value):
        raise InvalidIdentifier(f"an RDP ID is 1-32 ASCII letters, digits, '_' or '-': {text!r}", rule="R-USER-2")
    return value


class Fuel(StrEnum):
    """The fuel an RDP sends data for: ``E`` (MPANs) or ``G`` (MPRNs)."""

    ELECTRICITY = "E"
    GAS = "G"

    @property
    def kind(self) -> MeteringPointKind:
        return MeteringPointKind.ELECTRICITY if self is Fuel.ELECTRICITY else MeteringPointKind.GAS

    @property
    def supplier_role(self) -> UserRole:
        """The registered supplier's User Role: Import Supplier for an MPAN, Gas Supplier for an MPRN."""
        return UserRole.IMPORT_SUPPLIER if self is Fuel.ELECTRICITY else UserRole.GAS_SUPPLIER

    @property
    def network_operator_role(self) -> UserRole:
        return UserRole.ELECTRICITY_DISTRIBUTOR if self is Fuel.ELECTRICITY else UserRole.GAS_TRANSPORTER

    @property
    def roles(self) -> tuple[UserRole, UserRole]:
        """The two roles an RDP of this fuel is responsible for in Registration Data."""
        return self.supplier_role, self.network_operator_role


class FileKind(StrEnum):
    """FULL refresh (every metering point the RDP is responsible for), PARTIAL refresh (a subset of
    them, each stated in full) or UPDATE (changes)."""

    FULL = "FULL"
    PARTIAL = "PARTIAL"
    UPDATE = "UPDATE"

    @property
    def is_refresh(self) -> bool:
        return self is not FileKind.UPDATE


class Energisation(StrEnum):
    """Energisation status of the metering point (MRA codes)."""

    ENERGISED = "E"
    DE_ENERGISED = "D"


class RegistrationDataError(GbdccError):
    """Base of Registration Data refusals (a file, a line of a file, an RDP)."""

    code = "GBDCC-650"
    default_rule = "RDP-FILE"


class RdpLineInvalid(RegistrationDataError):
    """A line of a Registration Data file breaks the format (``docs/rdp-files.md``)."""

    code = "GBDCC-651"


class RdpFileInvalid(RegistrationDataError):
    """The file as a whole is wrong: header or trailer missing or misplaced, count or checksum off."""

    code = "GBDCC-652"


class UnknownRdp(RegistrationDataError):
    """The file names an RDP ID the DCC does not know (R-USER-2: each RDP has its own RDP ID)."""

    code = "GBDCC-653"
    default_rule = "R-USER-2"


class RdpConflict(RegistrationDataError):
    """An RDP ID, or an RDP with another RDP ID, is already registered (R-USER-2: one RDP ID per RDP)."""

    code = "GBDCC-654"
    default_rule = "R-USER-2"


class FileOutOfSequence(RegistrationDataError):
    """A repeated or out-of-sequence file: sequence numbers go up by one per accepted file of an RDP."""

    code = "GBDCC-655"
    default_rule = "RDP-SEQUENCE"


class WrongFuel(RegistrationDataError):
    """A record of the other fuel than the RDP's (an electricity RDP sends MPANs only; a gas RDP MPRNs)."""

    code = "GBDCC-656"
    default_rule = "RDP-FUEL"


class MpxnHeldByOtherRdp(RegistrationDataError):
    """The metering point is another RDP's: one RDP is responsible for each MPxN."""

    code = "GBDCC-657"
    default_rule = "RDP-MPXN"


class ConcurrentChange(RegistrationDataError):
    """What the plan of a file was worked out on changed before it applied (a period it inserts was stored
    meanwhile): nothing applied; the file can be sent again."""

    code = "GBDCC-659"


class FileRejected(RegistrationDataError):
    """The file was refused and changed nothing; its response file names every bad line."""

    code = "GBDCC-658"


@dataclass(frozen=True, slots=True)
class Rdp:
    """A registered RDP. ``next_sequence`` is the sequence number its next file must carry."""

    rdp_id: str
    name: str
    fuel: Fuel
    cadences: RdpCadences
    next_sequence: int = 1
    added_on: date | None = None
    last_status_on: date | None = None


@dataclass(frozen=True, slots=True)
class RawLine:
    """One line of a file as read: its 1-based number, its comma-separated fields and its text (without the
    line ending; the checksum covers it)."""

    number: int
    fields: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class LineError:
    """Why a line (``line`` 0: the file as a whole) makes the file refused: the code, rule and reason of the
    refusal it raised."""

    line: int
    code: str
    rule: str
    reason: str

    @classmethod
    def of(cls, line: int, err: GbdccError) -> LineError:
        return cls(line, err.code, err.rule, err.reason)


@dataclass(frozen=True, slots=True)
class FileHeader:
    rdp_id: str
    kind: FileKind
    sequence: int
    created: datetime


@dataclass(frozen=True, slots=True)
class RegRecord:
    """One ``REG`` line: ``supplier`` and ``network_operator`` are registered for ``mpxn`` over
    ``[effective_from, effective_to)`` (open-ended when ``effective_to`` is None)."""

    line: int
    mpxn: str
    fuel: Fuel
    supplier: Eui64
    network_operator: Eui64
    effective_from: datetime
    domestic: bool
    effective_to: datetime | None = None
    energisation: Energisation | None = None


@dataclass(frozen=True, slots=True)
class RegistrationFile:
    """A file whose every line is well formed (the RDP-dependent checks come after)."""

    header: FileHeader
    records: tuple[RegRecord, ...]
    checksum: str | None = None

    @property
    def mpxns(self) -> frozenset[str]:
        return frozenset(r.mpxn for r in self.records)


@dataclass(frozen=True, slots=True)
class MeteringPoint:
    """What the DCC keeps of a metering point besides its registration periods: the RDP responsible for
    it and the latest attributes it sent (domestic premises, energisation status)."""

    mpxn: str
    rdp_id: str
    domestic: bool
    energisation: Energisation | None = None
