"""The User mandate report (``gbdcc report mandate``; R-MANDATE-1, ``domain.compliance.mandate``).

One row per Party and User Role it must hold: the due date and its basis, the date the role was entered (the
earliest user-entry date over the Party's User IDs) and the status as of the report instant. Parties the
mandate does not bind (type ``other``) are counted in the summary, not listed.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from gbdcc.domain.compliance.mandate import RULE, MandateDates, MandateStatus, assess, first_entries
from gbdcc.domain.compliance.report import Cell, ComplianceReport
from gbdcc.service.ports import UnitOfWork

COLUMNS = ("party", "type", "licences", "role", "due_by", "basis", "entered_on", "status", "days_late", "user_ids")


class MandateReport:
    """The ``mandate`` :class:`~gbdcc.service.compliance.reports.ReportBuilder` (R-MANDATE-1)."""

    def __init__(self, dates: MandateDates | None = None) -> None:
        self.dates = dates or MandateDates()

    def __call__(self, uow: UnitOfWork, as_of: datetime) -> ComplianceReport:
        users = {u.user_id: u for u in uow.users.list()}
        rows: list[tuple[Cell, ...]] = []
        unbound = 0
        for profile in uow.party_profiles.list():
            members = [users[m] for m in profile.members if m in users]
            mandates = assess(profile, first_entries(members), as_of.date(), self.dates)
            if not mandates:
                unbound += 1
            ids = " ".join(str(m) for m in profile.members)
            rows.extend((m.party, m.party_type.value, profile.licences, m.role.value, m.due_by, m.basis,
                         m.entered_on, m.status.value, m.days_late, ids) for m in mandates)
        counts = Counter(row[7] for row in rows)
        d = self.dates
        return ComplianceReport(
            name="mandate", rule=RULE, title="User mandate: who must be a User in which role by when",
            as_of=as_of, columns=COLUMNS, rows=tuple(rows),
            summary={"mandates": len(rows), **{s.value: counts.get(s.value, 0) for s in MandateStatus},
                     "parties_not_bound": unbound},
            notes=(f"large suppliers (>= 250,000 domestic premises on 15 Feb 2015) by {d.large_supplier_by} "
                   "(absolute); other domestic suppliers by "
                   f"{d.domestic_supplier_by}; a new entrant supplying after that by the day before its first "
                   f"domestic supply; DNOs as Electricity Distributor by {d.dno_by} (absolute)",
                   "supplier roles per licence: electricity -> IS, gas -> GS; 'by' a date includes the date",
                   "entered_on: earliest user-entry date of the role over the Party's User IDs (R-USER-1); "
                   "an entry after the report instant does not count yet"),
        )
