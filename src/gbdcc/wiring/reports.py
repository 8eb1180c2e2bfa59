"""The compliance report registry (``gbdcc report``, ``/admin/v1/reports``, the portal's report pages):
each report builder with the settings it reads — the mandate dates, ERO terms, the CPL verifier, the
post-commissioning release window and Recovery cells, hub logistics terms, NEP quarterly reporting, the
incident reports (R-INC-1, R-WAN-1) and the performance targets (H13). ``build_reports`` is the one place a
report is registered under its name."""

from __future__ import annotations

from gbdcc.adapters.clock import SystemClock
from gbdcc.config import Settings
from gbdcc.domain.compliance.ero import EroTerms
from gbdcc.domain.compliance.mandate import MandateDates
from gbdcc.domain.compliance.post_commissioning import ReleaseWindow
from gbdcc.domain.operations.performance import PerformanceTargets
from gbdcc.service.compliance.ero_report import EroReport
from gbdcc.service.compliance.mandate_report import MandateReport
from gbdcc.service.compliance.post_commissioning import PostCommissioningReport
from gbdcc.service.compliance.reports import ReportBuilder, ReportRegistry
from gbdcc.service.coverage.nep import StoredNepLookup
from gbdcc.service.coverage.report import NepQuarterlyReport
from gbdcc.service.cpl.report import CplReport
from gbdcc.service.hubs.report import HubsReport
from gbdcc.service.incidents.manage import StoredIncidentResolutions
from gbdcc.service.incidents.ports import NepMembership
from gbdcc.service.incidents.reports import CoverageIncidentsReport, IncidentsReport, SupportChargesReport
from gbdcc.service.operations.performance_report import PerformanceReport
from gbdcc.service.ports import Clock, UnitOfWorkFactory
from gbdcc.wiring.features import cpl_verifier, hub_terms, incident_policy, recovery_cells


def build_reports(s: Settings, uow_factory: UnitOfWorkFactory, clock: Clock | None = None) -> ReportRegistry:
    """The compliance reports (``gbdcc report``, ``/admin/v1/reports``), each with its settings."""
    builders: dict[str, ReportBuilder] = {}
    builders["mandate"] = MandateReport(MandateDates(s.mandate_large_supplier_by, s.mandate_domestic_supplier_by,
                                                     s.mandate_dno_by))
    builders["ero"] = EroReport(EroTerms(s.ero_by, s.ero_cap, s.ero_percent))
    builders["cpl"] = CplReport(cpl_verifier(s))
    builders["post-commissioning"] = PostCommissioningReport(  # R-POST-1
        ReleaseWindow(s.post_commissioning_dcc_live, s.post_commissioning_release_1_3), recovery_cells(s))
    builders["hubs"] = HubsReport(hub_terms(s))  # SEC F5-F7, R-CH-1
    builders["nep-quarterly"] = NepQuarterlyReport(s.nep_quarterly_reports_until)  # R-WAN-2 (F7.21)
    builders.update(incident_reports(s, StoredNepLookup()))  # R-INC-1, R-WAN-1 (NEP premises excluded, R-WAN-2)
    builders["performance"] = PerformanceReport(PerformanceTargets(s.performance_targets_s,  # H13
                                                                   s.performance_alert_target_s),
                                                StoredIncidentResolutions(uow_factory, incident_policy(s)))
    return ReportRegistry(builders, uow_factory, clock or SystemClock())


def incident_reports(s: Settings, nep: NepMembership | None = None) -> dict[str, ReportBuilder]:
    """The incident reports. ``nep``: NEP membership (R-WAN-2), the stored Network Enhancement Plans in
    ``build_reports``; none (``NoNepData``: nothing excluded, the report says so) when not given."""
    return {"incidents": IncidentsReport(incident_policy(s)),
            "coverage-incidents": CoverageIncidentsReport(nep, days=s.coverage_incident_days,
                                                          threshold=s.coverage_incident_threshold),
            "support-charges": SupportChargesReport()}


__all__ = ["build_reports", "incident_reports"]
