"""SQL Communications Hub logistics (``domain.hubs``; SEC F5-F7, R-CH-1): ``hub_forecasts``, ``hub_orders`` (a
SIM order's site visit as a date and slot column), ``hub_order_hubs`` and ``hub_returns``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.errors import NotStored
from gbdcc.adapters.db.memory.hubs import stored_forecast, stored_hub, stored_order, stored_return
from gbdcc.adapters.db.tables import hub_forecasts as hf
from gbdcc.adapters.db.tables import hub_order_hubs as hh
from gbdcc.adapters.db.tables import hub_orders as ho
from gbdcc.adapters.db.tables import hub_returns as hr
from gbdcc.domain.errors import HubOrderStateRefused
from gbdcc.domain.hubs import (
    DeliveredHub,
    HubForecast,
    HubOrder,
    HubReturn,
    HubType,
    OrderStatus,
    Region,
    ReturnKind,
    SiteVisit,
    VisitSlot,
)
from gbdcc.domain.ids import Eui64

_ORDER_FIELDS = ("supplier", "quantity", "delivery_date", "placed_at", "test_hubs", "delivery_location",
                 "consent_information", "confirmed_at", "delivered", "last_delivery_at", "closed_at", "refused_rule",
                 "refused_reason")


def _forecast(row: Any) -> HubForecast:
    return HubForecast(row.supplier, Region(row.region), HubType(row.hub_type), row.month, row.quantity,
                       row.submitted_at, row.forecast_id)


def _order_values(o: HubOrder) -> dict[str, Any]:
    visit = o.site_visit
    return {**{f: getattr(o, f) for f in _ORDER_FIELDS}, "region": o.region.value, "hub_type": o.hub_type.value,
            "status": o.status.value, "site_visit_on": None if visit is None else visit.on,
            "site_visit_slot": None if visit is None else visit.slot.value}


def _order(row: Any) -> HubOrder:
    visit = None if row.site_visit_on is None else SiteVisit(row.site_visit_on, VisitSlot(row.site_visit_slot))
    return HubOrder(region=Region(row.region), hub_type=HubType(row.hub_type), status=OrderStatus(row.status),
                    site_visit=visit, order_id=row.order_id, **{f: getattr(row, f) for f in _ORDER_FIELDS})


def _hub(row: Any) -> DeliveredHub:
    return DeliveredHub(row.chf, row.gpf, row.order_id, row.delivered_at, row.test_hub)


def _return(row: Any) -> HubReturn:
    return HubReturn(row.chf, ReturnKind(row.kind), row.reason, row.returned_at, row.via)


_GET_ORDER = select(ho).where(ho.c.order_id == bindparam("k"))
_GET_HUB = select(hh).where(hh.c.chf == bindparam("k"))
_GET_RETURN = select(hr.c.chf).where(hr.c.chf == bindparam("k"))


class SqlHubLogisticsRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add_forecast(self, forecast: HubForecast) -> HubForecast:
        f = stored_forecast(forecast)
        values = {"supplier": f.supplier, "region": f.region.value, "hub_type": f.hub_type.value, "month": f.month,
                  "quantity": f.quantity, "submitted_at": f.submitted_at}
        new_id = self._conn.execute(insert(hf).returning(hf.c.forecast_id), values).scalar_one()
        return HubForecast(f.supplier, f.region, f.hub_type, f.month, f.quantity, f.submitted_at, int(new_id))

    def forecasts(self, supplier: Eui64 | None = None) -> Sequence[HubForecast]:
        query = select(hf).order_by(hf.c.forecast_id)
        if supplier is not None:
            query = query.where(hf.c.supplier == supplier)
        return [_forecast(r) for r in self._conn.execute(query)]

    def add_order(self, order: HubOrder) -> HubOrder:
        new_id = self._conn.execute(insert(ho).returning(ho.c.order_id), _order_values(stored_order(order)))
        found = self.get_order(int(new_id.scalar_one()))
        assert found is not None
        return found

    def put_order(self, order: HubOrder) -> None:
        o = stored_order(order)
        res = self._conn.execute(update(ho).where(ho.c.order_id == o.order_id), _order_values(o))
        if o.order_id is None or res.rowcount != 1:
            raise NotStored(f"hub order {o.order_id} is not stored")

    def get_order(self, order_id: int) -> HubOrder | None:
        row = self._conn.execute(_GET_ORDER, {"k": order_id}).first()
        return None if row is None else _order(row)

    def orders(self, supplier: Eui64 | None = None) -> Sequence[HubOrder]:
        query = select(ho).order_by(ho.c.order_id)
        if supplier is not None:
            query = query.where(ho.c.supplier == supplier)
        return [_order(r) for r in self._conn.execute(query)]

    def add_hub(self, hub: DeliveredHub) -> None:
        if self.get_order(hub.order_id) is None:
            raise NotStored(f"hub order {hub.order_id} is not stored")
        if self.get_hub(hub.chf) is not None:
            raise HubOrderStateRefused(f"hub {hub.chf} is already recorded as delivered")
        h = stored_hub(hub)
        self._conn.execute(insert(hh), {"chf": h.chf, "gpf": h.gpf, "order_id": h.order_id,
                                        "delivered_at": h.delivered_at, "test_hub": h.test_hub})

    def get_hub(self, chf: Eui64) -> DeliveredHub | None:
        row = self._conn.execute(_GET_HUB, {"k": chf}).first()
        return None if row is None else _hub(row)

    def hubs(self, order_id: int | None = None) -> Sequence[DeliveredHub]:
        query = select(hh).order_by(hh.c.order_id, hh.c.chf)
        if order_id is not None:
            query = query.where(hh.c.order_id == order_id)
        return [_hub(r) for r in self._conn.execute(query)]

    def add_return(self, hub_return: HubReturn) -> None:
        if self.get_hub(hub_return.chf) is None:
            raise NotStored(f"hub {hub_return.chf} was not delivered by the DCC")
        if self._conn.execute(_GET_RETURN, {"k": hub_return.chf}).first() is not None:
            raise HubOrderStateRefused(f"hub {hub_return.chf} is already returned", rule="SEC-F7")
        r = stored_return(hub_return)
        self._conn.execute(insert(hr), {"chf": r.chf, "kind": r.kind.value, "reason": r.reason,
                                        "returned_at": r.returned_at, "via": r.via})

    def returns(self) -> Sequence[HubReturn]:
        return [_return(r) for r in self._conn.execute(select(hr).order_by(hr.c.returned_at, hr.c.chf))]
