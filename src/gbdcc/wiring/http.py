"""The HTTP side of an instance, wired: ``build_app`` puts the DUIS web services, ``/healthz`` and
``/metrics`` (``adapters/http/app.py``) together with every admin router under ``/admin/v1`` — scenarios,
Registration Data, Users, the estate, deliveries, health, reports, parties, consent, the CPL, quarantine,
security, hubs, coverage, the portal and its accounts, incidents and releases — each given the settings and
feature helpers it needs. The admin routers' error responses are declared here for the OpenAPI document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI

from gbdcc.adapters.http import (
    admin_consent,
    admin_coverage,
    admin_cpl,
    admin_deliveries,
    admin_estate,
    admin_health,
    admin_hubs,
    admin_incidents,
    admin_parties,
    admin_portal,
    admin_quarantine,
    admin_rdp,
    admin_rdps,
    admin_releases,
    admin_reports,
    admin_security,
    admin_users,
)
from gbdcc.adapters.http.admin_common import errors
from gbdcc.adapters.http.admin_scenario import scenario_admin
from gbdcc.adapters.http.app import create_app
from gbdcc.adapters.messaging.embedded import EmbeddedRunner
from gbdcc.adapters.observability.health import HealthCheck
from gbdcc.adapters.observability.store_stats import StoreStats
from gbdcc.adapters.wan.coverage import POSTCODE_AREA_REGION
from gbdcc.wiring.features import cpl_verifier, hub_terms, incident_policy, quarantine_desk, support_terms
from gbdcc.wiring.instance import Instance
from gbdcc.wiring.portal import build_portal, build_portal_accounts
from gbdcc.wiring.reports import build_reports

if TYPE_CHECKING:
    from gbdcc.wiring.scaled import ScaledRunner


def build_app(instance: Instance, runner: EmbeddedRunner | ScaledRunner | None = None) -> FastAPI:
    """The DUIS web services, ``/healthz``, ``/metrics`` and the admin API (``runner``: the pipeline running in
    this process, whose relays — in scaled mode its publisher and consumers — the health reports alive or not)."""
    s = instance.settings
    stages = instance.pipeline.relays if runner is None or isinstance(runner, EmbeddedRunner) else runner.stages()
    health = HealthCheck(StoreStats(instance.engine), stages, runner.alive if runner is not None else None)
    app = create_app(instance.gateway, max_request_bytes=s.max_request_bytes, metrics=instance.metrics,
                     health=health)
    app.include_router(scenario_admin(instance), responses=errors(400, 404, 413))
    app.include_router(admin_rdp.router(instance.uow_factory, instance.clock, token=s.admin_token,
                                        legacy_token=s.rdp_admin_token, lenient=s.test_pki,
                                        max_bytes=s.rdp_max_file_bytes))
    app.include_router(admin_users.router(instance, token=s.admin_token))
    app.include_router(admin_rdps.router(instance.uow_factory, instance.clock, token=s.admin_token,
                                         daily_files_from=s.rdp_daily_files_from,
                                         daily_status_from=s.rdp_daily_status_from))
    app.include_router(admin_estate.router(admin_estate.EstateJobs(instance, max_premises=s.admin_estate_max_premises),
                                           token=s.admin_token))
    app.include_router(admin_deliveries.router(instance.uow_factory, instance.pipeline.delivery, token=s.admin_token,
                                               notify=instance.pipeline.notifier.notify))
    app.include_router(admin_health.router(health, token=s.admin_token))
    reports = build_reports(s, instance.uow_factory, instance.clock)  # one registry: admin API and portal
    app.include_router(admin_reports.router(reports, token=s.admin_token), responses=errors(400, 404))
    app.include_router(admin_parties.router(instance.uow_factory, token=s.admin_token,
                                            threshold=s.mandate_large_supplier_premises),
                       responses=errors(404, 409, 422))
    app.include_router(admin_consent.router(instance.uow_factory, instance.clock, token=s.admin_token,
                                            lenient=s.test_pki), responses=errors(400, 404))
    app.include_router(admin_cpl.router(instance.uow_factory, instance.clock, cpl_verifier(s), token=s.admin_token),
                       responses=errors(413, 422))
    app.include_router(admin_quarantine.router(quarantine_desk(s, instance.uow_factory, instance.clock,
                                                               identity=instance.identity,
                                                               notify=instance.pipeline.notifier.notify),
                                               token=s.admin_token), responses=errors(400, 404, 409))
    app.include_router(admin_security.router(instance.uow_factory, instance.clock, token=s.admin_token),
                       responses=errors(404, 409))
    app.include_router(admin_hubs.router(instance.uow_factory, instance.clock, instance.pipeline.wan,
                                        hub_terms(s), token=s.admin_token),  # SEC F5-F7, R-CH-1, R-TEST-1
                       responses=errors(404, 409, 422))
    app.include_router(admin_coverage.router(instance.uow_factory, instance.clock, instance.coverage,
                                             POSTCODE_AREA_REGION, token=s.admin_token),  # R-WAN-2: as 12.1 answers
                       responses=errors(404, 409, 422))
    portal_accounts = build_portal_accounts(s, instance.uow_factory, instance.clock)
    app.include_router(build_portal(instance, portal_accounts, reports).router)  # the Self-Service Interface (R-OPS-2)
    app.include_router(admin_portal.router(portal_accounts, token=s.admin_token), responses=errors(404, 409, 422))
    app.include_router(admin_incidents.router(instance.uow_factory, instance.clock, incident_policy(s),
                                              support_terms(s), token=s.admin_token),  # R-INC-1, R-SUPPORT-1
                       responses=errors(404, 409, 422))
    app.include_router(admin_releases.router(instance.uow_factory, instance.clock, token=s.admin_token),
                       responses=errors(422))
    return app


__all__ = ["build_app"]
