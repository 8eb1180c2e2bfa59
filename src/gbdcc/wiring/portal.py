"""The Self-Service Interface at ``/portal`` (R-OPS-2), wired: portal accounts and sessions (argon2id
password hashes, random session tokens, the lockout policy from ``GBDCC_PORTAL_*``), the portal's views of
the system of record, and the pages other features add to the site — incidents (R-INC-1) and reports (H13,
R-WAN-1). A redelivery asked for in the portal wakes the delivery relays of a running ``gbdcc up`` at once."""

from __future__ import annotations

from datetime import timedelta

from gbdcc.adapters.clock import SystemClock
from gbdcc.adapters.portal.site import PortalSite
from gbdcc.config import Settings
from gbdcc.service.compliance.reports import ReportRegistry
from gbdcc.service.portal.accounts import PortalAccounts
from gbdcc.service.ports import Clock, UnitOfWorkFactory
from gbdcc.wiring.features import incident_policy
from gbdcc.wiring.instance import Instance
from gbdcc.wiring.pipeline import Pipeline
from gbdcc.wiring.reports import build_reports


def build_portal_accounts(s: Settings, uow_factory: UnitOfWorkFactory, clock: Clock | None = None) -> PortalAccounts:
    """Portal accounts and sessions (argon2id hashes, random tokens; ``gbdcc portal account``)."""
    import secrets

    from gbdcc.adapters.portal.passwords import Argon2idHasher
    from gbdcc.domain.portal import LockoutPolicy
    from gbdcc.service.portal.accounts import SessionPolicy

    policy = SessionPolicy(timedelta(hours=s.portal_session_h),
                           LockoutPolicy(s.portal_max_failures, timedelta(minutes=s.portal_lockout_min)))
    return PortalAccounts(uow_factory, clock or SystemClock(), Argon2idHasher(), lambda: secrets.token_urlsafe(32),
                          policy)


def build_portal(instance: Instance, accounts: PortalAccounts | None = None,
                 reports: ReportRegistry | None = None) -> PortalSite:
    """The Self-Service Interface at ``/portal`` (R-OPS-2): other features add their pages to the site here."""
    from gbdcc.adapters.portal.incident_pages import add_incident_pages
    from gbdcc.adapters.portal.pages import build_site
    from gbdcc.adapters.portal.report_pages import add_report_pages
    from gbdcc.service.portal.views import PortalViews

    accounts = accounts or build_portal_accounts(instance.settings, instance.uow_factory, instance.clock)
    pipeline = instance.pipeline
    views = PortalViews(instance.uow_factory, instance.clock, instance.coverage,
                        lambda ids: _redeliver_now(pipeline, ids))
    site = build_site(accounts, views, session_seconds=int(instance.settings.portal_session_h * 3600))
    add_incident_pages(site, instance.uow_factory, incident_policy(instance.settings))  # R-INC-1
    add_report_pages(site, reports or build_reports(instance.settings, instance.uow_factory, instance.clock))  # H13
    return site


def _redeliver_now(pipeline: Pipeline, message_ids: list[int]) -> int:
    n = pipeline.delivery.redeliver(message_ids)
    pipeline.notifier.notify()  # the delivery relays of a running `gbdcc up` wake at once
    return n


__all__ = ["build_portal", "build_portal_accounts"]
