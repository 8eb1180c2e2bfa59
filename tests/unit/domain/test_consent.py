"""``domain.compliance.consent``: which requests consent gates and how they are decided (R-CONSENT-1..3), and the
records' own rules — pure functions, no storage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from gbdcc.domain.catalogue import lookup
from gbdcc.domain.compliance.consent import (
    CONSUMPTION_DATA_SRVS,
    CompromiseDeclaration,
    ConsentGate,
    ConsentPurpose,
    ConsentRecord,
    consent_gate,
    decide_consent,
    premises_mpxns,
)
from gbdcc.domain.errors import ConsentRecordInvalid, ConsentRequired, ThirdPartyNoticeMissing
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus
from gbdcc.domain.parties import UserRole

T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)
OU, SUPPLIER = Eui64.parse("90-B3-D5-1F-30-0A-00-07"), Eui64.parse("90-B3-D5-1F-30-DE-00-01")
CHF = Eui64(0x00DB_0000_0000_0001)
MPAN, MPRN = "1312345678111", "1000999888"


def dev(n: int, kind: DeviceType, **kw: object) -> Device:
    return Device(Eui64(0x00DB_0000_0000_0000 + n), kind, SmiStatus.COMMISSIONED, T0, chf_id=CHF, **kw)  # type: ignore[arg-type]


ESME = dev(2, DeviceType.ESME, import_mpxn=MPAN, export_mpan="1312345678333")
GSME = dev(3, DeviceType.GSME, import_mpxn=MPRN)
IHD, CAD, PPMID = dev(4, DeviceType.IHD), dev(5, DeviceType.CAD), dev(6, DeviceType.PPMID)


def consent(user: Eui64 = OU, purposes: frozenset[ConsentPurpose] = frozenset(ConsentPurpose), **kw: object
            ) -> ConsentRecord:
    return ConsentRecord(user, kw.pop("mpxn", MPAN), purposes, kw.pop("given_at", T0), consent_id=1, **kw)  # type: ignore[arg-type]


def test_r_consent_1_the_consumption_data_srvs_an_other_user_may_send_are_all_gated() -> None:
    """Every SRV DUIS lets an Other User send that returns consumption data is in the list; the list names
    only SRVs of the catalogue."""
    ou_data = {srv for srv in CONSUMPTION_DATA_SRVS if UserRole.OTHER_USER in lookup(srv).eligible_roles}
    assert ou_data == {"4.8.1", "4.8.2", "4.8.3", "4.17"}
    for srv in CONSUMPTION_DATA_SRVS:
        gate = consent_gate(UserRole.OTHER_USER, srv, ESME, None, None)
        assert gate == ConsentGate(srv, ConsentPurpose.CONSUMPTION_DATA)
        assert consent_gate(UserRole.IMPORT_SUPPLIER, srv, ESME, None, None) is None
    assert consent_gate(UserRole.OTHER_USER, "11.2", ESME, None, None) is None  # firmware version: not consumption


def test_r_consent_1_joins_and_unjoins_of_type_2_devices_are_gated_type_1_ones_are_not() -> None:
    for srv in ("8.7.1", "8.7.2", "8.8.1", "8.8.2"):
        assert consent_gate(UserRole.GAS_SUPPLIER, srv, GSME, CAD.device_id, CAD) == ConsentGate(
            srv, ConsentPurpose.HAN_JOIN, CAD.device_id, DeviceType.CAD)
        assert consent_gate(UserRole.IMPORT_SUPPLIER, srv, ESME, PPMID.device_id, PPMID) is None
        assert consent_gate(UserRole.IMPORT_SUPPLIER, srv, PPMID, ESME.device_id, ESME) is None
    assert consent_gate(UserRole.IMPORT_SUPPLIER, "8.7.1", IHD, ESME.device_id, ESME) == ConsentGate(
        "8.7.1", ConsentPurpose.HAN_JOIN, IHD.device_id, DeviceType.IHD)


def test_r_consent_1_a_device_unknown_to_the_smi_is_type_2_only_in_a_non_critical_join_to_a_meter() -> None:
    unknown = Eui64(0x00DB_0000_0000_00FF)
    assert consent_gate(UserRole.GAS_SUPPLIER, "8.7.2", GSME, unknown, None) == ConsentGate(
        "8.7.2", ConsentPurpose.HAN_JOIN, unknown, None)
    assert consent_gate(UserRole.GAS_SUPPLIER, "8.7.1", GSME, unknown, None) is None  # critical: Type 1 methods
    assert consent_gate(UserRole.IMPORT_SUPPLIER, "8.8.2", PPMID, unknown, None) is None  # Method A / C


def test_premises_are_every_mpxn_of_the_meters_on_the_hub() -> None:
    assert premises_mpxns(IHD, [ESME, GSME, PPMID]) == {MPAN, "1312345678333", MPRN}
    assert premises_mpxns(GSME, [], "1312345678444") == {MPRN, "1312345678444"}


def test_r_consent_1_decided_on_the_users_consent_in_force_for_the_purpose_at_the_premises() -> None:
    gate = ConsentGate("4.8.1", ConsentPurpose.CONSUMPTION_DATA)
    premises = frozenset({MPAN, MPRN})
    assert decide_consent(gate, OU, UserRole.OTHER_USER, T0, premises, [consent()]).allowed
    assert decide_consent(gate, OU, UserRole.OTHER_USER, T0, premises, [consent(mpxn=MPRN)]).allowed
    refusals = [
        [],
        [consent(SUPPLIER)],  # another User's
        [consent(purposes=frozenset({ConsentPurpose.HAN_JOIN}))],  # another purpose
        [consent(mpxn="1312345678444")],  # another premises
        [consent(given_at=T0 + timedelta(seconds=1))],  # not yet given
        [consent(given_at=T0 - timedelta(days=1), withdrawn_at=T0)],  # withdrawn at that instant
    ]
    for records in refusals:
        decision = decide_consent(gate, OU, UserRole.OTHER_USER, T0, premises, records)
        assert isinstance(decision.error, ConsentRequired) and decision.error.rule == "R-CONSENT-1", records
        assert decision.error.response_code == "E4"


def test_r_consent_2_type_2_joins_need_the_third_party_notice_but_a_suppliers_ihd_does_not() -> None:
    premises = frozenset({MPAN})
    held = [consent(SUPPLIER)]
    told = [consent(SUPPLIER, third_party_notice_at=T0 - timedelta(hours=1))]
    cad = ConsentGate("8.7.2", ConsentPurpose.HAN_JOIN, CAD.device_id, DeviceType.CAD)
    ihd = ConsentGate("8.7.2", ConsentPurpose.HAN_JOIN, IHD.device_id, DeviceType.IHD)
    unjoin = ConsentGate("8.8.2", ConsentPurpose.HAN_JOIN, CAD.device_id, DeviceType.CAD)
    refused = decide_consent(cad, SUPPLIER, UserRole.IMPORT_SUPPLIER, T0, premises, held)
    assert isinstance(refused.error, ThirdPartyNoticeMissing) and refused.error.rule == "R-CONSENT-2"
    assert decide_consent(cad, SUPPLIER, UserRole.IMPORT_SUPPLIER, T0, premises, told).allowed
    assert decide_consent(ihd, SUPPLIER, UserRole.IMPORT_SUPPLIER, T0, premises, held).allowed  # under its licence
    assert not decide_consent(ihd, SUPPLIER, UserRole.OTHER_USER, T0, premises, held).allowed  # not a supplier
    assert decide_consent(unjoin, SUPPLIER, UserRole.IMPORT_SUPPLIER, T0, premises, held).allowed
    later = [consent(SUPPLIER, third_party_notice_at=T0 + timedelta(seconds=1))]  # told only afterwards
    assert isinstance(decide_consent(cad, SUPPLIER, UserRole.IMPORT_SUPPLIER, T0, premises, later).error,
                      ThirdPartyNoticeMissing)


def test_r_consent_3_a_declared_compromise_with_an_attempt_to_inform_lets_a_supplier_unjoin() -> None:
    unjoin = ConsentGate("8.8.2", ConsentPurpose.HAN_JOIN, CAD.device_id, DeviceType.CAD)
    declared = CompromiseDeclaration(SUPPLIER, CAD.device_id, T0 - timedelta(hours=1), "HAN flooding")
    informed = declared.with_inform_attempt(T0 - timedelta(minutes=5), "letter posted")
    ok = decide_consent(unjoin, SUPPLIER, UserRole.GAS_SUPPLIER, T0, frozenset({MPRN}), [], [informed])
    assert ok.allowed and ok.rule == "R-CONSENT-3"
    for compromises, role in (([declared], UserRole.GAS_SUPPLIER),  # no attempt to inform
                              ([informed.with_inform_attempt(T0 + timedelta(seconds=1), "x")], UserRole.GAS_SUPPLIER),
                              ([informed], UserRole.OTHER_USER)):  # not a supplier
        decision = decide_consent(unjoin, SUPPLIER, role, T0, frozenset({MPRN}), [], compromises)
        assert isinstance(decision.error, ConsentRequired), (compromises, role)
    join = ConsentGate("8.7.2", ConsentPurpose.HAN_JOIN, CAD.device_id, DeviceType.CAD)
    assert not decide_consent(join, SUPPLIER, UserRole.GAS_SUPPLIER, T0, frozenset({MPRN}), [], [informed]).allowed


def test_consent_records_refuse_what_cannot_be() -> None:
    with pytest.raises(ConsentRecordInvalid):
        consent(purposes=frozenset())
    with pytest.raises(ConsentRecordInvalid):
        consent(withdrawn_at=T0 - timedelta(seconds=1))
    with pytest.raises(ConsentRecordInvalid):
        consent().withdraw(T0).withdraw(T0)
    with pytest.raises(ConsentRecordInvalid):
        CompromiseDeclaration(SUPPLIER, CAD.device_id, T0, "  ")
    with pytest.raises(ConsentRecordInvalid):
        CompromiseDeclaration(SUPPLIER, CAD.device_id, T0, "why", inform_attempt_at=T0)  # when, but not what
