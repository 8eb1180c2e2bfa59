"""Change of Supplier rules (R-COS-1, R-COS-2; DOMAIN.md §8).

Transitional CoS (R-COS-1): the incoming supplier sends 6.23 with its replacement certificates and the
ImportMPxN; the DCC's CoS Party — a segregated function — checks the requester is the Registered Supplier
for that MPxN at that time (else E4) and signs the CS02b credential replacement (message code 0x0107,
supplier-by-TransCoS) itself. Enduring CoS (R-COS-2): the ECoS Party's certificate replaces the TCoS one
in each device's CoS trust-anchor cell through a migration campaign tracked per device (a null
certificate allowed); until every device is migrated both run side by side, each device's 6.23 signed by
the party whose certificate that device holds — so churn between suppliers works whichever party a
device trusts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from gbdcc.domain.errors import CosCertificatesRefused, NotAuthorisedForDevice
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import UserRole
from gbdcc.domain.registration import RegistrationPeriod, registered_at
from gbdcc.domain.smki import CertificateKind, CertificateRecord, RemotePartyRole

CS02B_SUPPLIER_BY_TRANSCOS = 0x0107  # GBCS CS02b, Update Security Credentials: supplier by TransCoS
COS_SRV = "6.23"
SUPPLIER_ROLES = frozenset({UserRole.IMPORT_SUPPLIER, UserRole.EXPORT_SUPPLIER, UserRole.GAS_SUPPLIER})


class CosCell(StrEnum):
    """Which CoS Party's certificate a device's Transitional CoS trust-anchor cell holds (R-COS-2)."""

    TCOS = "TCoS"
    ECOS = "ECoS"
    NULL = "null"  # the TCoS certificate replaced by a null one: only ECoS can change its supplier now


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
