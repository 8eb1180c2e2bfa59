"""Incident Management use cases, the DCC's own incidents and the reports, on the in-memory unit of work
(R-INC-1, R-WAN-1, R-SUPPORT-1)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from tests.unit.domain.test_incidents import AS_OF, coverage_year

from gbdcc.adapters.clock import FixedClock
from gbdcc.adapters.db.memory import InMemoryUnitOfWorkFactory
from gbdcc.domain.compliance.report import column
from gbdcc.domain.delivery import DeliveryPolicy, DeliveryState, MessageKind, OutboundMessage
from gbdcc.domain.errors import IncidentUnknown, SupportRequestUnknown
from gbdcc.domain.ids import Eui64
from gbdcc.domain.incidents.model import Category, Incident, IncidentPolicy, IncidentState
from gbdcc.service.device.delivery import DeliveryStage
from gbdcc.service.device.ports import DeliveryOutcome
from gbdcc.service.incidents import manage
from gbdcc.service.incidents.automatic import OutageIncidents
from gbdcc.service.incidents.reports import CoverageIncidentsReport, IncidentsReport, SupportChargesReport
from gbdcc.service.incidents.support import SupportTerms, request_support, resolve_support
from gbdcc.service.ports import UnitOfWork

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
USER, OTHER = Eui64(0x90B3D51F30010000), Eui64(0x90B3D51F30020000)
POLICY = IncidentPolicy()


@pytest.fixture
def factory() -> InMemoryUnitOfWorkFactory:
    return InMemoryUnitOfWorkFactory()


def test_r_inc_1_raise_assign_resolve_close_reopen_through_the_use_cases(factory: InMemoryUnitOfWorkFactory) -> None:
    raised = manage.raise_incident(factory, Incident.by_user(USER, Category.C2, "ESME silent", T0))
    n = raised.incident_id or 0
    manage.assign_incident(factory, n, "DCC service desk", T0 + timedelta(minutes=1))
    manage.resolve_incident(factory, n, "hub rebooted", T0 + timedelta(hours=1))
    closed = manage.close_incident(factory, n, T0 + timedelta(hours=2))
    assert closed.state is IncidentState.CLOSED
    assert manage.reopen_incident(factory, n, T0 + timedelta(hours=3)).state is IncidentState.ASSIGNED
    with factory(read_only=True) as uow:
        assert manage.get_incident(uow, n).reopened == 1
        with pytest.raises(IncidentUnknown):
            manage.get_incident(uow, 99)


def test_r_inc_1_a_user_sees_its_own_incidents_and_the_dccs_wide_ones(factory: InMemoryUnitOfWorkFactory) -> None:
    mine = manage.raise_incident(factory, Incident.by_user(USER, Category.C3, "mine", T0))
    manage.raise_incident(factory, Incident.by_user(OTHER, Category.C3, "theirs", T0))
    outage = OutageIncidents(factory, POLICY)("region North", 150, T0, "scenario 1 event 1")
    linked = manage.raise_incident(factory, Incident.by_dcc(
        "anomaly", Category.C3, "quarantined", T0, requests=(f"{USER}:00-DB-12-34-56-78-90-A0:7",)))
    manage.raise_incident(factory, Incident.by_dcc(
        "anomaly", Category.C3, "quarantined", T0, requests=(f"{OTHER}:00-DB-12-34-56-78-90-A0:7",)))
    with factory(read_only=True) as uow:
        seen = manage.list_incidents_for_user(uow, USER)
    assert [i.incident_id for i in seen] == [mine.incident_id, outage.incident_id, linked.incident_id]
    assert outage.category is Category.C3 and outage.source == "dcc:csp-outage" and outage.error_code == "GBDCC-802"


def test_r_inc_1_messages_discarded_after_two_days_raise_one_incident_per_user(
        factory: InMemoryUnitOfWorkFactory) -> None:
    clock = FixedClock(T0)
    failed_at = T0 - timedelta(days=3)
    with factory() as uow:
        for n, user in enumerate((USER, USER, OTHER)):
            uow.messages.add(OutboundMessage(user, MessageKind.RESPONSE, f"R{n}", b"<x/>", failed_at,
                                             request_id=f"{user}:00-DB-12-34-56-78-90-A0:{n}",
                                             state=DeliveryState.FAILED, failed_at=failed_at, attempts=5))
        uow.commit()

    class NoDelivery:
        def post(self, url: str, body: bytes, timeout_s: float) -> DeliveryOutcome:
            raise AssertionError("nothing is posted")

    assert DeliveryStage(factory, NoDelivery(), clock, DeliveryPolicy()).discard_expired() == 3
    with factory(read_only=True) as uow:
        raised = uow.incidents.list(source="dcc:delivery")
    assert len(raised) == 2 and {i.category for i in raised} == {Category.C3}
    by_user = {i.title.split("User ")[1].split(" ")[0]: i for i in raised}
    assert len(by_user[str(USER)].requests) == 2 and len(by_user[str(OTHER)].requests) == 1


def test_r_inc_1_report_within_target_changes_when_incidents_are_resolved(factory: InMemoryUnitOfWorkFactory) -> None:
    a = manage.raise_incident(factory, Incident.by_dcc("operator", Category.C1, "a", T0))
    b = manage.raise_incident(factory, Incident.by_dcc("operator", Category.C1, "b", T0))
    report = IncidentsReport(POLICY)

    def build(at: datetime) -> dict[str, object]:
        with factory(read_only=True) as uow:
            return dict(report(uow, at).summary)

    assert build(T0 + timedelta(hours=1)) == {"raised": 2, "resolved": 0, "within_target": 0, "within_share": None,
                                              "open_overdue": 0}
    manage.resolve_incident(factory, a.incident_id or 0, "fixed", T0 + timedelta(hours=3))
    manage.resolve_incident(factory, b.incident_id or 0, "fixed", T0 + timedelta(hours=5))  # past 4 h
    summary = build(T0 + timedelta(hours=6))
    assert (summary["resolved"], summary["within_target"], summary["within_share"]) == (2, 1, 0.5)
    with factory(read_only=True) as uow:
        r = report(uow, T0 + timedelta(hours=6))
    assert column(r, "target_hours") == [4.0, 8.0, 24.0, 72.0, 120.0] and r.rule == "R-INC-1"


class FakeNep:
    """NEP membership for the test: sector ``SO3 1`` under plan NEP-S1 (R-WAN-2)."""

    def plan_for(self, uow: UnitOfWork, postcode: str, at: date) -> str | None:
        return "NEP-S1" if postcode.startswith("SO3 ") else None


def test_r_wan_1_report_on_the_generated_year_with_and_without_nep(factory: InMemoryUnitOfWorkFactory) -> None:
    with factory() as uow:
        for i in coverage_year():
            uow.incidents.add(i)
        uow.commit()
    with factory(read_only=True) as uow:
        report = CoverageIncidentsReport(FakeNep(), period=timedelta(days=600))(uow, AS_OF)
        plain = CoverageIncidentsReport(period=timedelta(days=600))(uow, AS_OF)
    records = {r["figure"]: r for r in report.records()}
    w, wo = records["with NEP exclusions"], records["without NEP exclusions"]
    assert (w["eligible"], w["excluded_nep"], w["within_days"], w["met"]) == (282, 31, 280, True)
    assert (wo["eligible"], wo["within_days"], wo["met"]) == (313, 304, False)
    assert report.summary["share"] == round(280 / 282, 4) and report.summary["met"] is True
    assert plain.summary["met"] is False and any("no NEP data" in n for n in plain.notes)
    with factory(read_only=True) as uow:  # the default 12-month period: raised after 2025-06-30 only
        year = CoverageIncidentsReport(FakeNep())(uow, AS_OF)
    assert 0 < year.records()[1]["eligible"] < 313  # type: ignore[operator]


def test_r_support_1_requests_tracked_to_resolution_and_charged_per_participant(
        factory: InMemoryUnitOfWorkFactory) -> None:
    terms = SupportTerms(date(2026, 1, 1), 9_000)
    a = request_support(factory, terms, "Acme Energy", "test-results", "why E4?", T0)
    request_support(factory, terms, "Acme Energy", "user-systems", "TLS set-up", T0)
    c = request_support(factory, terms, "Ωmega DNO", "device-communications", "alerts missing", T0)
    resolve_support(factory, terms, a.support_id or 0, "registration data explained", 20, T0 + timedelta(hours=1))
    resolve_support(factory, terms, c.support_id or 0, "hub firmware", 100, T0 + timedelta(days=1))
    with pytest.raises(SupportRequestUnknown):
        resolve_support(factory, terms, 99, "x", 1, T0)
    with factory(read_only=True) as uow:
        report = SupportChargesReport()(uow, T0 + timedelta(days=5))
    assert [(r["participant"], r["resolved"], r["charge_pence"], r["open"]) for r in report.records()] == [
        ("Acme Energy", 1, 3_000, 1), ("Ωmega DNO", 1, 15_000, 0)]
    assert report.summary["charge_pence"] == 18_000
    assert (report.rows[0][1], report.rows[0][2]) == (date(2026, 3, 1), date(2026, 3, 31))
