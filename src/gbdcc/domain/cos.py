"""Change of Supplier rules (R-COS-1, R-COS-2; DOMAIN.md §8).

Transitional CoS (R-COS-1): the incoming supplier sends 6.23 with its replacement certificates and the
ImportMPxN; the DCC's CoS Party — a segregated function — checks the requester is the Registered Supplier
for that MPxN at that time (else E4) and signs the CS02b credential replacement (message code 0x0107,
supplier-by-TransCoS) itself.

Enduring CoS (R-COS-2), gbdcc's model: a second CoS Party, the ECoS Party (its own key, certificate and
audit log; Remote Party Role 05), runs beside the TCoS one. The SMI records, per device, whose certificate
its Transitional CoS trust-anchor cell holds (:class:`CosCell`: TCoS — also when not recorded —, ECoS, or
null). A migration campaign, tracked per device (:class:`CosMigration`), replaces the TCoS certificate by
the ECoS one or by a null one with a CS02b transCoSByTransCoS (message code 0x0106, mode 6) the TCoS Party
signs; the SMI's cell changes only when the device confirms. Each device's 6.23 is signed by the party its
cell names (:func:`party_for`), and each party refuses a device whose cell names another
(:func:`check_party_trusted`) — so suppliers churn to each other whichever party a device trusts, in both
directions. A null certificate is one whose private key nobody holds: a device with a null cell is routed
to ECoS, which the device does not trust either, so its supplier cannot change by 6.23 any more.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from gbdcc.domain.errors import (
    CosCertificatesRefused,
    CosMigrationRefused,
    CosPartyNotTrusted,
    NotAuthorisedForDevice,
)
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import UserRole
from gbdcc.domain.registration import RegistrationPeriod, registered_at
from gbdcc.domain.smki import CertificateKind, CertificateRecord, RemotePartyRole

CS02B_SUPPLIER_BY_TRANSCOS = 0x0107  # GBCS CS02b, Update Security Credentials: supplier by TransCoS
CS02B_TRANSCOS_BY_TRANSCOS = 0x0106  # GBCS CS02b, credentialsReplacementMode 6: transCoSByTransCoS
#: The devices whose Transitional CoS cell a 6.23 relies on: the meters whose Supplier cell it changes.
COS_DEVICE_TYPES = frozenset({"ESME", "GSME"})
COS_SRV = "6.23"
SUPPLIER_ROLES = frozenset({UserRole.IMPORT_SUPPLIER, UserRole.EXPORT_SUPPLIER, UserRole.GAS_SUPPLIER})


class CosCell(StrEnum):
    """Which CoS Party's certificate a device's Transitional CoS trust-anchor cell holds (R-COS-2)."""

    TCOS = "TCoS"
    ECOS = "ECoS"
    NULL = "null"  # the TCoS certificate replaced by a null one: only ECoS can change its supplier now


def party_for(cell: CosCell) -> CosCell:
    """R-COS-2: the CoS Party that signs a device's 6.23 — the one its cell names; a null cell: ECoS (the
    TCoS Party is never asked once a device no longer holds its certificate)."""
    return CosCell.TCOS if cell is CosCell.TCOS else CosCell.ECOS


def check_party_trusted(party: CosCell, cell: CosCell, device: str) -> None:
    """R-COS-2, defence in depth: a CoS Party signs only for a device the SMI routes to it
    (``CosPartyNotTrusted`` otherwise)."""
    if party_for(cell) is not party:
        raise CosPartyNotTrusted(f"the {party} Party does not sign for {device}: its Transitional CoS cell holds "
                                 f"the {cell} certificate (the {party_for(cell)} Party's device)")


def check_registered_supplier(requester: Eui64, mpxn: str, device_mpxns: Iterable[str],
                              periods: Sequence[RegistrationPeriod], at: datetime) -> UserRole:
    """R-COS-1: the 6.23 names one of the device's MPxNs and the requester is its Registered Supplier at
    ``at``; returns the supplier role it holds. ``NotAuthorisedForDevice`` (E4) otherwise."""
    mpxns = sorted(set(device_mpxns))
    if mpxn not in mpxns:
        raise NotAuthorisedForDevice(f"6.23 names MPxN {mpxn}, which is not the device's "
                                     f"({', '.join(mpxns) or 'none'})", rule="R-COS-1")
    holders = registered_at([p for p in periods if p.mpxn == mpxn], at)
    for role in sorted(SUPPLIER_ROLES):
        if requester in holders.get(role, frozenset()):
            return role
    current = sorted(str(p) for role in SUPPLIER_ROLES for p in holders.get(role, frozenset()))
    raise NotAuthorisedForDevice(f"{requester} is not the Registered Supplier for {mpxn} at {at.isoformat()} "
                                 f"(registered: {', '.join(current) or 'nobody'})", rule="R-COS-1")


def replacement_party(records: Sequence[CertificateRecord], at: datetime, *, test_pki: bool = False) -> Eui64:
    """R-COS-1: the replacement certificates must be one Supplier's Organisation Certificates — digital
    signing and key agreement (and optionally its prepayment top-up key agreement) — usable at ``at``;
    returns that Supplier's EUI-64. ``CosCertificatesRefused`` otherwise."""
    problems = []
    for r in records:
        if r.kind is not CertificateKind.ORGANISATION or r.role is not RemotePartyRole.SUPPLIER:
            problems.append(f"certificate {r.serial:X} is not a Supplier Organisation Certificate ({r.role})")
        elif not r.valid_at(at, test_pki=test_pki):
            problems.append(f"certificate {r.serial:X} is not valid at {at.isoformat()}")
    parties = {r.subject_eui for r in records}
    usages = sorted((r.key_usage.value if r.key_usage else "?") + ("-pp" if r.prepayment else "") for r in records)
    if len(parties) != 1:
        problems.append(f"the certificates belong to {len(parties)} parties, not one")
    if not {"ds", "ka"} <= set(usages):
        problems.append(f"a digital-signing and a key-agreement certificate are needed (got {', '.join(usages)})")
    if problems:
        raise CosCertificatesRefused("; ".join(problems))
    party = next(iter(parties))
    assert party is not None
    return party


@dataclass(frozen=True, slots=True)
class AnomalyThreshold:
    """How many 6.23s a User may send within ``window`` before the excess is quarantined (R-COS-1: TCoS
    traffic is subject to anomaly detection)."""

    limit: int = 1000
    window: timedelta = timedelta(hours=24)

    def breached(self, sent_in_window: int) -> bool:
        """True when one more request would exceed the limit (``sent_in_window`` already admitted)."""
        return sent_in_window >= self.limit


def threshold_for(user: Eui64, default: AnomalyThreshold, per_user: Mapping[Eui64, int]) -> AnomalyThreshold:
    limit = per_user.get(user)
    return default if limit is None else AnomalyThreshold(limit, default.window)


# --- the ECoS migration campaign (R-COS-2) -------------------------------------------------------------


class MigrationState(StrEnum):
    PENDING = "pending"  # queued (or to be retried): the CS02b is to be built and sent
    SENT = "sent"  # the CS02b is on its way; the device's response is awaited until the deadline
    DONE = "done"  # the device confirmed: the SMI's cell is the target
    FAILED = "failed"  # refused by the device, or no confirmation within the attempts allowed: still TCoS


@dataclass(frozen=True, slots=True)
class MigrationPolicy:
    """How long a device has to confirm, when a silent one is tried again, and how many times."""

    response_timeout: timedelta = timedelta(minutes=2)
    retry_after: timedelta = timedelta(minutes=10)
    max_attempts: int = 3


@dataclass(frozen=True, slots=True)
class CosMigration:
    """One device's entry in the campaign: replace its TCoS certificate by ``target``'s (ECoS or null)."""

    device_id: Eui64
    target: CosCell
    state: MigrationState
    queued_at: datetime
    updated_at: datetime
    attempts: int = 0
    counter: int | None = None  # TCoS originator counter of the latest CS02b sent to the device
    sent_at: datetime | None = None
    done_at: datetime | None = None
    last_error: str | None = None

    def sent(self, counter: int, at: datetime) -> CosMigration:
        return replace(self, state=MigrationState.SENT, attempts=self.attempts + 1, counter=counter, sent_at=at,
                       updated_at=at)

    def confirms(self, counter: int) -> bool:
        """A device response with this originator counter confirms the entry: every attempt sends the same
        replacement, so the response to an earlier attempt counts too (and a late one after a failure)."""
        return self.state is not MigrationState.DONE and self.counter is not None and counter <= self.counter

    def confirmed(self, at: datetime) -> CosMigration:
        return replace(self, state=MigrationState.DONE, done_at=at, updated_at=at, last_error=None)

    def attempt_failed(self, reason: str, at: datetime, policy: MigrationPolicy, *, final: bool = False
                       ) -> CosMigration:
        """Back to pending while attempts remain (``final``: the device refused — retrying cannot help)."""
        done_trying = final or self.attempts >= policy.max_attempts
        return replace(self, state=MigrationState.FAILED if done_trying else MigrationState.PENDING,
                       last_error=reason, updated_at=at)


def plan_migration(device: Eui64, device_type: str, cell: CosCell, existing: CosMigration | None, target: CosCell,
                   at: datetime) -> CosMigration | None:
    """R-COS-2: the campaign entry to store for queueing ``device`` towards ``target`` — None when there is
    nothing to do (its cell is the target already, or it is queued / in flight). ``CosMigrationRefused`` for
    a device the campaign cannot take. Queueing is idempotent; a failed entry starts again from zero."""
    if target is CosCell.TCOS:
        raise CosMigrationRefused("the campaign replaces TCoS certificates: its target is ECoS or null")
    if device_type not in COS_DEVICE_TYPES:
        raise CosMigrationRefused(f"{device} is a {device_type}: only meters (ESME, GSME) hold a Transitional CoS "
                                  "cell a Change of Supplier relies on")
    if cell is target:
        return None
    if cell is not CosCell.TCOS:
        raise CosMigrationRefused(f"{device}'s Transitional CoS cell holds the {cell} certificate, not TCoS's: "
                                  "the TCoS Party can no longer replace it")
    if existing is not None and existing.state in (MigrationState.PENDING, MigrationState.SENT):
        if existing.target is not target:
            raise CosMigrationRefused(f"{device} is already queued for {existing.target}")
        return None
    return CosMigration(device, target, MigrationState.PENDING, at, at)
