"""Anomaly detection on Users' Service Requests (SEC G6; R-COS-1 for Transitional CoS) — thresholds per User
and per SRV class.

Every Device SRV falls in one class (:func:`srv_class`, first match wins): ``cos`` (6.23 Update Security
Credentials (CoS), R-COS-1), ``firmware`` (11.x), ``reads`` (non-critical Read… / Retrieve… SRVs),
``critical`` (the other Critical Service Requests), ``non_critical`` (the rest). A User may send ``limit``
requests of a class within its ``window``; the next one is quarantined — stored, not sent, answered I99
and followed by the ``QuarantinedRequest`` DCC alert — until the User releases it (``service.anomaly``).

Defaults (:data:`DEFAULT_THRESHOLDS`, per User, each configurable, and per User and class): ``critical``
500 an hour, ``non_critical`` 5,000 an hour, ``reads`` 20,000 an hour, ``firmware`` 1,000 an hour, ``cos``
1,000 a day (the Transitional CoS threshold gbdcc had before the classes). They are gbdcc's choice: the
SEC leaves the DCC's thresholds to be agreed with each User, so they are settings, not rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from gbdcc.domain.catalogue import CATALOGUE, ServiceReferenceVariant
from gbdcc.domain.cos import COS_SRV, AnomalyThreshold, threshold_for
from gbdcc.domain.errors import AnomalySettingsInvalid
from gbdcc.domain.ids import Eui64

#: The rule id of the general anomaly detection (the DCC's, under SEC G6); the CoS class keeps R-COS-1.
ANOMALY_RULE = "SEC-G6"
HOUR = timedelta(hours=1)


class SrvClass(StrEnum):
    CRITICAL = "critical"
    NON_CRITICAL = "non_critical"
    COS = "cos"
    FIRMWARE = "firmware"
    READS = "reads"

    @property
    def rule(self) -> str:
        """R-COS-1 for Transitional CoS traffic, the general anomaly-detection rule otherwise."""
        return "R-COS-1" if self is SrvClass.COS else ANOMALY_RULE


def srv_class(srv: ServiceReferenceVariant) -> SrvClass:
    """The anomaly-detection class of a Device SRV (see the module docstring)."""
    if srv.srv == COS_SRV:
        return SrvClass.COS
    if srv.srv.startswith("11."):
        return SrvClass.FIRMWARE
    if not srv.critical and srv.name.startswith(("Read ", "Retrieve ")):
        return SrvClass.READS
    return SrvClass.CRITICAL if srv.critical else SrvClass.NON_CRITICAL


def srvs_of(cls: SrvClass, catalogue: Iterable[ServiceReferenceVariant] | None = None) -> frozenset[str]:
    """The Device SRVs of a class (what a User's count in that class adds up)."""
    entries = CATALOGUE.values() if catalogue is None else catalogue
    return frozenset(e.srv for e in entries if not e.non_device and srv_class(e) is cls)


DEFAULT_THRESHOLDS: Mapping[SrvClass, AnomalyThreshold] = {
    SrvClass.CRITICAL: AnomalyThreshold(500, HOUR),
    SrvClass.NON_CRITICAL: AnomalyThreshold(5000, HOUR),
    SrvClass.READS: AnomalyThreshold(20000, HOUR),
    SrvClass.FIRMWARE: AnomalyThreshold(1000, HOUR),
    SrvClass.COS: AnomalyThreshold(1000, timedelta(hours=24)),
}


@dataclass(frozen=True, slots=True)
class AnomalyPolicy:
    """The thresholds of every class, and the limits set for particular Users (same window as the class)."""

    thresholds: Mapping[SrvClass, AnomalyThreshold] = field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))
    per_user: Mapping[SrvClass, Mapping[Eui64, int]] = field(default_factory=dict)

    def threshold(self, user: Eui64, cls: SrvClass) -> AnomalyThreshold:
        return threshold_for(user, self.thresholds.get(cls, DEFAULT_THRESHOLDS[cls]), self.per_user.get(cls, {}))

    @classmethod
    def from_settings(cls, limits: Mapping[str, int], window_h: Mapping[str, float],
                      user_limits: Mapping[str, Mapping[str, int]],
                      cos: AnomalyThreshold | None = None, cos_users: Mapping[Eui64, int] | None = None
                      ) -> AnomalyPolicy:
        """The policy from settings keyed by class name (``critical``…) and User EUI-64 text; ``cos`` and
        ``cos_users``: the Transitional CoS threshold as ``GBDCC_COS_ANOMALY_*`` set it (R-COS-1).
        ``AnomalySettingsInvalid`` names an unknown class or a negative limit."""
        thresholds = dict(DEFAULT_THRESHOLDS)
        if cos is not None:
            thresholds[SrvClass.COS] = cos
        for name in {*limits, *window_h}:
            c = _class(name)
            base = thresholds[c]
            window = timedelta(hours=window_h[name]) if name in window_h else base.window
            if window <= timedelta(0):
                raise AnomalySettingsInvalid(f"the anomaly-detection window of {name} must be positive")
            thresholds[c] = AnomalyThreshold(_limit(name, limits.get(name, base.limit)), window)
        per_user: dict[SrvClass, dict[Eui64, int]] = {SrvClass.COS: dict(cos_users or {})}
        for user, by_class in user_limits.items():
            eui = Eui64.parse(user)
            for name, n in by_class.items():
                per_user.setdefault(_class(name), {})[eui] = _limit(f"{user} {name}", n)
        return cls(thresholds, per_user)


def _class(name: str) -> SrvClass:
    try:
        return SrvClass(name)
    except ValueError:
        names = ", ".join(c.value for c in SrvClass)
        raise AnomalySettingsInvalid(f"no SRV class {name!r} for anomaly detection (classes: {names})") from None


def _limit(name: str, n: int) -> int:
    if n < 0:
        raise AnomalySettingsInvalid(f"the anomaly-detection limit of {name} must not be negative (got {n})")
    return n
