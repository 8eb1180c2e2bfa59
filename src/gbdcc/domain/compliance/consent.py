"""Unambiguous Consent and the access control it gates (SEC I1; R-CONSENT-1, R-CONSENT-2, R-CONSENT-3).

Records: a :class:`ConsentRecord` is one User's consent from the Energy Consumer at one premises (named by
an MPAN or MPRN — every metering point on the same Communications Hub names the same premises) for a set
of :class:`ConsentPurpose`, given at an instant and perhaps withdrawn later, with the instant the consumer
was told that third parties may gain access to their data (R-CONSENT-2). A :class:`CompromiseDeclaration`
is a supplier's statement that it believes a Type 2 Device has compromised (or is likely to compromise)
another device of the Smart Metering System, with its record of the attempt to inform the consumer
(R-CONSENT-3).

Which requests consent gates (:func:`consent_gate`), decided after ``domain.access.authorise``:

* a join (8.7.1 / 8.7.2) or unjoin (8.8.1 / 8.8.2) of a Type 2 Device (IHD, CAD), by any role — purpose
  :attr:`ConsentPurpose.HAN_JOIN` (R-CONSENT-1). The device joined is the ``OtherDeviceID`` of the body
  (DUIS ``JoinService…`` / ``UnjoinService…``) or the target itself. It is a Type 2 Device when the SMI
  says IHD or CAD; an ``OtherDeviceID`` the SMI does not know, in a *non-critical* join / unjoin sent to a
  meter, is taken as one too: that is GBCS Method B (CS03B / CS04B), the method of Type 2 Devices —
  and, its type unknown, it is not a supplier's IHD;
* an Other User's request for consumption data (:data:`CONSUMPTION_DATA_SRVS`) — purpose
  :attr:`ConsentPurpose.CONSUMPTION_DATA` (R-CONSENT-1, I1.2).

Decisions (:func:`decide_consent`): a consent of the requesting User, in force at the request's instant,
for a metering point of the premises and the purpose, lets the request through; a Type 2 join further
needs the consumer told of third-party access at or before that instant (R-CONSENT-2) unless it is a
supplier joining an IHD (a supplier acting under its licence); a supplier may unjoin a Type 2 Device
without consent when it declared a suspected compromise of that device and recorded its attempt to
inform the consumer, both at or before the request (R-CONSENT-3). A refusal names its rule; the DUIS
response code is E4 (the User is not authorised for the device now) — DUIS has no consent code in our
sources, so it is marked "(code unverified)" in the error registry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from gbdcc.domain.errors import ConsentRecordInvalid, ConsentRequired, GbdccError, ThirdPartyNoticeMissing
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType
from gbdcc.domain.parties import SUPPLIER_ROLES, UserRole


class ConsentPurpose(StrEnum):
    """What a consent is for (R-CONSENT-1)."""

    HAN_JOIN = "han-join"  # joining / unjoining a Consumer Access Device / Type 2 Device
    CONSUMPTION_DATA = "consumption-data"  # an Other User's access to consumption data


#: Service Reference Variants that return consumption data (SEC I1.2; R-CONSENT-1): profile data, daily /
#: monthly reads and consumption logs, instantaneous and maximum-demand registers, billing data logs
#: (register snapshots), active power and network data. Of these DUIS lets an Other User send 4.8.1,
#: 4.8.2, 4.8.3 and 4.17; the others are listed so the rule stays right if eligibility widens.
CONSUMPTION_DATA_SRVS = frozenset({
    "4.1.1", "4.1.2", "4.1.3", "4.1.4",  # instantaneous import registers / TOU matrices / block counters
    "4.2",  # instantaneous export registers
    "4.4.2", "4.4.3",  # billing data logs (change of mode / tariff, billing calendar): register snapshots
    "4.6.1", "4.6.2",  # import / export daily read logs
    "4.8.1", "4.8.2", "4.8.3",  # active import / reactive import / export profile data
    "4.10",  # network data
    "4.12.1", "4.12.2",  # maximum demand registers
    "4.16",  # active power import
    "4.17",  # daily consumption log
})
JOIN_SRVS = frozenset({"8.7.1", "8.7.2"})
UNJOIN_SRVS = frozenset({"8.8.1", "8.8.2"})
NON_CRITICAL_HAN_SRVS = frozenset({"8.7.2", "8.8.2"})
TYPE2_DEVICES = frozenset({DeviceType.IHD, DeviceType.CAD})
METERS = frozenset({DeviceType.ESME, DeviceType.GSME})


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """One User's Unambiguous Consent at one premises (R-CONSENT-1, R-CONSENT-2). ``consent_id`` is given
    by storage (``None`` until stored)."""

    user_id: Eui64
    mpxn: str
    purposes: frozenset[ConsentPurpose]
    given_at: datetime
    withdrawn_at: datetime | None = None
    third_party_notice_at: datetime | None = None
    evidence: str = ""
    consent_id: int | None = None

    def __post_init__(self) -> None:
        if not self.purposes:
            raise ConsentRecordInvalid("a consent is for at least one purpose: "
                                       f"{', '.join(p.value for p in ConsentPurpose)}")
        if not self.mpxn.strip():
            raise ConsentRecordInvalid("a consent names the premises by an MPAN or MPRN")
        if self.withdrawn_at is not None and self.withdrawn_at < self.given_at:
            raise ConsentRecordInvalid(f"consent withdrawn at {self.withdrawn_at.isoformat()}, before it was "
                                       f"given at {self.given_at.isoformat()}")

    def in_force(self, at: datetime) -> bool:
        return self.given_at <= at and (self.withdrawn_at is None or at < self.withdrawn_at)

    def covers(self, purpose: ConsentPurpose, at: datetime) -> bool:
        return purpose in self.purposes and self.in_force(at)

    def told_of_third_parties(self, at: datetime) -> bool:
        return self.third_party_notice_at is not None and self.third_party_notice_at <= at

    def withdraw(self, at: datetime) -> ConsentRecord:
        if self.withdrawn_at is not None:
            raise ConsentRecordInvalid(f"consent {self.consent_id} was already withdrawn at "
                                       f"{self.withdrawn_at.isoformat()}")
        return replace(self, withdrawn_at=at)

    def with_notice(self, at: datetime) -> ConsentRecord:
        return replace(self, third_party_notice_at=at)


@dataclass(frozen=True, slots=True)
class CompromiseDeclaration:
    """A supplier's belief that a Type 2 Device has compromised or is likely to compromise another device
    of the Smart Metering System, and its record of the attempt to inform the consumer (R-CONSENT-3)."""

    supplier_id: Eui64
    device_id: Eui64
    declared_at: datetime
    reason: str
    inform_attempt_at: datetime | None = None
    inform_attempt: str | None = None
    declaration_id: int | None = None

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ConsentRecordInvalid("a compromise declaration says why the supplier believes the device "
                                       "compromises the Smart Metering System", rule="R-CONSENT-3")
        if (self.inform_attempt_at is None) != (not self.inform_attempt):
            raise ConsentRecordInvalid("the attempt to inform the consumer is recorded with both its instant "
                                       "and what was done", rule="R-CONSENT-3")

    def allows_unjoin(self, supplier_id: Eui64, device_id: Eui64, at: datetime) -> bool:
        return (self.supplier_id == supplier_id and self.device_id == device_id and self.declared_at <= at
                and self.inform_attempt_at is not None and self.inform_attempt_at <= at)

    def with_inform_attempt(self, at: datetime, attempt: str) -> CompromiseDeclaration:
        return replace(self, inform_attempt_at=at, inform_attempt=attempt)


@dataclass(frozen=True, slots=True)
class ConsentGate:
    """A request consent gates: the purpose, and for a HAN join / unjoin the Type 2 Device concerned
    (``han_type`` None when the SMI does not know it)."""

    srv: str
    purpose: ConsentPurpose
    han_device: Eui64 | None = None
    han_type: DeviceType | None = None

    @property
    def join(self) -> bool:
        return self.srv in JOIN_SRVS

    @property
    def unjoin(self) -> bool:
        return self.srv in UNJOIN_SRVS


@dataclass(frozen=True, slots=True)
class ConsentDecision:
    """The outcome: the rule and note for the audit trail when allowed, else the error to refuse with."""

    rule: str
    note: str
    error: GbdccError | None = None

    @property
    def allowed(self) -> bool:
        return self.error is None


def consent_gate(role: UserRole, srv: str, target: Device, other_id: Eui64 | None, other: Device | None
                 ) -> ConsentGate | None:
    """Whether consent gates this request (module docstring), and for what. ``other_id`` / ``other``: the
    body's ``OtherDeviceID`` and its SMI record (None when unknown)."""
    if role is UserRole.OTHER_USER and srv in CONSUMPTION_DATA_SRVS:
        return ConsentGate(srv, ConsentPurpose.CONSUMPTION_DATA)
    if srv not in JOIN_SRVS | UNJOIN_SRVS:
        return None
    if other is not None and other.device_type in TYPE2_DEVICES:
        return ConsentGate(srv, ConsentPurpose.HAN_JOIN, other.device_id, other.device_type)
    if target.device_type in TYPE2_DEVICES:
        return ConsentGate(srv, ConsentPurpose.HAN_JOIN, target.device_id, target.device_type)
    if other_id is not None and other is None and srv in NON_CRITICAL_HAN_SRVS and target.device_type in METERS:
        return ConsentGate(srv, ConsentPurpose.HAN_JOIN, other_id, None)  # GBCS Method B: a Type 2 Device
    return None


def premises_mpxns(device: Device, hub_devices: Iterable[Device], body_mpxn: str | None = None) -> frozenset[str]:
    """Every MPAN / MPRN naming the premises of ``device``: those of the meters on its Communications Hub
    (the device included) and one the request names (8.11)."""
    out: set[str] = set()
    for d in (device, *hub_devices):
        for mpxn in (d.import_mpxn, d.secondary_import_mpan, d.export_mpan):
            if mpxn:
                out.add(mpxn)
    if body_mpxn:
        out.add(body_mpxn)
    return frozenset(out)


def decide_consent(gate: ConsentGate, user_id: Eui64, role: UserRole, at: datetime, premises: frozenset[str],
                   consents: Sequence[ConsentRecord], compromises: Sequence[CompromiseDeclaration] = ()
                   ) -> ConsentDecision:
    """Decide a gated request on the consents (and compromise declarations) on record (module docstring)."""
    what = _describe(gate)
    if gate.unjoin and role in SUPPLIER_ROLES and gate.han_device is not None:
        declared = [c for c in compromises if c.allows_unjoin(user_id, gate.han_device, at)]
        if declared:
            d = declared[-1]
            return ConsentDecision("R-CONSENT-3", f"{what} without consent: {user_id} declared at "
                                   f"{d.declared_at.isoformat()} that the device compromises the Smart Metering "
                                   f"System and attempted to inform the consumer at "
                                   f"{d.inform_attempt_at.isoformat() if d.inform_attempt_at else '?'}")
    held = [c for c in consents if c.user_id == user_id and c.mpxn in premises and c.covers(gate.purpose, at)]
    if not held:
        places = ", ".join(sorted(premises)) or "no metering point in the SMI"
        return ConsentDecision("R-CONSENT-1", "", ConsentRequired(
            f"{user_id} ({role}) has no Unambiguous Consent in force at {at.isoformat()} for {gate.purpose} at the "
            f"premises ({places}): {what} refused", rule="R-CONSENT-1"))
    licensed_ihd = role in SUPPLIER_ROLES and gate.han_type is DeviceType.IHD  # a supplier under its licence
    if gate.join and not licensed_ihd and not any(c.told_of_third_parties(at) for c in held):
        return ConsentDecision("R-CONSENT-2", "", ThirdPartyNoticeMissing(
            f"{user_id} ({role}) has not recorded telling the consumer that third parties may gain access to "
            f"their data before {what} (only a supplier joining an IHD under its licence is exempt)",
            rule="R-CONSENT-2"))
    ids = ", ".join(str(c.consent_id) for c in held)
    return ConsentDecision("R-CONSENT-1", f"{what}: Unambiguous Consent of {user_id} on record ({ids})")


def _describe(gate: ConsentGate) -> str:
    if gate.purpose is ConsentPurpose.CONSUMPTION_DATA:
        return f"{gate.srv} consumption data for an Other User"
    verb = "join" if gate.join else "unjoin"
    kind = gate.han_type.value if gate.han_type is not None else "Type 2 Device (not in the SMI)"
    return f"{gate.srv} {verb} of {kind} {gate.han_device}"
