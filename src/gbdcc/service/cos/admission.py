"""Admission of a 6.23 Update Security Credentials (CoS) (R-COS-1), before the device pipeline's own.

* The MPxN the request names must be one of the target meter's, and the requester its Registered Supplier
  at that instant (E4, R-COS-1) — the CoS Party checks the registration again before it signs.
* A meter whose Transitional CoS cell holds a null certificate trusts no CoS Party: its 6.23 is refused at
  once (``CosPartyNotTrusted``, R-COS-2) rather than sent to a device that would not answer.
* Anomaly detection (R-COS-1: TCoS traffic is subject to it) is the general one, ``service.anomaly``: the
  handler this one wraps is ``AnomalyDetection`` around the device admission, whose ``cos`` class (default
  1,000 6.23s a day per User, ``GBDCC_COS_ANOMALY_*``) quarantines a User's excess 6.23s — stored, not sent,
  answered I99 and followed by the ``QuarantinedRequest`` DCC alert — before they reach the CoS Party.
"""

from __future__ import annotations

from gbdcc.domain.cos import CosCell, check_registered_supplier
from gbdcc.domain.errors import CosPartyNotTrusted
from gbdcc.service.handlers import Handler, HandlerResult, RequestContext
from gbdcc.service.ports import UnitOfWork


class CosAdmission:
    def __init__(self, admission: Handler) -> None:
        """``admission``: the anomaly detection around the device admission (``service.anomaly``)."""
        self._admission = admission

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
        return self._admission(uow, ctx)
