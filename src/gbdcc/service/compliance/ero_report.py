"""The Early Rollout Obligation report (``gbdcc report ero``; R-ERO-1, ``domain.compliance.ero``).

One row per large supplier: the date it became a User as IS / GS, its meter points per fuel on that date, the
target, the ESMEs and GSMEs it installed, commissioned and enrolled by the ERO day, met / not met and the
shortfall. Two set-based queries per supplier (``PartyProfileRepository``): no per-device round trips.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from gbdcc.domain.compliance.ero import RULE, EroStatus, EroTerms, assess_ero, day_start
from gbdcc.domain.compliance.mandate import first_entries
from gbdcc.domain.compliance.parties import PartyType
from gbdcc.domain.compliance.report import ComplianceReport
from gbdcc.domain.inventory import DeviceType
from gbdcc.domain.parties import UserRole
from gbdcc.service.ports import UnitOfWork

COLUMNS = ("party", "user_from", "electricity_points", "gas_points", "meter_points", "target", "esme_installed",
           "gsme_installed", "installed", "status", "shortfall")


class EroReport:
    """The ``ero`` :class:`~gbdcc.service.compliance.reports.ReportBuilder` (R-ERO-1)."""

    def __init__(self, terms: EroTerms | None = None) -> None:
        self.terms = terms or EroTerms()

    def __call__(self, uow: UnitOfWork, as_of: datetime) -> ComplianceReport:
        users = {u.user_id: u for u in uow.users.list()}
        repo = uow.party_profiles
        until = min(self.terms.until, as_of)  # nothing commissioned after the report instant is known yet
        rows = []
        for profile in repo.list():
            if profile.party_type is not PartyType.LARGE_SUPPLIER:
                continue
            entries = first_entries(users[m] for m in profile.members if m in users)
            dates = [d for r, d in entries.items() if r in (UserRole.IMPORT_SUPPLIER, UserRole.GAS_SUPPLIER)]
            user_from: date | None = min(dates) if dates else None
            points = repo.meter_points(profile.name, day_start(user_from)) if user_from else {}
            meters = repo.meters_commissioned(profile.name, until)
            a = assess_ero(profile.name, user_from, points.get(UserRole.IMPORT_SUPPLIER, 0),
                           points.get(UserRole.GAS_SUPPLIER, 0), meters.get(DeviceType.ESME, 0),
                           meters.get(DeviceType.GSME, 0), as_of, self.terms)
            rows.append((a.party, a.user_from, a.electricity_points, a.gas_points, a.meter_points, a.target,
                         a.esme_installed, a.gsme_installed, a.installed, a.status.value, a.shortfall))
        counts = Counter(row[9] for row in rows)
        t = self.terms
        return ComplianceReport(
            name="ero", rule=RULE, title="Early Rollout Obligation of the large suppliers",
            as_of=as_of, columns=COLUMNS, rows=tuple(rows),
            summary={"large_suppliers": len(rows), **{s.value: counts.get(s.value, 0) for s in EroStatus},
                     "shortfall": sum(row[10] or 0 for row in rows if row[9] != EroStatus.MET.value)},
            notes=(f"target = min({t.cap}, ceil(meter points x {t.percent} %)): installed >= {t.percent} % of the "
                   "points holds exactly when installed >= the ceiling",
                   "meter points: MPANs registered to it as Import Supplier + MPRNs as Gas Supplier at 00:00 UTC "
                   "of user_from (earliest IS / GS entry date); a dual-fuel premises counts twice",
                   f"installed: ESMEs / GSMEs first Commissioned in the SMI history by the end of {t.by} (UTC) "
                   "at an MPxN it was the registered supplier of at that instant"),
        )
