"""The OperationsRepository contract on every backend (memory, SQLite, PostgreSQL): release notices reach every
User and RDP (R-OPS-1), Gateway Connections and drills with their relief answers round-trip (R-DR-1), and the
H13 performance report computes its figures from a hand-built month of requests and alerts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from gbdcc.adapters.db.errors import NaiveDatetime
from gbdcc.domain.compliance.report import column
from gbdcc.domain.delivery import DeliveryState, MessageKind
from gbdcc.domain.errors import ReleaseNoticeInvalid
from gbdcc.domain.operations.dr import DrillResult, RecoveryTargets, ReliefVerdict
from gbdcc.domain.operations.performance import PerformanceTargets
from gbdcc.domain.rdp.cadence import Cadence, RdpCadences
from gbdcc.domain.rdp.model import Fuel, Rdp
from gbdcc.domain.requests import RequestState
from gbdcc.service.operations.drills import record_drill
from gbdcc.service.operations.performance_report import PerformanceReport
from gbdcc.service.operations.ports import IncidentResolution
from gbdcc.service.operations.releases import issue_notice
from gbdcc.service.ports import UnitOfWorkFactory

from .conftest import BIG, T0, message, request, user

CADENCES = RdpCadences(Cadence(date(2026, 1, 1)), Cadence(date(2026, 1, 1)))
NOV = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
S = timedelta(seconds=1)


def _parties(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        for n in (1, 2):
            uow.users.put(user(n))
        uow.users.put(user(3, user_id=BIG))
        uow.rdps.add(Rdp("ENWL", "RDP ENWL", Fuel.ELECTRICITY, CADENCES))
        uow.rdps.add(Rdp("XOSERVE", "RDP Xoserve", Fuel.GAS, CADENCES))
        uow.commit()


def test_r_ops_1_notice_goes_to_all_users_and_rdps_and_is_listed(uow_factory: UnitOfWorkFactory) -> None:
    _parties(uow_factory)
    with uow_factory() as uow:
        n = issue_notice(uow, title="Release 5.1", summary="two new SRVs", issued_at=T0,
                         consultation_closes_on=date(2026, 3, 29), testing_from=date(2026, 4, 1),
                         testing_to=date(2026, 4, 30))
        second = issue_notice(uow, title="Release 5.2", summary="", issued_at=T0 + timedelta(days=1),
                              consultation_closes_on=date(2026, 4, 1), testing_from=date(2026, 4, 1),
                              testing_to=date(2026, 4, 1))
        uow.commit()
    assert (n.notice_id, second.notice_id) == (1, 2)
    with uow_factory() as uow:
        stored = uow.operations.release_notices()
        with pytest.raises(ReleaseNoticeInvalid):
            issue_notice(uow, title="late", summary="", issued_at=T0, consultation_closes_on=date(2026, 2, 1),
                         testing_from=date(2026, 4, 1), testing_to=date(2026, 4, 30))
    assert stored[0] == n and stored[0].issued_at == T0
    assert set(stored[0].users) == {user(1).user_id, user(2).user_id, BIG}
    assert stored[0].rdps == ("ENWL", "XOSERVE")
    assert [s.title for s in stored] == ["Release 5.1", "Release 5.2"]


def test_r_dr_1_relief_recorded_per_user_by_backup_connection(uow_factory: UnitOfWorkFactory) -> None:
    _parties(uow_factory)
    with uow_factory() as uow:
        uow.operations.set_gateway_connection(user(1).user_id, False, T0)
        uow.operations.set_gateway_connection(user(1).user_id, True, T0)  # replaced
        uow.operations.set_gateway_connection(BIG, False, T0)
        with pytest.raises(NaiveDatetime):
            uow.operations.set_gateway_connection(BIG, False, T0.replace(tzinfo=None))
        uow.commit()
    result = DrillResult("sqlite", T0, 5.342, 51, 50, 0, "SIGKILL", "backup + restore")
    with uow_factory() as uow:
        assert uow.operations.gateway_connections() == {user(1).user_id: True, BIG: False}
        stored, relief = record_drill(uow, result, RecoveryTargets())
        slow, _ = record_drill(uow, DrillResult("postgresql", T0, 9 * 3600.0, 3, 2, 0, "k", "m"), RecoveryTargets())
        uow.commit()
    assert stored.drill_id == 1 and slow.drill_id == 2
    with uow_factory() as uow:
        assert uow.operations.drills() == [stored, slow] and stored.recovery_s == 5.342
        verdicts = {a.user_id: a.verdict for a in uow.operations.relief(1)}
        late = {a.user_id: a.verdict for a in uow.operations.relief(2)}
    assert verdicts == {user(1).user_id: ReliefVerdict.HAS_BACKUP, user(2).user_id: ReliefVerdict.RELIEF,
                        BIG: ReliefVerdict.RELIEF}
    assert set(late.values()) == {ReliefVerdict.HAS_BACKUP, ReliefVerdict.DCC_MISSED_TARGETS}
    assert {a.user_id: a.verdict for a in relief} == verdicts


class _Incidents:
    def resolutions(self, start: datetime, end: datetime) -> list[IncidentResolution]:
        assert start == datetime(2026, 11, 1, tzinfo=UTC)
        return [IncidentResolution(1, True), IncidentResolution(3, False)]


def _month(uow_factory: UnitOfWorkFactory) -> None:
    """November 2026: four on-demand reads (10, 30, 45 s, one still sent), one future-dated read answered 5 s
    after its execution instant, one October read (outside); two device alerts (1 s, undelivered), one response."""
    final = RequestState.RESPONDED
    rows = [request(1, received_at=NOV, updated_at=NOV + 10 * S, state=final),
            request(2, received_at=NOV, updated_at=NOV + 30 * S, state=RequestState.FAILED),
            request(3, received_at=NOV, updated_at=NOV + 45 * S, state=final),
            request(4, received_at=NOV, updated_at=NOV + 99 * S, state=RequestState.SENT),
            request(5, received_at=NOV, execute_at=NOV + 3600 * S, updated_at=NOV + 3605 * S, state=final),
            request(6, received_at=NOV - timedelta(days=10), updated_at=NOV, state=final)]
    with uow_factory() as uow:
        for r in rows:
            uow.requests.add(r)
        uow.messages.add(message(1, kind=MessageKind.DEVICE_ALERT, created_at=NOV, delivered_at=NOV + S,
                                 state=DeliveryState.DELIVERED))
        uow.messages.add(message(2, kind=MessageKind.DEVICE_ALERT, created_at=NOV))
        uow.messages.add(message(3, created_at=NOV, delivered_at=NOV + S, state=DeliveryState.DELIVERED))
        uow.commit()


def test_h13_performance_report_from_a_hand_built_month(uow_factory: UnitOfWorkFactory) -> None:
    _month(uow_factory)
    as_of = datetime(2026, 11, 30, 23, 59, tzinfo=UTC)
    with uow_factory(read_only=True) as uow:
        report = PerformanceReport(PerformanceTargets())(uow, as_of)
    by = {r["measure"]: r for r in report.records()}
    reads = by["on_demand.reads"]
    assert (reads["count"], reads["finished"], reads["within_target"], reads["share"]) == (4, 3, 2, 0.6667)
    assert (reads["median_s"], reads["max_s"], reads["target_s"]) == (30.0, 45.0, 30.0)
    assert by["future_dated.reads"]["median_s"] == 5.0 and by["future_dated.reads"]["share"] is None
    alerts = by["alert.device-alert"]
    assert (alerts["count"], alerts["finished"], alerts["max_s"]) == (2, 1, 1.0)
    assert by["smki.availability"]["status"] == "not measured"
    assert by["incidents.resolution"]["status"] == "not available until incidents are merged"
    assert report.summary["month"] == "2026-11" and report.summary["share_within_target"] == 0.6667
    assert "alert.response" not in column(report, "measure")
    assert report.to_csv().splitlines()[0].startswith("measure,count,finished,within_target,share")


def test_h13_incident_resolution_read_through_its_port(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory(read_only=True) as uow:
        report = PerformanceReport(PerformanceTargets(), _Incidents())(uow, datetime(2026, 11, 5, tzinfo=UTC))
    row = {r["measure"]: r for r in report.records()}["incidents.resolution"]
    assert (row["count"], row["within_target"], row["share"], row["status"]) == (2, 1, 0.5, "measured")
