"""Recording consent and compromise declarations (R-CONSENT-1..3): the use cases behind ``gbdcc consent``
and ``/admin/v1/consents``.

Each runs in one unit of work and returns what it stored. A consent is recorded for a registered User at a
premises named by a valid MPAN or MPRN (check digits; ``lenient`` in test-PKI mode, as the gateway reads
MPxNs); a compromise declaration by a registered supplier about a device (it need not be in the SMI: a
Type 2 Device joined by GBCS Method B may not be). Withdrawing or giving notice twice is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from gbdcc.domain.compliance.consent import CompromiseDeclaration, ConsentPurpose, ConsentRecord
from gbdcc.domain.errors import ConsentRecordInvalid, ConsentUnknown
from gbdcc.domain.ids import Eui64, parse_mpxn
from gbdcc.domain.parties import SUPPLIER_ROLES
from gbdcc.service.ports import UnitOfWork, UnitOfWorkFactory


def parse_purposes(values: Iterable[str]) -> frozenset[ConsentPurpose]:
    """Purpose names (``han-join``, ``consumption-data``; ``all`` for both) → purposes."""
    out: set[ConsentPurpose] = set()
    for value in values:
        for text in value.split(","):
            name = text.strip().lower()
            if not name:
                continue
            if name == "all":
                out.update(ConsentPurpose)
                continue
            try:
                out.add(ConsentPurpose(name))
            except ValueError:
                raise ConsentRecordInvalid(f"no consent purpose {name!r}: "
                                           f"{', '.join(p.value for p in ConsentPurpose)} or all") from None
    return frozenset(out)


def give_consent(uow_factory: UnitOfWorkFactory, user_id: Eui64, mpxn: str, purposes: frozenset[ConsentPurpose],
                 given_at: datetime, *, third_party_notice_at: datetime | None = None, evidence: str = "",
                 lenient: bool = False) -> ConsentRecord:
    """Record a User's Unambiguous Consent at a premises (R-CONSENT-1), and the third-party notice if given
    (R-CONSENT-2)."""
    premises = str(parse_mpxn(mpxn, lenient=lenient))
    record = ConsentRecord(user_id, premises, purposes, given_at, third_party_notice_at=third_party_notice_at,
                           evidence=evidence.strip())
    with uow_factory() as uow:
        if uow.users.get(user_id) is None:
            raise ConsentRecordInvalid(f"{user_id} is not a registered DCC User: consent is recorded for a User")
        stored = uow.consents.add(record)
        uow.commit()
    return stored


def withdraw_consent(uow_factory: UnitOfWorkFactory, consent_id: int, at: datetime) -> ConsentRecord:
    """The consumer withdrew the consent at ``at``: from then on it lets nothing through (R-CONSENT-1)."""
    with uow_factory() as uow:
        withdrawn = _consent(uow, consent_id).withdraw(at)
        uow.consents.update(withdrawn)
        uow.commit()
    return withdrawn


def record_notice(uow_factory: UnitOfWorkFactory, consent_id: int, at: datetime) -> ConsentRecord:
    """The consumer was told at ``at`` that third parties may gain access to their data (R-CONSENT-2)."""
    with uow_factory() as uow:
        record = _consent(uow, consent_id)
        if record.third_party_notice_at is not None:
            raise ConsentRecordInvalid(f"consent {consent_id} already records the third-party notice at "
                                       f"{record.third_party_notice_at.isoformat()}", rule="R-CONSENT-2")
        noticed = record.with_notice(at)
        uow.consents.update(noticed)
        uow.commit()
    return noticed


def declare_compromise(uow_factory: UnitOfWorkFactory, supplier_id: Eui64, device_id: Eui64, declared_at: datetime,
                       reason: str, *, inform_attempt_at: datetime | None = None, inform_attempt: str | None = None
                       ) -> CompromiseDeclaration:
    """A supplier declares that it believes a Type 2 Device compromises the Smart Metering System, with (or
    later, :func:`record_inform_attempt`) its attempt to inform the consumer (R-CONSENT-3)."""
    declaration = CompromiseDeclaration(supplier_id, device_id, declared_at, reason.strip(), inform_attempt_at,
                                        inform_attempt.strip() if inform_attempt else None)
    with uow_factory() as uow:
        user = uow.users.get(supplier_id)
        if user is None or not user.roles_on(declared_at.date()) & SUPPLIER_ROLES:
            raise ConsentRecordInvalid(f"{supplier_id} is not a supplier on {declared_at.date()}: only a supplier "
                                       "may unjoin a Type 2 Device on a suspected compromise", rule="R-CONSENT-3")
        stored = uow.consents.declare(declaration)
        uow.commit()
    return stored


def record_inform_attempt(uow_factory: UnitOfWorkFactory, declaration_id: int, at: datetime, attempt: str
                          ) -> CompromiseDeclaration:
    """The supplier's attempt to inform the consumer of the compromise and the unjoin (R-CONSENT-3)."""
    with uow_factory() as uow:
        found = uow.consents.declaration(declaration_id)
        if found is None:
            raise ConsentUnknown(f"no compromise declaration {declaration_id}", rule="R-CONSENT-3")
        if found.inform_attempt_at is not None:
            raise ConsentRecordInvalid(f"declaration {declaration_id} already records an attempt to inform the "
                                       f"consumer at {found.inform_attempt_at.isoformat()}", rule="R-CONSENT-3")
        updated = found.with_inform_attempt(at, attempt.strip())
        uow.consents.update_declaration(updated)
        uow.commit()
    return updated


def list_consents(uow_factory: UnitOfWorkFactory, *, user_id: Eui64 | None = None, mpxn: str | None = None,
                  in_force_at: datetime | None = None, limit: int = 100) -> Sequence[ConsentRecord]:
    with uow_factory(read_only=True) as uow:
        return list(uow.consents.listed(user_id=user_id, mpxn=mpxn, in_force_at=in_force_at, limit=limit))


def list_declarations(uow_factory: UnitOfWorkFactory, *, limit: int = 100) -> Sequence[CompromiseDeclaration]:
    with uow_factory(read_only=True) as uow:
        return list(uow.consents.declarations(limit=limit))


def _consent(uow: UnitOfWork, consent_id: int) -> ConsentRecord:
    found = uow.consents.get(consent_id)
    if found is None:
        raise ConsentUnknown(f"no consent record {consent_id}")
    return found
