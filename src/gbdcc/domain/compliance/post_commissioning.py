"""Post-commissioning reporting (R-POST-1; IEWP 5.3, 5.6(c)): was each Smart Meter's Device Security
Credentials updated within 7 days of its commissioning, and does its Recovery trust anchor hold the Recovery
Certificate the SMKI Repository has?

A meter's commissioning instant is the first ``Commissioned`` entry of its SMI status history; its first
credentials update is the first Update Security Credentials — 6.15.1 (KRP) or 6.23 (CoS) — to it that the
device answered (the request ``responded``, I0) at or after that instant. For meters commissioned between DCC
Live and Release 1.3 that evidence is "processed by the device", not necessarily "executed"
(:attr:`CommissionedMeter.limited`): the rule's more limited data, reported as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from gbdcc.domain.ids import Eui64

#: The Service Requests that update a Smart Meter's Device Security Credentials (IEWP 5.3).
CREDENTIAL_UPDATE_SRVS = ("6.15.1", "6.23")
#: IEWP 5.3: the credentials are to be updated within this time of commissioning.
UPDATE_WITHIN = timedelta(days=7)
#: R-POST-1 covers Smart Meters.
SMART_METER_TYPES = ("ESME", "GSME")


class UpdateStatus(StrEnum):
    IN_TIME = "updated in time"
    LATE = "updated late"
    OVERDUE = "overdue"  # not updated, and more than 7 days since commissioning
    DUE = "due"  # not updated yet, still within the 7 days


class RecoveryCheck(StrEnum):
    """IEWP 5.6(c): what the device's Recovery trust anchor cell holds against the SMKI Repository."""

    HOLDS = "holds the Recovery Certificate"
    DIFFERS = "differs"  # another certificate than the SMKI Repository's Recovery Certificate
    EMPTY = "empty"  # no Recovery cell
    UNKNOWN = "unknown"  # the device's cells cannot be read
    NO_CERTIFICATE = "no Recovery Certificate in the SMKI Repository"

    @property
    def finding(self) -> bool:
        """A finding about the device itself (no Recovery Certificate, or unreadable cells, is the instance's)."""
        return self in (RecoveryCheck.DIFFERS, RecoveryCheck.EMPTY)


@dataclass(frozen=True, slots=True)
class ReleaseWindow:
    """The earlier release window: devices commissioned on or after ``dcc_live`` and before ``release_1_3``."""

    dcc_live: date
    release_1_3: date

    def holds(self, at: datetime) -> bool:
        return self.dcc_live <= at.date() < self.release_1_3


@dataclass(frozen=True, slots=True)
class CommissionedMeter:
    """One commissioned Smart Meter as storage reads it for the report."""

    device_id: Eui64
    device_type: str
    mpxn: str | None
    supplier: Eui64 | None  # the Registered Supplier at commissioning (else the SMI's supplier credentials)
    commissioned_at: datetime
    first_update_at: datetime | None  # first credentials update the device answered, at or after commissioning


def update_status(meter: CommissionedMeter, as_of: datetime) -> UpdateStatus:
    """IEWP 5.3 / R-POST-1: the meter's credentials update against the 7 days."""
    deadline = meter.commissioned_at + UPDATE_WITHIN
    if meter.first_update_at is not None:
        return UpdateStatus.IN_TIME if meter.first_update_at <= deadline else UpdateStatus.LATE
    return UpdateStatus.OVERDUE if as_of > deadline else UpdateStatus.DUE


def days_taken(meter: CommissionedMeter, as_of: datetime) -> float:
    """Days from commissioning to the first update (to ``as_of`` when there is none), to 0.1 day."""
    end = meter.first_update_at or as_of
    return round((end - meter.commissioned_at) / timedelta(days=1), 1)
