"""R-SMI-4: when a shared Communications Hub is decommissioned or returned, the DCC tells every supplier at
the premises (both, at a dual-fuel premises) with a DCC Alert — wrapped around the 8.3 and 8.14.3 / 8.14.4
handlers, which change the hub's SMI status."""

from __future__ import annotations

from dataclasses import replace

from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType, SmiStatus
from gbdcc.service.device.alerts import hub_status_changed
from gbdcc.service.device.outbound import Outbound
from gbdcc.service.handlers import Handler, HandlerResult, RequestContext
from gbdcc.service.ports import UnitOfWork

HUB_ENDING_SRVS = ("8.3", "8.14.3", "8.14.4")
_ENDED = frozenset({SmiStatus.DECOMMISSIONED, SmiStatus.WITHDRAWN})


def with_hub_alerts(handlers: dict[str, Handler], outbound: Outbound) -> dict[str, Handler]:
    """``handlers`` with the hub-ending SRVs wrapped to raise the R-SMI-4 DCC alert."""
    out = dict(handlers)
    for srv in HUB_ENDING_SRVS:
        if srv in out:
            out[srv] = _HubEnding(out[srv], outbound)
    return out


class _HubEnding:
    def __init__(self, inner: Handler, outbound: Outbound) -> None:
        self._inner = inner
        self._outbound = outbound

    def __call__(self, uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
        text = ctx.request.text("DeviceID")
        before = uow.inventory.get(Eui64.parse(text)) if text else None
        result = self._inner(uow, ctx)
        if before is None or before.device_type is not DeviceType.CHF:
            return result
        after = uow.inventory.get(before.device_id)
        if after is None or after.status not in _ENDED or after.status == before.status:
            return result
        told = hub_status_changed(uow, self._outbound, after, ctx.now, "CHFDecommissioning", {},
                                  f"Communications Hub {after.device_id} is {after.status} ({ctx.srv.srv})")
        return replace(result, note=f"{result.note}; DCC alert to {told} supplier(s) at the premises (R-SMI-4)")
