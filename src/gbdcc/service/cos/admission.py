"""Admission of a 6.23 Update Security Credentials (CoS) (R-COS-1), before the device pipeline's own.

* The MPxN the request names must be one of the target meter's, and the requester its Registered Supplier
  at that instant (E4, R-COS-1) — the CoS Party checks the registration again before it signs.
* A meter whose Transitional CoS cell holds a null certificate trusts no CoS Party: its 6.23 is refused at
  once (``CosPartyNotTrusted``, R-COS-2) rather than sent to a device that would not answer.
* Anomaly detection: a User's 6.23s beyond its threshold within the window (default 1,000 a day,
  configurable per User) are quarantined — stored, not sent, answered I99 and followed by the
  ``QuarantinedRequest`` DCC alert (``ADUserThresholdBreach``) — instead of reaching the CoS Party.
"""

from __future__ import annotations

from collections.abc import Mapping

from gbdcc.domain.cos import AnomalyThreshold, CosCell, check_registered_supplier, threshold_for
from gbdcc.domain.errors import CosPartyNotTrusted
from gbdcc.domain.ids import Eui64
from gbdcc.domain.requests import RequestState, ServiceRequest
from gbdcc.service.device.alerts import GBDCC_DCC_ALERT
from gbdcc.service.device.facts import hub_id_of
from gbdcc.service.device.outbound import Outbound
from gbdcc.service.handlers import Handler, HandlerResult, RequestContext
from gbdcc.service.ports import UnitOfWork


class CosAdmission:
    def __init__(self, admission: Handler, outbound: Outbound, threshold: AnomalyThreshold | None = None,
                 per_user: Mapping[Eui64, int] | None = None) -> None:
        self._admission = admission
        self._outbound = outbound
        self._threshold = threshold or AnomalyThreshold()
        self._per_user = dict(per_user or {})

    def __call__(self, uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
        device = ctx.device
        assert device is not None, "access control admits device requests only for known devices"
        requester = ctx.request.request_id.originator
        mpxn = (ctx.request.text("ImportMPxN") or "").strip()
        own = [m for m in (device.import_mpxn, device.secondary_import_mpan, device.export_mpan) if m]
        check_registered_supplier(requester, mpxn, own, uow.registration.for_mpxns([mpxn]) if mpxn else (), ctx.now)
        if device.cos_cell is CosCell.NULL:
            raise CosPartyNotTrusted(f"{device.device_id}'s Transitional CoS cell holds a null certificate: no CoS "
                                     "Party can authorise a change of its supplier (R-COS-2)", rule="R-COS-2")
        threshold = threshold_for(requester, self._threshold, self._per_user)
        sent = uow.requests.count_recent(requester, ctx.srv.srv, ctx.now - threshold.window)
        if threshold.breached(sent):
            return self._quarantine(uow, ctx, threshold, sent)
        return self._admission(uow, ctx)

    def _quarantine(self, uow: UnitOfWork, ctx: RequestContext, threshold: AnomalyThreshold,
                    sent: int) -> HandlerResult:
        req = ctx.request
        device = ctx.device
        assert device is not None
        reason = (f"{req.request_id.originator} sent {sent} 6.23 in the last {threshold.window}; its threshold is "
                  f"{threshold.limit}: quarantined, not sent to the CoS Party")
        uow.requests.add(ServiceRequest(
            request_id=req.request_id, srv=ctx.srv.srv, command_variant=req.command_variant, role=ctx.role,
            state=RequestState.QUARANTINED, received_at=ctx.now, updated_at=ctx.now, raw=req.raw,
            device_type=device.device_type.value, hub_id=hub_id_of(device), response_code="I99", rule="R-COS-1",
            reason=reason))
        rid = str(req.request_id)
        self._outbound.dcc_alert(uow, req.request_id.originator, GBDCC_DCC_ALERT, "QuarantinedRequest",
                                 {"ADUserThresholdBreach": {"RequestID": rid,
                                                            "QuarantineEventRef": str(req.request_id.counter)}},
                                 ctx.now, "R-COS-1", reason, request_id=rid)
        return HandlerResult("R-COS-1", reason, response_code="I99", state=RequestState.QUARANTINED)
