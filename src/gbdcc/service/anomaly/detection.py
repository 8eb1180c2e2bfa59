"""Anomaly detection at admission (SEC G6; R-COS-1 for Transitional CoS): a User's Device Service Requests
beyond its threshold for the SRV's class (``domain.anomaly``) are quarantined.

:class:`AnomalyDetection` wraps the device admission handler. Admission runs first (the request is checked,
built into the pipeline's terms and stored as ``admitted`` or ``held``), then — in the same transaction,
before anything else sees it — the User's requests of that class within the window are counted; over the
limit, the request moves on to ``quarantined``, its pipeline event is dropped (nothing is sent), the reply
is still I99 and the ``QuarantinedRequest`` DCC alert (``ADUserThresholdBreach``) follows. Only requests
the DCC would send over the SM WAN are held back: CV1, and a CV5 whose signed Pre-Command was verified; a
CV4 (the Pre-Command) and local delivery (CV2 / CV6) pass — their count still includes the CV4s.

Each quarantine raises an incident (R-INC-1, ``service.incidents.automatic``) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping

from gbdcc.domain.anomaly import AnomalyPolicy, SrvClass, srv_class, srvs_of
from gbdcc.domain.requests import RequestState, ServiceRequest
from gbdcc.service.device.alerts import GBDCC_DCC_ALERT
from gbdcc.service.device.outbound import Outbound
from gbdcc.service.handlers import Handler, HandlerResult, RequestContext
from gbdcc.service.incidents.automatic import record_quarantine
from gbdcc.service.ports import UnitOfWork

#: The states admission leaves a request in that mean "to be sent": those anomaly detection may hold back.
_TO_SEND = frozenset({RequestState.ADMITTED, RequestState.HELD})
QUARANTINED_ALERT = "QuarantinedRequest"


class AnomalyDetection:
    """A :data:`~gbdcc.service.handlers.Handler` around the device admission handler."""

    def __init__(self, admission: Handler, policy: AnomalyPolicy, outbound: Outbound) -> None:
        self._admission = admission
        self._policy = policy
        self._outbound = outbound
        self._srvs: Mapping[SrvClass, frozenset[str]] = {c: srvs_of(c) for c in SrvClass}

    def __call__(self, uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
        result = self._admission(uow, ctx)
        if result.state not in _TO_SEND:
            return result
        rid = ctx.request.request_id
        cls = srv_class(ctx.srv)
        threshold = self._policy.threshold(rid.originator, cls)
        sent = uow.anomaly.count_sent(rid.originator, self._srvs[cls], ctx.now - threshold.window, exclude=rid)
        if not threshold.breached(sent):
            return result
        stored = uow.requests.get(rid)
        assert stored is not None and stored.state is result.state, "admission stored the request it admitted"
        what = "6.23" if cls is SrvClass.COS else f"{cls} requests"
        reason = (f"{rid.originator} sent {sent} {what} in the last {threshold.window}; its threshold is "
                  f"{threshold.limit}: quarantined, not sent"
                  + (" to the CoS Party" if cls is SrvClass.COS else "") + " until it is released")
        quarantined = stored.transition(RequestState.QUARANTINED, ctx.now, response_code="I99", rule=cls.rule,
                                        reason=reason)
        uow.requests.update(quarantined, stored.state)
        alert_quarantined(self._outbound, uow, quarantined, cls.rule, reason)
        record_quarantine(uow, quarantined, reason)  # R-INC-1: a quarantine raises an incident
        return HandlerResult(cls.rule, reason, response_code="I99", state=RequestState.QUARANTINED)


def alert_quarantined(outbound: Outbound, uow: UnitOfWork, request: ServiceRequest, rule: str, reason: str) -> None:
    """The ``QuarantinedRequest`` DCC alert to the request's User (``ADUserThresholdBreach``)."""
    rid = str(request.request_id)
    outbound.dcc_alert(uow, request.user_id, GBDCC_DCC_ALERT, QUARANTINED_ALERT,
                       {"ADUserThresholdBreach": {"RequestID": rid,
                                                  "QuarantineEventRef": str(request.request_id.counter)}},
                       request.updated_at, rule, reason, request_id=rid)
