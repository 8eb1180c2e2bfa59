"""Access control for Device Service Requests (``domain.access.authorise``): each refusal names its rule,
in the order DESIGN.md gives; properties over roles × SRVs × device relationships (Hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gbdcc.domain.access import DeviceFacts, authorise, metering_points
from gbdcc.domain.catalogue import CATALOGUE, lookup
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus
from gbdcc.domain.parties import User, UserRole, UserRoleEntry
from gbdcc.domain.registration import RegistrationPeriod

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SUPPLIER = Eui64.parse("90-B3-D5-1F-30-01-00-00")
OTHER_SUPPLIER = Eui64.parse("90-B3-D5-1F-30-03-00-00")
NETWORK = Eui64.parse("90-B3-D5-1F-30-02-00-00")
CHF, GPF, ESME, GSME, PPMID = (Eui64(0x00DB_1234_5678_90A0 + n) for n in (2, 3, 0, 1, 4))
MPAN, MPRN = "1312345678111", "1000999888"


def user(eui: Eui64, *roles: UserRole, entry: date = date(2020, 1, 1)) -> User:
    u = User(eui, "party")
    for role in roles:
        u = u.with_role(UserRoleEntry(role, entry))
    return u


def device(eui: Eui64, kind: DeviceType, status: SmiStatus = SmiStatus.COMMISSIONED, **kw: object) -> Device:
    base = {"chf_id": CHF if kind is not DeviceType.CHF else None, "supplier_credentials": SUPPLIER,
            "network_operator_credentials": NETWORK}
    base.update(kw)
    return Device(eui, kind, status, NOW - timedelta(days=30), **base)  # type: ignore[arg-type]


ESME_DEV = device(ESME, DeviceType.ESME, import_mpxn=MPAN)
GSME_DEV = device(GSME, DeviceType.GSME, import_mpxn=MPRN, associated_gpf_id=GPF)
HUB = (device(CHF, DeviceType.CHF), device(GPF, DeviceType.GPF), ESME_DEV, GSME_DEV)
REGISTRATIONS = (
    RegistrationPeriod(MPAN, UserRole.IMPORT_SUPPLIER, SUPPLIER, NOW - timedelta(days=365)),
    RegistrationPeriod(MPAN, UserRole.ELECTRICITY_DISTRIBUTOR, NETWORK, NOW - timedelta(days=365)),
    RegistrationPeriod(MPRN, UserRole.GAS_SUPPLIER, SUPPLIER, NOW - timedelta(days=365)),
    RegistrationPeriod(MPRN, UserRole.GAS_TRANSPORTER, NETWORK, NOW - timedelta(days=365)),
)
SUPPLIER_USER = user(SUPPLIER, UserRole.IMPORT_SUPPLIER, UserRole.GAS_SUPPLIER)


def facts(target: Device | None, registrations: tuple[RegistrationPeriod, ...] = REGISTRATIONS,
          body_mpxn: str | None = None) -> DeviceFacts:
    others = tuple(d for d in HUB if target is None or d.device_id != target.device_id)
    return DeviceFacts(device=target, hub_devices=others, body_mpxn=body_mpxn, registrations=registrations)


def test_registered_supplier_is_allowed_with_its_role() -> None:
    decision = authorise(SUPPLIER_USER, SUPPLIER, lookup("4.1.1"), NOW, facts(ESME_DEV))
    assert decision.allowed and decision.role is UserRole.IMPORT_SUPPLIER
    assert decision.decision.response_code == "I99" and decision.decision.rule == "R-SR-1"
    gas = authorise(SUPPLIER_USER, SUPPLIER, lookup("4.1.1"), NOW, facts(GSME_DEV))
    assert gas.role is UserRole.GAS_SUPPLIER


def test_e1_unknown_user() -> None:
    decision = authorise(None, SUPPLIER, lookup("4.1.1"), NOW, facts(ESME_DEV))
    assert decision.decision.response_code == "E1" and decision.decision.rule == "R-USER-1"


def test_e3_not_yet_a_user_r_user_1() -> None:
    early = user(SUPPLIER, UserRole.IMPORT_SUPPLIER, entry=date(2027, 1, 1))
    decision = authorise(early, SUPPLIER, lookup("4.1.1"), NOW, facts(ESME_DEV))
    assert decision.decision.response_code == "E3" and decision.decision.rule == "R-USER-1"


def test_e2_role_not_eligible_r_sr_1() -> None:
    exporter = user(OTHER_SUPPLIER, UserRole.EXPORT_SUPPLIER)
    decision = authorise(exporter, OTHER_SUPPLIER, lookup("7.1"), NOW, facts(ESME_DEV))
    assert decision.decision.response_code == "E2" and decision.decision.rule == "R-SR-1"


def test_e19_unknown_device() -> None:
    decision = authorise(SUPPLIER_USER, SUPPLIER, lookup("4.1.1"), NOW, facts(None))
    assert decision.decision.response_code == "E19" and decision.decision.rule == "R-SR-1"


def test_e4_supplier_not_registered_for_the_mpan_at_that_time() -> None:
    rival = user(OTHER_SUPPLIER, UserRole.IMPORT_SUPPLIER)
    decision = authorise(rival, OTHER_SUPPLIER, lookup("4.1.1"), NOW, facts(ESME_DEV))
    assert decision.decision.response_code == "E4" and decision.decision.rule == "R-SR-1"
    assert MPAN in decision.decision.reason


def test_e4_is_time_sliced_registration_data() -> None:
    switched = (RegistrationPeriod(MPAN, UserRole.IMPORT_SUPPLIER, SUPPLIER, NOW - timedelta(days=365),
                                   NOW - timedelta(days=1)),
                RegistrationPeriod(MPAN, UserRole.IMPORT_SUPPLIER, OTHER_SUPPLIER, NOW - timedelta(days=1)))
    old = authorise(SUPPLIER_USER, SUPPLIER, lookup("4.1.1"), NOW, facts(ESME_DEV, switched))
    new = authorise(user(OTHER_SUPPLIER, UserRole.IMPORT_SUPPLIER), OTHER_SUPPLIER, lookup("4.1.1"), NOW,
                    facts(ESME_DEV, switched))
    before = authorise(SUPPLIER_USER, SUPPLIER, lookup("4.1.1"), NOW - timedelta(days=2), facts(ESME_DEV, switched))
    assert old.decision.response_code == "E4" and new.allowed and before.allowed


def test_e4_network_operator_is_registered_as_ed_not_as_supplier() -> None:
    dno = user(NETWORK, UserRole.ELECTRICITY_DISTRIBUTOR)
    assert authorise(dno, NETWORK, lookup("4.1.1"), NOW, facts(ESME_DEV)).role is UserRole.ELECTRICITY_DISTRIBUTOR
    stranger = user(Eui64(7), UserRole.ELECTRICITY_DISTRIBUTOR)
    assert authorise(stranger, Eui64(7), lookup("4.1.1"), NOW, facts(ESME_DEV)).decision.response_code == "E4"


def test_e4_hub_devices_take_the_metering_points_of_their_meters() -> None:
    chf = HUB[0]
    assert authorise(SUPPLIER_USER, SUPPLIER, lookup("8.11"), NOW, facts(chf)).allowed
    assert metering_points(HUB[1], HUB, None) == {MPRN: frozenset({UserRole.GAS_SUPPLIER,
                                                                   UserRole.GAS_TRANSPORTER})}


def test_e4_8_11_add_to_an_empty_hub_is_decided_on_the_mpxn_it_names() -> None:
    empty = DeviceFacts(device=device(CHF, DeviceType.CHF), hub_devices=(), body_mpxn=MPAN,
                        registrations=REGISTRATIONS)
    assert authorise(SUPPLIER_USER, SUPPLIER, lookup("8.11"), NOW, empty).allowed
    nothing = replace(empty, body_mpxn=None)
    refused = authorise(SUPPLIER_USER, SUPPLIER, lookup("8.11"), NOW, nothing)
    assert refused.decision.response_code == "E4" and "no metering point" in refused.decision.reason


@pytest.mark.parametrize("status", [SmiStatus.PENDING, SmiStatus.WHITELISTED, SmiStatus.DECOMMISSIONED,
                                    SmiStatus.WITHDRAWN, SmiStatus.RECOVERY])
def test_e5_smi_status_incompatible(status: SmiStatus) -> None:
    decision = authorise(SUPPLIER_USER, SUPPLIER, lookup("4.1.1"), NOW, facts(replace(ESME_DEV, status=status)))
    assert decision.decision.response_code == "E5" and decision.decision.rule == "SMI-STATUS"


def test_e5_suspended_device_takes_only_credential_and_firmware_requests() -> None:
    suspended = replace(ESME_DEV, status=SmiStatus.SUSPENDED)
    assert authorise(SUPPLIER_USER, SUPPLIER, lookup("4.1.1"), NOW, facts(suspended)).decision.response_code == "E5"
    assert authorise(SUPPLIER_USER, SUPPLIER, lookup("11.2"), NOW, facts(suspended)).allowed


def test_e11_srv_incompatible_with_the_device_type() -> None:
    e11 = authorise(SUPPLIER_USER, SUPPLIER, lookup("8.11"), NOW, facts(GSME_DEV))  # the CHF's device log
    assert e11.decision.response_code == "E11" and e11.decision.rule == "R-SR-1"
    assert "CHF" in e11.decision.reason


def test_e4_comes_before_e11_as_designed() -> None:
    """7.1 (IS only) to a gas meter: the Import Supplier is not registered for an MPRN — E4 decides first."""
    decision = authorise(SUPPLIER_USER, SUPPLIER, lookup("7.1"), NOW, facts(GSME_DEV))
    assert decision.decision.response_code == "E4"


def test_r_smi_3_device_security_credentials_must_be_populated() -> None:
    bare = replace(ESME_DEV, supplier_credentials=None)
    decision = authorise(SUPPLIER_USER, SUPPLIER, lookup("4.1.1"), NOW, facts(bare))
    assert decision.decision.response_code == "E5" and decision.decision.rule == "R-SMI-3"
    chf_without = replace(HUB[0], supplier_credentials=None)  # a CHF is not a Smart Meter, GPF or Type 1
    assert authorise(SUPPLIER_USER, SUPPLIER, lookup("8.11"), NOW, facts(chf_without)).allowed


def test_r_sr_2_credential_rectification_by_a_non_eligible_user_is_let_through() -> None:
    """H3.6: the former supplier, whose certificates the device still wrongly holds, may rectify them."""
    rival = user(OTHER_SUPPLIER, UserRole.IMPORT_SUPPLIER)
    held = replace(ESME_DEV, supplier_credentials=OTHER_SUPPLIER)
    decision = authorise(rival, OTHER_SUPPLIER, lookup("6.15.1"), NOW, facts(held))
    assert decision.allowed and decision.decision.rule == "R-SR-2"
    # not for another SRV, and not when its certificates are not on the device
    assert authorise(rival, OTHER_SUPPLIER, lookup("4.1.1"), NOW, facts(held)).decision.response_code == "E4"
    assert authorise(rival, OTHER_SUPPLIER, lookup("6.15.1"), NOW, facts(ESME_DEV)).decision.response_code == "E4"
    # the device checks still apply
    gone = replace(held, status=SmiStatus.DECOMMISSIONED)
    assert authorise(rival, OTHER_SUPPLIER, lookup("6.15.1"), NOW, facts(gone)).decision.response_code == "E5"


# --- properties -----------------------------------------------------------------------------------------

DEVICE_SRVS = sorted(s for s, e in CATALOGUE.items() if not e.non_device)
ROLES = list(UserRole)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[User, Eui64, str, Device, bool]:
    party = draw(st.sampled_from([SUPPLIER, OTHER_SUPPLIER, NETWORK]))
    roles = draw(st.sets(st.sampled_from(ROLES), min_size=1, max_size=3))
    if len(roles) > 1 and not roles <= {UserRole.IMPORT_SUPPLIER, UserRole.GAS_SUPPLIER, UserRole.EXPORT_SUPPLIER}:
        roles = {next(iter(sorted(roles)))}
    srv = draw(st.sampled_from(DEVICE_SRVS))
    target = draw(st.sampled_from((*HUB, device(PPMID, DeviceType.PPMID))))
    status = draw(st.sampled_from(list(SmiStatus)))
    known = draw(st.booleans())
    return user(party, *roles), party, srv, replace(target, status=status), known


@settings(max_examples=600, deadline=None)
@given(scenarios())
def test_property_allowed_means_eligible_registered_known_active_and_typed(case: tuple[User, Eui64, str, Device, bool]
                                                                           ) -> None:
    u, party, srv_name, target, known = case
    srv = lookup(srv_name)
    decision = authorise(u, party, srv, NOW, facts(target if known else None))
    assert decision.decision.rule  # every decision names its rule
    if not decision.allowed:
        assert decision.error is not None and decision.decision.response_code == decision.error.response_code
        return
    assert known
    assert target.device_type in srv.device_types
    assert target.status in (SmiStatus.COMMISSIONED, SmiStatus.INSTALLED_NOT_COMMISSIONED, SmiStatus.SUSPENDED) \
        or target.device_type.is_type2
    if decision.decision.rule == "R-SR-1":
        assert decision.role in srv.eligible_roles and decision.role in u.roles_on(NOW.date())
        if decision.role not in (UserRole.OTHER_USER, UserRole.REGISTERED_SUPPLIER_AGENT):
            points = metering_points(target, [d for d in HUB if d.device_id != target.device_id], None)
            registered = {p.party for p in REGISTRATIONS if p.mpxn in points and p.role is decision.role}
            assert party in registered
    else:
        assert decision.decision.rule == "R-SR-2" and srv.srv in ("6.15.1", "6.15.2")


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_property_the_first_failing_check_decides(case: tuple[User, Eui64, str, Device, bool]) -> None:
    """An unknown device is refused E19 whatever the device would have been; an ineligible role is E2
    whatever the device (unless R-SR-2)."""
    u, party, srv_name, _target, _known = case
    srv = lookup(srv_name)
    unknown = authorise(u, party, srv, NOW, facts(None))
    eligible = bool(u.roles_on(NOW.date()) & srv.eligible_roles)
    assert unknown.decision.response_code == ("E19" if eligible else "E2")
