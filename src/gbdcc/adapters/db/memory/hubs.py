"""In-memory Communications Hub logistics (``domain.hubs``; SEC F5-F7, R-CH-1).

One map of the unit's state holds every record under a ``(kind, key)`` tuple; values are immutable, so the
unit's shallow copy isolates it. The ``stored_*`` helpers (instants to UTC, naive ones refused) are shared with
the SQL repository, so both store and refuse alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from gbdcc.adapters.db.errors import NotStored, utc, utc_or_none
from gbdcc.adapters.db.memory.state import KeyedRecords
from gbdcc.domain.errors import HubOrderStateRefused
from gbdcc.domain.hubs import DeliveredHub, HubForecast, HubOrder, HubReturn
from gbdcc.domain.ids import Eui64


def stored_forecast(f: HubForecast) -> HubForecast:
    return replace(f, submitted_at=utc(f.submitted_at, "submitted_at"))


def stored_order(o: HubOrder) -> HubOrder:
    return replace(o, placed_at=utc(o.placed_at, "placed_at"),
                   confirmed_at=utc_or_none(o.confirmed_at, "confirmed_at"),
                   last_delivery_at=utc_or_none(o.last_delivery_at, "last_delivery_at"),
                   closed_at=utc_or_none(o.closed_at, "closed_at"))


def stored_hub(h: DeliveredHub) -> DeliveredHub:
    return replace(h, delivered_at=utc(h.delivered_at, "delivered_at"))


def stored_return(r: HubReturn) -> HubReturn:
    return replace(r, returned_at=utc(r.returned_at, "returned_at"))


class InMemoryHubLogisticsRepository(KeyedRecords):
    def _map(self) -> dict[tuple[str, Any], Any]:
        return self._s().hubs

    def add_forecast(self, forecast: HubForecast) -> HubForecast:
        stored = replace(stored_forecast(forecast), forecast_id=self._next("forecast"))
        self._map()[("forecast", stored.forecast_id)] = stored
        return stored

    def forecasts(self, supplier: Eui64 | None = None) -> Sequence[HubForecast]:
        return sorted((f for f in self._all("forecast") if supplier is None or f.supplier == supplier),
                      key=lambda f: f.forecast_id)

    def add_order(self, order: HubOrder) -> HubOrder:
        stored = replace(stored_order(order), order_id=self._next("order"))
        self._map()[("order", stored.order_id)] = stored
        return stored

    def put_order(self, order: HubOrder) -> None:
        if order.order_id is None or ("order", order.order_id) not in self._map():
            raise NotStored(f"hub order {order.order_id} is not stored")
        self._map()[("order", order.order_id)] = stored_order(order)

    def get_order(self, order_id: int) -> HubOrder | None:
        found: HubOrder | None = self._map().get(("order", order_id))
        return found

    def orders(self, supplier: Eui64 | None = None) -> Sequence[HubOrder]:
        return sorted((o for o in self._all("order") if supplier is None or o.supplier == supplier),
                      key=lambda o: o.order_id)

    def add_hub(self, hub: DeliveredHub) -> None:
        if ("order", hub.order_id) not in self._map():
            raise NotStored(f"hub order {hub.order_id} is not stored")
        if ("hub", hub.chf) in self._map():
            raise HubOrderStateRefused(f"hub {hub.chf} is already recorded as delivered")
        self._map()[("hub", hub.chf)] = stored_hub(hub)

    def get_hub(self, chf: Eui64) -> DeliveredHub | None:
        found: DeliveredHub | None = self._map().get(("hub", chf))
        return found

    def hubs(self, order_id: int | None = None) -> Sequence[DeliveredHub]:
        return sorted((h for h in self._all("hub") if order_id is None or h.order_id == order_id),
                      key=lambda h: (h.order_id, h.chf.value))

    def add_return(self, hub_return: HubReturn) -> None:
        if ("hub", hub_return.chf) not in self._map():
            raise NotStored(f"hub {hub_return.chf} was not delivered by the DCC")
        if ("return", hub_return.chf) in self._map():
            raise HubOrderStateRefused(f"hub {hub_return.chf} is already returned", rule="SEC-F7")
        self._map()[("return", hub_return.chf)] = stored_return(hub_return)

    def returns(self) -> Sequence[HubReturn]:
        return sorted(self._all("return"), key=lambda r: (r.returned_at, r.chf.value))
