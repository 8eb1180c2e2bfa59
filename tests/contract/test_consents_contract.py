"""The ConsentRepository contract on every backend (memory, SQLite, PostgreSQL): consent records and compromise
declarations round-trip every field (EUI-64s ≥ 2^63, instants in UTC), get ids in order, are updated in place
(withdrawal, third-party notice, the attempt to inform), are found per User and premises and listed with
filters; naive instants are refused (R-CONSENT-1..3)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta, timezone

import pytest

from gbdcc.adapters.db.errors import NaiveDatetime, NotStored
from gbdcc.domain.compliance.consent import CompromiseDeclaration, ConsentPurpose, ConsentRecord
from gbdcc.domain.ids import Eui64
from gbdcc.service.ports import UnitOfWorkFactory

from .conftest import BIG, T0

OU = Eui64(0x90B3D51F30070000)
MPAN, MPRN = "1312345678111", "1000999888"
ALL = frozenset(ConsentPurpose)


def consent(user: Eui64 = OU, mpxn: str = MPAN, **kw: object) -> ConsentRecord:
    values: dict[str, object] = {"user_id": user, "mpxn": mpxn, "given_at": T0,
                                 "purposes": frozenset({ConsentPurpose.CONSUMPTION_DATA})}
    values.update(kw)
    return ConsentRecord(**values)  # type: ignore[arg-type]


def test_a_consent_round_trips_every_field_with_its_id(uow_factory: UnitOfWorkFactory) -> None:
    plus_one = timezone(timedelta(hours=1))
    full = consent(BIG, MPRN, purposes=ALL, given_at=T0.astimezone(plus_one), withdrawn_at=T0 + timedelta(days=3),
                   third_party_notice_at=T0 + timedelta(seconds=1), evidence="recorded call ✓ #42")
    with uow_factory() as uow:
        first = uow.consents.add(consent())
        second = uow.consents.add(full)
        uow.commit()
    assert first.consent_id is not None and second.consent_id is not None and second.consent_id > first.consent_id
    with uow_factory() as uow:
        got = uow.consents.get(second.consent_id)
        assert got == replace(full, given_at=T0, consent_id=second.consent_id)
        assert got is not None and got.given_at.utcoffset() == timedelta(0) and got.purposes == ALL
        assert uow.consents.get(first.consent_id) == replace(consent(), consent_id=first.consent_id)
        assert uow.consents.get(second.consent_id + 100) is None


def test_withdrawal_and_notice_update_the_record_in_place(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        stored = uow.consents.add(consent())
        uow.commit()
    changed = stored.with_notice(T0 + timedelta(minutes=1)).withdraw(T0 + timedelta(days=1))
    with uow_factory() as uow:
        uow.consents.update(changed)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.consents.get(stored.consent_id or 0) == changed
    with uow_factory() as uow, pytest.raises(NotStored):
        uow.consents.update(replace(changed, consent_id=(stored.consent_id or 0) + 1000))


def test_for_premises_finds_the_users_consents_at_those_metering_points_oldest_first(
        uow_factory: UnitOfWorkFactory) -> None:
    other = Eui64(0x90B3D51F30070001)
    with uow_factory() as uow:
        a = uow.consents.add(consent(mpxn=MPRN))
        b = uow.consents.add(consent(withdrawn_at=T0 + timedelta(hours=1)))
        uow.consents.add(consent(other))  # another User's
        uow.consents.add(consent(mpxn="1312345678222"))  # another premises
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert list(uow.consents.for_premises(OU, [MPAN, MPRN])) == [a, b]
        assert list(uow.consents.for_premises(OU, [])) == []
        assert list(uow.consents.for_premises(BIG, [MPAN])) == []


def test_listed_filters_by_user_mpxn_and_being_in_force_newest_first(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        old = uow.consents.add(consent(withdrawn_at=T0 + timedelta(hours=1)))
        live = uow.consents.add(consent(given_at=T0 + timedelta(minutes=30)))
        gas = uow.consents.add(consent(BIG, MPRN))
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert list(uow.consents.listed()) == [gas, live, old]
        assert list(uow.consents.listed(limit=1)) == [gas]
        assert list(uow.consents.listed(limit=0)) == []
        assert list(uow.consents.listed(user_id=OU)) == [live, old]
        assert list(uow.consents.listed(mpxn=MPRN)) == [gas]
        assert list(uow.consents.listed(user_id=OU, in_force_at=T0 + timedelta(minutes=10))) == [old]
        assert list(uow.consents.listed(user_id=OU, in_force_at=T0 + timedelta(hours=1))) == [live]  # withdrawn then
        assert list(uow.consents.listed(user_id=OU, in_force_at=T0 - timedelta(seconds=1))) == []


def test_compromise_declarations_round_trip_and_take_the_attempt_to_inform(uow_factory: UnitOfWorkFactory) -> None:
    supplier, cad = Eui64(0x90B3D51F30010000), BIG
    bare = CompromiseDeclaration(supplier, cad, T0, "unknown firmware flooding the HAN")
    with uow_factory() as uow:
        first = uow.consents.declare(bare)
        second = uow.consents.declare(replace(bare, device_id=Eui64(7)))
        uow.commit()
    assert first.declaration_id is not None and second.declaration_id is not None
    assert first == replace(bare, declaration_id=first.declaration_id)
    informed = first.with_inform_attempt(T0 + timedelta(minutes=5), "letter posted; voicemail left")
    with uow_factory() as uow:
        uow.consents.update_declaration(informed)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.consents.declaration(first.declaration_id) == informed
        assert list(uow.consents.declarations_for(supplier, cad)) == [informed]
        assert list(uow.consents.declarations_for(supplier, Eui64(8))) == []
        assert list(uow.consents.declarations()) == [second, informed]
        assert list(uow.consents.declarations(limit=1)) == [second]
    with uow_factory() as uow, pytest.raises(NotStored):
        uow.consents.update_declaration(replace(informed, declaration_id=first.declaration_id + 1000))


def test_naive_instants_are_refused(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        with pytest.raises(NaiveDatetime):
            uow.consents.add(consent(given_at=T0.replace(tzinfo=None)))
        with pytest.raises(NaiveDatetime):
            uow.consents.declare(CompromiseDeclaration(OU, BIG, T0.replace(tzinfo=None), "why"))


def test_nothing_is_kept_without_commit(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.consents.add(consent())
    with uow_factory(read_only=True) as uow:
        assert list(uow.consents.listed()) == []
