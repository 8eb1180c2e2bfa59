"""The storage port of Communications Hub logistics (``domain.hubs``; SEC F5-F7, R-CH-1)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from gbdcc.domain.hubs import DeliveredHub, HubForecast, HubOrder, HubReturn
from gbdcc.domain.ids import Eui64


class HubLogisticsRepository(Protocol):
    """Forecasts, orders, the hubs delivered and the hubs returned. Lists come by id (forecasts, orders), by
    order then CHF (hubs) or by return instant then CHF (returns)."""

    def add_forecast(self, forecast: HubForecast) -> HubForecast:
        """Record a forecast; returns it with its new ``forecast_id``."""
        ...

    def forecasts(self, supplier: Eui64 | None = None) -> Sequence[HubForecast]: ...

    def add_order(self, order: HubOrder) -> HubOrder:
        """Record a new order; returns it with its new ``order_id``."""
        ...

    def put_order(self, order: HubOrder) -> None:
        """Replace the stored order with that ``order_id`` (it must be stored: ``NotStored``)."""
        ...

    def get_order(self, order_id: int) -> HubOrder | None: ...
    def orders(self, supplier: Eui64 | None = None) -> Sequence[HubOrder]: ...

    def add_hub(self, hub: DeliveredHub) -> None:
        """Record a hub delivered (its order must be stored)."""
        ...

    def get_hub(self, chf: Eui64) -> DeliveredHub | None: ...
    def hubs(self, order_id: int | None = None) -> Sequence[DeliveredHub]: ...

    def add_return(self, hub_return: HubReturn) -> None:
        """Record a hub returned (the hub must be stored; once per hub)."""
        ...

    def returns(self) -> Sequence[HubReturn]: ...
