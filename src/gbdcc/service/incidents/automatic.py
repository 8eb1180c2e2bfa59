"""Incidents the DCC raises itself (R-INC-1): each hook in another module is one call into this one.

* A CSP region outage played by a scenario (``adapters.wan.scenario.player``): one incident per outage event,
  its category by the premises it takes off the SM WAN (:meth:`IncidentPolicy.outage_category`) — raised
  when the outage begins, in its own unit of work (:class:`OutageIncidents`).
* Deliveries failed past the 2-day failed-delivery queue (``service.device.delivery.discard_expired``): one
  incident per User whose messages were discarded, linking their RequestIDs — in the discarding transaction.
* A Registration Data file refused (``service.registration.load``): one incident naming the RDP, the file
  and its first error code (the registration data incident policy is merged into this one).
* A request quarantined by anomaly detection (``service.anomaly.detection``): one incident linking the
  request and its device, in the quarantining transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from gbdcc.domain.delivery import OutboundMessage
from gbdcc.domain.incidents.model import Category, Incident, IncidentPolicy
from gbdcc.domain.rdp.outcome import FileOutcome
from gbdcc.domain.requests import ServiceRequest
from gbdcc.service.incidents.manage import raise_incident, record_incident
from gbdcc.service.ports import UnitOfWork, UnitOfWorkFactory

#: Categories of the DCC's own incidents other than outages (an outage's is by size).
DELIVERY_CATEGORY = Category.C3
RDP_FILE_CATEGORY = Category.C4
QUARANTINE_CATEGORY = Category.C3


def outage_incident(policy: IncidentPolicy, where: str, premises: int, at: datetime, cause: str) -> Incident:
    """The incident of a CSP region outage taking ``premises`` off the SM WAN at ``where``."""
    return Incident.by_dcc("csp-outage", policy.outage_category(premises),
                           f"CSP region outage: {where} ({premises} premises without SM WAN)", at,
                           description=f"{cause}: no SM WAN in {where}; requests meanwhile get E20",
                           error_code="GBDCC-802")


class OutageIncidents:
    """The scenario player's outage observer: raises one incident per CSP region outage as it begins."""

    def __init__(self, uow_factory: UnitOfWorkFactory, policy: IncidentPolicy) -> None:
        self._uow_factory = uow_factory
        self._policy = policy

    def __call__(self, where: str, premises: int, at: datetime, cause: str) -> Incident:
        return raise_incident(self._uow_factory, outage_incident(self._policy, where, premises, at, cause))


def record_discarded_deliveries(uow: UnitOfWork, discarded: Sequence[OutboundMessage], at: datetime) -> list[Incident]:
    """One incident per User whose messages left the failed-delivery queue undelivered after 2 days."""
    out = []
    for user in sorted({m.user_id for m in discarded}):
        mine = [m for m in discarded if m.user_id == user]
        requests = tuple(dict.fromkeys(m.request_id for m in mine if m.request_id is not None))
        out.append(record_incident(uow, Incident.by_dcc(
            "delivery", DELIVERY_CATEGORY,
            f"{len(mine)} message(s) to User {user} undelivered after 2 days in the failed-delivery queue", at,
            description="retries exhausted, kept 2 days, discarded: "
                        + ", ".join(m.response_id for m in mine[:20]) + (" …" if len(mine) > 20 else ""),
            requests=requests)))
    return out


def record_refused_file(uow: UnitOfWork, outcome: FileOutcome, name: str | None, at: datetime) -> Incident:
    """The incident of a Registration Data file refused whole (its response file names each bad line)."""
    first = outcome.errors[0] if outcome.errors else None
    rdp = outcome.rdp_id or "an unknown RDP"
    return record_incident(uow, Incident.by_dcc(
        "rdp-file", RDP_FILE_CATEGORY,
        f"Registration Data file {name or ''} from {rdp} refused ({outcome.error_count} error(s))".replace("  ", " "),
        at, description="" if first is None else f"line {first.line}: {first.code} [{first.rule}] {first.reason}",
        error_code=None if first is None else first.code))


def record_quarantine(uow: UnitOfWork, request: ServiceRequest, reason: str) -> Incident:
    """The incident of a request quarantined by anomaly detection (SEC G6)."""
    rid = request.request_id
    return record_incident(uow, Incident.by_dcc(
        "anomaly", QUARANTINE_CATEGORY, f"request {rid} quarantined by anomaly detection", request.updated_at,
        description=reason, requests=(str(rid),), devices=(rid.target,)))
