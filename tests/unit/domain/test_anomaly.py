"""Anomaly detection classes and thresholds (SEC G6; R-COS-1) and the post-commissioning rules (R-POST-1)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from gbdcc.domain.anomaly import DEFAULT_THRESHOLDS, AnomalyPolicy, SrvClass, srv_class, srvs_of
from gbdcc.domain.catalogue import CATALOGUE, lookup
from gbdcc.domain.compliance.post_commissioning import (
    CommissionedMeter,
    ReleaseWindow,
    UpdateStatus,
    days_taken,
    update_status,
)
from gbdcc.domain.cos import AnomalyThreshold
from gbdcc.domain.errors import AnomalySettingsInvalid
from gbdcc.domain.ids import Eui64

USER = Eui64.parse("90-B3-D5-1F-30-01-00-00")
T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(("srv", "cls"), [("6.23", SrvClass.COS), ("11.3", SrvClass.FIRMWARE),
                                          ("11.2", SrvClass.FIRMWARE), ("4.1.1", SrvClass.READS),
                                          ("6.24.1", SrvClass.READS), ("6.24.2", SrvClass.CRITICAL),
                                          ("7.2", SrvClass.CRITICAL), ("3.1", SrvClass.NON_CRITICAL)])
def test_every_device_srv_is_in_one_class(srv: str, cls: SrvClass) -> None:
    assert srv_class(lookup(srv)) is cls
    device_srvs = {e.srv for e in CATALOGUE.values() if not e.non_device}
    by_class = [srvs_of(c) for c in SrvClass]
    assert set().union(*by_class) == device_srvs and sum(map(len, by_class)) == len(device_srvs)


def test_sec_g6_policy_defaults_overrides_per_class_and_per_user() -> None:
    policy = AnomalyPolicy.from_settings({"reads": 10}, {"reads": 0.5}, {str(USER): {"critical": 2}},
                                         AnomalyThreshold(7, timedelta(hours=24)), {USER: 1})
    assert policy.threshold(USER, SrvClass.READS) == AnomalyThreshold(10, timedelta(minutes=30))
    assert policy.threshold(USER, SrvClass.CRITICAL) == AnomalyThreshold(2, timedelta(hours=1))
    assert policy.threshold(USER, SrvClass.COS) == AnomalyThreshold(1, timedelta(hours=24))  # R-COS-1 per User
    assert policy.threshold(Eui64(1), SrvClass.COS) == AnomalyThreshold(7, timedelta(hours=24))
    assert policy.threshold(Eui64(1), SrvClass.FIRMWARE) == DEFAULT_THRESHOLDS[SrvClass.FIRMWARE]
    assert SrvClass.COS.rule == "R-COS-1" and SrvClass.READS.rule == "SEC-G6"


@pytest.mark.parametrize(("limits", "windows", "users"), [({"writes": 1}, {}, {}), ({"reads": -1}, {}, {}),
                                                         ({}, {"reads": 0}, {}), ({}, {}, {str(USER): {"x": 1}})])
def test_sec_g6_bad_settings_are_refused_by_name(limits: dict[str, int], windows: dict[str, float],
                                                 users: dict[str, dict[str, int]]) -> None:
    with pytest.raises(AnomalySettingsInvalid) as err:
        AnomalyPolicy.from_settings(limits, windows, users)
    assert err.value.code == "GBDCC-873"


def meter(commissioned: datetime, update: datetime | None) -> CommissionedMeter:
    return CommissionedMeter(Eui64(1), "ESME", None, None, commissioned, update)


def test_r_post_1_seven_days_from_commissioning_decide_the_status() -> None:
    at = T0 - timedelta(days=10)
    assert update_status(meter(at, at + timedelta(days=7)), T0) is UpdateStatus.IN_TIME  # on the 7th day: in time
    assert update_status(meter(at, at + timedelta(days=7, seconds=1)), T0) is UpdateStatus.LATE
    assert update_status(meter(at, None), T0) is UpdateStatus.OVERDUE
    assert update_status(meter(T0 - timedelta(days=6), None), T0) is UpdateStatus.DUE
    assert days_taken(meter(at, None), T0) == 10.0 and days_taken(meter(at, at + timedelta(hours=36)), T0) == 1.5


def test_r_post_1_earlier_release_window_is_dcc_live_to_before_release_1_3() -> None:
    window = ReleaseWindow(date(2016, 11, 18), date(2017, 6, 30))
    assert window.holds(datetime(2016, 11, 18, tzinfo=UTC)) and window.holds(datetime(2017, 6, 29, 23, tzinfo=UTC))
    assert not window.holds(datetime(2017, 6, 30, tzinfo=UTC)) and not window.holds(datetime(2016, 11, 17, tzinfo=UTC))
