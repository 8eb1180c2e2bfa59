"""DCC operations rules, pure: the R-DR-1 relief rule and targets, R-OPS-1 notices, H13 measures."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from gbdcc.domain.errors import DrTargetsInvalid, PerformanceTargetsInvalid, ReleaseNoticeInvalid
from gbdcc.domain.ids import Eui64
from gbdcc.domain.operations.dr import DrillResult, RecoveryTargets, ReliefVerdict, assess_relief
from gbdcc.domain.operations.performance import (
    AlertTiming,
    PerformanceTargets,
    ResponseTiming,
    alert_measures,
    month_bounds,
    response_measures,
)
from gbdcc.domain.operations.releases import ReleaseNotice

T0 = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)
USER = Eui64(0x90B3D51F30010000)


def _drill(recovery_s: float = 12.0, lost: int = 0) -> DrillResult:
    return DrillResult("sqlite", T0, recovery_s, 51, 50, lost, "kill", "backup+restore")


def test_r_dr_1_default_targets_are_8_hours_and_no_acknowledged_request_lost() -> None:
    t = RecoveryTargets()
    assert t.rto == timedelta(hours=8) and t.rpo_lost == 0 and t.primary_connection_restore is None
    assert _drill(8 * 3600).within(t) and not _drill(8 * 3600 + 1).within(t) and not _drill(lost=1).within(t)
    with pytest.raises(DrTargetsInvalid):
        RecoveryTargets(rto=timedelta(0))
    with pytest.raises(DrTargetsInvalid):
        RecoveryTargets(rpo_lost=-1)


def test_r_dr_1_relief_only_without_backup_and_only_if_a_backup_would_have_recovered() -> None:
    t = RecoveryTargets()
    with_backup = assess_relief(USER, True, _drill(), t)
    assert with_backup.verdict is ReliefVerdict.HAS_BACKUP and not with_backup.relief
    without = assess_relief(USER, False, _drill(), t)
    assert without.verdict is ReliefVerdict.RELIEF and without.relief and without.backup_would_recover
    missed = assess_relief(USER, False, _drill(recovery_s=9 * 3600), t)  # a backup would not have helped
    assert missed.verdict is ReliefVerdict.DCC_MISSED_TARGETS and not missed.relief
    lost = assess_relief(USER, False, _drill(lost=2), t)
    assert not lost.relief and not lost.backup_would_recover


def test_r_dr_1_no_relief_where_the_primary_connection_came_back_within_the_targets() -> None:
    quick = RecoveryTargets(primary_connection_restore=timedelta(hours=1))
    assert assess_relief(USER, False, _drill(), quick).verdict is ReliefVerdict.PRIMARY_IN_TIME
    slow = RecoveryTargets(primary_connection_restore=timedelta(hours=8))
    assert assess_relief(USER, False, _drill(), slow).relief  # 12 s + 8 h > 8 h: only a backup would have done


def test_r_ops_1_notice_needs_a_consultation_window_and_an_invitation_to_test() -> None:
    n = ReleaseNotice("R5.1", "new SRVs", T0, date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 20), (USER,),
                      ("ELEC1",))
    assert n.consultation_open(date(2026, 11, 30)) and not n.consultation_open(date(2026, 12, 2))
    with pytest.raises(ReleaseNoticeInvalid, match="close after"):
        ReleaseNotice("R5.1", "", T0, T0.date(), date(2026, 12, 2), date(2026, 12, 20), (), ())
    with pytest.raises(ReleaseNoticeInvalid, match="before it starts"):
        ReleaseNotice("R5.1", "", T0, date(2026, 12, 1), date(2026, 12, 20), date(2026, 12, 2), (), ())
    with pytest.raises(ReleaseNoticeInvalid, match="title"):
        ReleaseNotice(" ", "", T0, date(2026, 12, 1), date(2026, 12, 2), date(2026, 12, 20), (), ())


def test_h13_on_demand_read_share_within_30_s_by_default() -> None:
    s = timedelta(seconds=1)
    timings = [ResponseTiming("4.1.1", T0, None, T0 + 10 * s), ResponseTiming("4.1.1", T0, None, T0 + 30 * s),
               ResponseTiming("4.1.1", T0, None, T0 + 31 * s), ResponseTiming("4.1.1", T0, None, None),
               ResponseTiming("1.1.1", T0, None, T0 + 5 * s),  # critical: no default target
               ResponseTiming("4.1.1", T0, T0 + 3600 * s, T0 + 3605 * s),  # future-dated, timed from execution
               ResponseTiming("8.2", T0, None, T0)]  # Non-Device: not counted
    rows = {m.measure: m for m in response_measures(timings, PerformanceTargets())}
    reads = rows["on_demand.reads"]
    assert (reads.count, reads.finished, reads.within_target, reads.share) == (4, 3, 2, 0.6667)
    assert (reads.median_s, reads.max_s, reads.target_s) == (30.0, 31.0, 30.0)
    assert rows["on_demand.critical"].share is None and rows["on_demand.critical"].target_s is None
    assert rows["future_dated.reads"].median_s == 5.0 and rows["future_dated.reads"].share is None
    assert set(rows) == {"on_demand.reads", "on_demand.critical", "future_dated.reads"}


def test_h13_targets_are_configuration_per_timing_and_class() -> None:
    t = PerformanceTargets({"on_demand.critical": 4.0, "future_dated.reads": 10.0}, alert_s=2.0)
    rows = {m.measure: m for m in response_measures([ResponseTiming("1.1.1", T0, None, T0 + timedelta(seconds=5))],
                                                   t)}
    assert rows["on_demand.critical"].within_target == 0
    with pytest.raises(PerformanceTargetsInvalid):
        PerformanceTargets({"on_demand.nonsense": 1.0})
    with pytest.raises(PerformanceTargetsInvalid):
        PerformanceTargets({"on_demand.reads": 0.0})
    alerts = alert_measures([AlertTiming("device-alert", T0, T0 + timedelta(seconds=1)),
                             AlertTiming("device-alert", T0, T0 + timedelta(seconds=3)),
                             AlertTiming("dcc-alert", T0, None)], t)
    by = {m.measure: m for m in alerts}
    assert (by["alert.device-alert"].within_target, by["alert.device-alert"].p95_s) == (1, 3.0)
    assert (by["alert.dcc-alert"].count, by["alert.dcc-alert"].finished) == (1, 0)


def test_h13_month_runs_from_its_first_instant_to_as_of() -> None:
    assert month_bounds(T0) == (datetime(2026, 11, 1, tzinfo=UTC), T0)
