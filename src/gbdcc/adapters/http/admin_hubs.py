"""Admin endpoints of Communications Hub logistics (SEC F5-F7, R-CH-1, R-TEST-1; ``gbdcc hubs``).

``GET /admin/v1/hubs/orders[?supplier=EUI]`` lists the orders; ``POST /admin/v1/hubs/orders`` places one
(``{"supplier", "region", "hub_type", "quantity", "delivery_date", "test_hubs"?, "delivery_location"?,
"site_visit"?, "slot"?}``) and returns it confirmed (a SIM order with its site visit and consent information);
``POST /admin/v1/hubs/orders/{id}/deliver`` ``{"count"?}`` delivers hubs into the SMI (simulated logistics);
``GET /admin/v1/hubs/{chf}/han-trace`` (R-TEST-1) shows an instrumented Test Communications Hub's HAN messages
and activity as the RUNNING instance's simulated hub recorded them (they live in its memory: a hub not contacted
since the start is built then and has an empty trace). Other hubs are refused with R-TEST-1.
Refusals: 4xx ``{"detail": {"code", "rule", "reason"}}``. Auth as every admin endpoint (``check_caller``).
"""

from __future__ import annotations

from collections import Counter
from contextlib import suppress
from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, Field

from gbdcc.adapters.http.admin_common import RowId, refusal, to_json
from gbdcc.adapters.http.admin_scenario import check_caller
from gbdcc.adapters.wan.devices.hub import HanTrace
from gbdcc.adapters.wan.runtime import SimulatedWan
from gbdcc.domain.errors import GbdccError, HubLogisticsRefused, HubOrderUnknown, InvalidIdentifier
from gbdcc.domain.hubs import HubOrder, HubType, LogisticsTerms, Region
from gbdcc.domain.ids import Eui64
from gbdcc.service.hubs.logistics import deliver, place_order, requested_visit, require_test_hub
from gbdcc.service.ports import Clock, UnitOfWorkFactory

PREFIX = "/admin/v1/hubs"




def _refusal(err: GbdccError) -> HTTPException:
    status = 404 if isinstance(err, HubOrderUnknown) else 403 if err.rule == "R-TEST-1" else 409
    if isinstance(err, InvalidIdentifier):
        status = 400
    return refusal(status, err)


class OrderIn(BaseModel):
    supplier: str
    region: Region
    hub_type: HubType
    quantity: int
    delivery_date: date
    test_hubs: bool = False
    delivery_location: str | None = None
    site_visit: date | None = None
    slot: str | None = None


class DeliverIn(BaseModel):
    count: int | None = Field(None, ge=1, le=1_000_000, description="Hubs to deliver now (default: the rest)")


def trace_view(chf: Eui64, trace: list[HanTrace], devices: list[Eui64], built: bool) -> dict[str, Any]:
    """The HAN trace and a summary of the hub's activity (R-TEST-1)."""
    kinds = Counter(t.kind for t in trace)
    return {"chf": str(chf), "built": built, "han_devices": [str(d) for d in devices],
            "activity": {"messages": len(trace), "by_kind": dict(sorted(kinds.items())),
                         "first_at": trace[0].at.isoformat() if trace else None,
                         "last_at": trace[-1].at.isoformat() if trace else None},
            "trace": [{**to_json(t), "message_code": None if t.message_code is None else f"0x{t.message_code:04X}"}
                      for t in trace]}


def router(uow_factory: UnitOfWorkFactory, clock: Clock, wan: SimulatedWan, terms: LogisticsTerms, *,
           token: str | None) -> APIRouter:
    api = APIRouter(prefix=PREFIX, tags=["hubs"])

    @api.get("/orders")
    def orders(request: Request, supplier: str | None = None) -> dict[str, Any]:
        check_caller(request, token)
        try:
            who = None if supplier is None else Eui64.parse(supplier)
        except GbdccError as err:
            raise _refusal(err) from None
        with uow_factory(read_only=True) as uow:
            return {"orders": [to_json(o) for o in uow.hubs.orders(who)]}

    @api.post("/orders")
    def order(request: Request, body: OrderIn) -> dict[str, Any]:
        check_caller(request, token)
        try:
            made = place_order(uow_factory, HubOrder(
                Eui64.parse(body.supplier), body.region, body.hub_type, body.quantity, body.delivery_date, clock.now(),
                test_hubs=body.test_hubs, delivery_location=body.delivery_location,
                site_visit=requested_visit(body.site_visit, body.slot)), terms)
        except (HubLogisticsRefused, InvalidIdentifier) as err:
            raise _refusal(err) from None
        return to_json(made)  # type: ignore[no-any-return]

    @api.post("/orders/{order_id}/deliver")
    def delivery(request: Request, order_id: RowId, body: DeliverIn) -> dict[str, Any]:
        check_caller(request, token)
        try:
            updated, made = deliver(uow_factory, order_id, clock.now(), body.count)
        except HubLogisticsRefused as err:
            raise _refusal(err) from None
        return {"order": to_json(updated), "hubs": [to_json(h) for h in made]}

    @api.get("/{chf}/han-trace")
    def han_trace(request: Request, chf: str) -> dict[str, Any]:
        check_caller(request, token)
        try:
            hub_id = Eui64.parse(chf)
            with uow_factory(read_only=True) as uow:
                require_test_hub(uow, hub_id)
        except GbdccError as err:
            raise _refusal(err) from None
        if hub_id not in wan.hubs:
            with suppress(GbdccError):  # built from the SMI, instrumented (without premises: built, not attached)
                wan.hub(hub_id)
        built = wan.hubs.get(hub_id)
        if built is None:
            return trace_view(hub_id, [], [], False)
        sim = built.hub
        trace, devices = wan.on_wan_thread(lambda: (list(sim.trace), list(sim.devices)))
        return trace_view(hub_id, trace, devices, True)

    return api
