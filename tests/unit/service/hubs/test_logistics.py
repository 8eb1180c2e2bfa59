"""Communications Hub logistics handlers over the in-memory unit of work (SEC F5-F7, R-CH-1, R-TEST-1): orders
confirmed or refused with their rule, simulated deliveries into the SMI, housekeeping, returns by the CLI and by
DUIS 8.14.3 / 8.14.4, the hubs report and the test-hub check."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from gbdcc.adapters.clock import FixedClock
from gbdcc.adapters.db.memory import InMemoryUnitOfWorkFactory
from gbdcc.adapters.wan.coverage import CoverageMap
from gbdcc.adapters.wan.coverage_db import SimulatedCoverageDatabase
from gbdcc.domain.catalogue import lookup
from gbdcc.domain.compliance.report import column
from gbdcc.domain.errors import HubOrderStateRefused, HubOrderUnknown, NotATestHub, SimRegionRefused
from gbdcc.domain.hubs import (
    HubForecast,
    HubOrder,
    HubType,
    LogisticsTerms,
    OrderStatus,
    Region,
    ReturnKind,
    VisitSlot,
    hub_euis,
)
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.inventory import DeviceType, SmiStatus
from gbdcc.domain.parties import UserRole
from gbdcc.service.handlers import RequestContext
from gbdcc.service.hubs.logistics import (
    deliver,
    housekeeping,
    place_order,
    require_test_hub,
    return_hub,
    submit_forecast,
)
from gbdcc.service.hubs.report import HubsReport
from gbdcc.service.messages import InboundRequest
from gbdcc.service.non_device import non_device_handlers

SUPPLIER = Eui64.parse("90-B3-D5-1F-30-01-00-00")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
SIM = HubType.SPECIAL_INSTALLATION_MESH
TERMS = LogisticsTerms()


def new_order(region: Region = Region.SOUTH, hub_type: HubType = SIM, quantity: int = 3,
              delivery: date = date(2027, 3, 6), **kw: object) -> HubOrder:
    return HubOrder(SUPPLIER, region, hub_type, quantity, delivery, NOW, **kw)  # type: ignore[arg-type]


def test_r_ch_1_north_sim_order_refused_and_recorded_with_its_rule() -> None:
    f = InMemoryUnitOfWorkFactory()
    with pytest.raises(SimRegionRefused) as refused:
        place_order(f, new_order(Region.NORTH), TERMS)
    assert refused.value.rule == "R-CH-1"
    with f(read_only=True) as uow:
        [stored] = uow.hubs.orders()
    assert (stored.status, stored.refused_rule) == (OrderStatus.REFUSED, "R-CH-1")
    assert stored.site_visit is None and stored.consent_information is None


def test_r_ch_1_south_sim_order_confirmed_with_site_visit_and_consent_information() -> None:
    f = InMemoryUnitOfWorkFactory()
    made = place_order(f, new_order(), TERMS)
    assert made.status is OrderStatus.CONFIRMED and made.confirmed_at == NOW
    assert made.site_visit is not None and made.site_visit.on == date(2027, 3, 8)  # Saturday delivery -> Monday
    assert made.site_visit.slot is VisitSlot.AM
    assert made.consent_information is not None and "Monday 08 March 2027" in made.consent_information
    with f(read_only=True) as uow:
        assert uow.hubs.get_order(made.order_id or 0) == made


def test_r_ch_1_standard_order_books_no_site_visit() -> None:
    made = place_order(InMemoryUnitOfWorkFactory(), new_order(Region.NORTH, HubType.STANDARD), TERMS)
    assert made.status is OrderStatus.CONFIRMED and made.site_visit is None and made.consent_information is None


def test_r_ch_1_delivered_hubs_appear_in_the_smi_pending_for_the_supplier() -> None:
    f = InMemoryUnitOfWorkFactory()
    made = place_order(f, new_order(quantity=3), TERMS)
    assert made.order_id is not None
    partly, first = deliver(f, made.order_id, NOW, 2)
    assert partly.status is OrderStatus.DELIVERED_PARTLY and len(first) == 2
    full, rest = deliver(f, made.order_id, NOW + timedelta(hours=1))
    assert full.status is OrderStatus.DELIVERED and [h.chf for h in rest] == [hub_euis(made.order_id, 2)[0]]
    with f(read_only=True) as uow:
        for hub in (*first, *rest):
            chf, gpf = uow.inventory.get(hub.chf), uow.inventory.get(hub.gpf)
            assert chf is not None and gpf is not None
            assert (chf.device_type, gpf.device_type) == (DeviceType.CHF, DeviceType.GPF)
            assert chf.status is SmiStatus.PENDING and gpf.status is SmiStatus.PENDING
            assert chf.associated_gpf_id == hub.gpf and gpf.chf_id == hub.chf
            assert chf.csp_region == "South" and chf.supplier_credentials == SUPPLIER and chf.model == "SH-CH-SIM"
            assert "simulated logistics" in chf.history[0].cause
        assert len(uow.hubs.hubs(made.order_id)) == 3
    with pytest.raises(HubOrderStateRefused):
        deliver(f, made.order_id, NOW)
    with pytest.raises(HubOrderUnknown):
        deliver(f, 99, NOW)


def test_housekeeping_delivers_on_the_delivery_date_and_closes_after_acceptance() -> None:
    f = InMemoryUnitOfWorkFactory()
    due = place_order(f, new_order(Region.NORTH, HubType.DUAL_BAND, 2, date(2026, 12, 1)), TERMS)
    later = place_order(f, new_order(Region.NORTH, HubType.DUAL_BAND, 2, date(2026, 12, 20)), TERMS)
    clock = FixedClock(NOW)
    assert housekeeping(f, clock, TERMS).delivered == 2
    with f(read_only=True) as uow:
        assert uow.hubs.get_order(due.order_id or 0).status is OrderStatus.DELIVERED  # type: ignore[union-attr]
        assert uow.hubs.get_order(later.order_id or 0).status is OrderStatus.CONFIRMED  # type: ignore[union-attr]
    clock.at = NOW + timedelta(days=TERMS.acceptance_days)
    done = housekeeping(f, clock, TERMS)
    assert (done.delivered, done.closed) == (0, 1)
    with f(read_only=True) as uow:
        assert uow.hubs.get_order(due.order_id or 0).status is OrderStatus.CLOSED  # type: ignore[union-attr]


def test_returns_by_cli_and_by_duis_8_14_3_8_14_4_are_recorded_and_reported() -> None:
    f = InMemoryUnitOfWorkFactory()
    made = place_order(f, new_order(Region.CENTRAL, HubType.STANDARD, 3), TERMS)
    submit_forecast(f, HubForecast(SUPPLIER, Region.CENTRAL, HubType.STANDARD, date(2027, 3, 1), 5, NOW))
    _, hubs = deliver(f, made.order_id or 0, NOW)
    returned = return_hub(f, hubs[0].chf, ReturnKind.FAULT, "dead on arrival", NOW)
    assert returned.kind.srv == "8.14.3"
    with f(read_only=True) as uow:
        assert uow.inventory.get(hubs[0].chf).status is SmiStatus.WITHDRAWN  # type: ignore[union-attr]
        assert uow.inventory.get(hubs[0].gpf).status is SmiStatus.WITHDRAWN  # type: ignore[union-attr]
    with pytest.raises(HubOrderStateRefused):
        return_hub(f, hubs[0].chf, ReturnKind.NO_FAULT, "again", NOW)
    # a User returns the second hub by the 8.14.4 Service Request itself
    entry = lookup("8.14.4")
    rid = RequestId.parse("90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:1")
    request = InboundRequest(b"", rid, 8, entry.service_reference, "8.14.4", "CHFNoFaultReturn",  # type: ignore[arg-type]
                             {"DeviceID": str(hubs[1].chf)}, "CN=X", 1)
    handlers = non_device_handlers(SimulatedCoverageDatabase(CoverageMap()))
    with f() as uow:
        handlers["8.14.4"](uow, RequestContext(request, entry, UserRole.IMPORT_SUPPLIER, NOW, False))
        uow.commit()
    report = HubsReport(TERMS)
    with f(read_only=True) as uow:
        before = report(uow, NOW + timedelta(minutes=1))
    assert column(before, "returned_fault") == [1] and column(before, "returned_no_fault") == [1]
    assert column(before, "forecast") == [5] and column(before, "in_smi") == [3]
    assert before.summary["hubs_returned"] == 2
    assert housekeeping(f, FixedClock(NOW), TERMS).returns == 1  # the DUIS return is now recorded
    with f(read_only=True) as uow:
        assert [(r.chf, r.kind, r.via) for r in uow.hubs.returns()] == [
            (hubs[0].chf, ReturnKind.FAULT, "gbdcc hubs return"), (hubs[1].chf, ReturnKind.NO_FAULT, "DUIS 8.14.4")]


def test_r_ch_1_report_shows_refusal_site_visit_and_consent_information() -> None:
    f = InMemoryUnitOfWorkFactory()
    with pytest.raises(SimRegionRefused):
        place_order(f, new_order(Region.NORTH), TERMS)
    place_order(f, new_order(), TERMS)
    with f(read_only=True) as uow:
        report = HubsReport(TERMS)(uow, NOW)
    assert report.rule == "R-CH-1"
    assert column(report, "refused_rule") == ["R-CH-1", None]
    assert column(report, "site_visit") == [None, "2027-03-08 am"]
    assert column(report, "consent_information_given") == [False, True]
    assert report.summary["orders_refused"] == 1 and report.summary["orders_confirmed"] == 1


def test_r_test_1_only_instrumented_test_hubs_pass_the_check() -> None:
    f = InMemoryUnitOfWorkFactory()
    test = place_order(f, new_order(Region.NORTH, HubType.STANDARD, 1, test_hubs=True), TERMS)
    plain = place_order(f, new_order(Region.NORTH, HubType.STANDARD, 1), TERMS)
    [test_hub] = deliver(f, test.order_id or 0, NOW)[1]
    [plain_hub] = deliver(f, plain.order_id or 0, NOW)[1]
    with f(read_only=True) as uow:
        assert require_test_hub(uow, test_hub.chf).test_hub
        for chf in (plain_hub.chf, Eui64.parse("00-DB-12-34-56-78-90-A2")):
            with pytest.raises(NotATestHub) as refused:
                require_test_hub(uow, chf)
            assert refused.value.rule == "R-TEST-1"
