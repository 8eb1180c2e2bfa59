"""Communications Hub logistics: forecasts, orders, deliveries and returns (SEC F5-F7, R-CH-1, R-TEST-1).

A Supplier forecasts and orders Communications Hubs per CSP region, hub type and Delivery Date (F5); the DCC
confirms an order, delivers its hubs (F6) and takes returns, fault (8.14.3) or no-fault (8.14.4) (F7).

* **R-CH-1** (F7.5): Special Installation Mesh hubs exist only for the South and Central regions and are
  forecast and ordered like the other types; each order of them books a DCC site visit (a date and a slot),
  and the DCC hands the Supplier the information it needs to obtain the customer's consent. Consent itself is
  the Supplier's job: the order carries the *information*, never a consent.
* **R-TEST-1**: an order may be for instrumented Test Communications Hubs (``test_hubs``): the hubs it
  delivers record their HAN traffic for the test participant.
* Lead time (F5, assumption): our sources do not state the minimum time between an order and its Delivery
  Date, so it is configuration (:class:`LogisticsTerms`); a Delivery Date in the past is always refused.

Order lifecycle: ``placed`` -> ``confirmed`` -> ``delivered-partly`` / ``delivered`` -> ``closed`` (once every
hub is delivered and the acceptance window has passed); an order breaking a rule is ``refused`` with its rule.
Pure: no clock, dates and instants are passed in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from gbdcc.domain.errors import (
    HubOrderQuantityInvalid,
    HubOrderStateRefused,
    HubOrderTooLate,
    SimRegionRefused,
    SiteVisitRefused,
)
from gbdcc.domain.ids import Eui64


class Region(StrEnum):
    """The three CSP regions."""

    NORTH = "North"
    CENTRAL = "Central"
    SOUTH = "South"


class HubType(StrEnum):
    STANDARD = "standard"
    DUAL_BAND = "dual-band"
    SPECIAL_INSTALLATION_MESH = "special-installation-mesh"


class OrderStatus(StrEnum):
    PLACED = "placed"
    CONFIRMED = "confirmed"
    DELIVERED_PARTLY = "delivered-partly"
    DELIVERED = "delivered"
    CLOSED = "closed"
    REFUSED = "refused"


class VisitSlot(StrEnum):
    AM = "am"
    PM = "pm"


class ReturnKind(StrEnum):
    """F7 returns; the DUIS Service Request that reports each."""

    FAULT = "fault"  # 8.14.3
    NO_FAULT = "no-fault"  # 8.14.4

    @property
    def srv(self) -> str:
        return "8.14.3" if self is ReturnKind.FAULT else "8.14.4"


#: R-CH-1: the regions whose CSP offers Special Installation Mesh hubs.
SIM_REGIONS = frozenset({Region.SOUTH, Region.CENTRAL})


@dataclass(frozen=True, slots=True)
class LogisticsTerms:
    """Configuration of the logistics rules (``GBDCC_HUBS_*``). ``min_lead_days``: days from the order to its
    Delivery Date (assumption, default 0: F5's figure is not in our sources); ``max_quantity``: hubs per order;
    ``acceptance_days``: after the last delivery, before the order closes (F6 acceptance window, assumption)."""

    min_lead_days: int = 0
    max_quantity: int = 10_000
    acceptance_days: int = 5


@dataclass(frozen=True, slots=True)
class HubForecast:
    """A Supplier's forecast of the hubs it will order for delivery in one month (F5)."""

    supplier: Eui64
    region: Region
    hub_type: HubType
    month: date  # the first day of the delivery month
    quantity: int
    submitted_at: datetime
    forecast_id: int | None = None


@dataclass(frozen=True, slots=True)
class SiteVisit:
    """The DCC site visit an order of Special Installation Mesh hubs books (R-CH-1)."""

    on: date
    slot: VisitSlot


@dataclass(frozen=True, slots=True)
class HubOrder:
    """A Communications Hub Order (F5) and where it is in its lifecycle."""

    supplier: Eui64
    region: Region
    hub_type: HubType
    quantity: int
    delivery_date: date
    placed_at: datetime
    status: OrderStatus = OrderStatus.PLACED
    test_hubs: bool = False  # instrumented Test Communications Hubs (R-TEST-1)
    delivery_location: str | None = None  # postcode the hubs are delivered for (simulation: their premises)
    site_visit: SiteVisit | None = None
    consent_information: str | None = None
    confirmed_at: datetime | None = None
    delivered: int = 0
    last_delivery_at: datetime | None = None
    closed_at: datetime | None = None
    refused_rule: str | None = None
    refused_reason: str | None = None
    order_id: int | None = None

    @property
    def outstanding(self) -> int:
        return self.quantity - self.delivered

    def confirmed(self, at: datetime) -> HubOrder:
        if self.status is not OrderStatus.PLACED:
            raise HubOrderStateRefused(f"order {self.order_id} is {self.status}, not placed")
        return replace(self, status=OrderStatus.CONFIRMED, confirmed_at=at)

    def refused(self, rule: str, reason: str) -> HubOrder:
        return replace(self, status=OrderStatus.REFUSED, refused_rule=rule, refused_reason=reason)

    def with_delivery(self, count: int, at: datetime) -> HubOrder:
        """``count`` more hubs delivered at ``at`` (F6)."""
        if self.status not in (OrderStatus.CONFIRMED, OrderStatus.DELIVERED_PARTLY):
            raise HubOrderStateRefused(f"order {self.order_id} is {self.status}: nothing to deliver")
        if not 0 < count <= self.outstanding:
            raise HubOrderStateRefused(f"order {self.order_id}: {count} hubs asked, {self.outstanding} outstanding")
        delivered = self.delivered + count
        status = OrderStatus.DELIVERED if delivered == self.quantity else OrderStatus.DELIVERED_PARTLY
        return replace(self, status=status, delivered=delivered, last_delivery_at=at)

    def closes_by(self, terms: LogisticsTerms) -> datetime | None:
        """When a fully delivered order closes (its acceptance window over); None while hubs are outstanding."""
        if self.status is not OrderStatus.DELIVERED or self.last_delivery_at is None:
            return None
        return self.last_delivery_at + timedelta(days=terms.acceptance_days)

    def closed(self, at: datetime) -> HubOrder:
        return replace(self, status=OrderStatus.CLOSED, closed_at=at)


@dataclass(frozen=True, slots=True)
class DeliveredHub:
    """One hub (CHF + GPF) of an order, delivered to the ordering Supplier."""

    chf: Eui64
    gpf: Eui64
    order_id: int
    delivered_at: datetime
    test_hub: bool = False


@dataclass(frozen=True, slots=True)
class HubReturn:
    """A hub returned to the DCC, fault or no-fault (F7, 8.14.3 / 8.14.4); ``via``: who reported it."""

    chf: Eui64
    kind: ReturnKind
    reason: str
    returned_at: datetime
    via: str


def check_order(order: HubOrder, terms: LogisticsTerms, today: date) -> None:
    """The F5 and R-CH-1 rules an order must meet to be confirmed; raises the refusal."""
    if not 0 < order.quantity <= terms.max_quantity:
        raise HubOrderQuantityInvalid(f"an order is for 1 to {terms.max_quantity} hubs, not {order.quantity}")
    earliest = today + timedelta(days=terms.min_lead_days)
    if order.delivery_date < earliest:
        raise HubOrderTooLate(f"Delivery Date {order.delivery_date} is before the earliest one, {earliest} "
                              f"({terms.min_lead_days} days' lead time)")
    sim = order.hub_type is HubType.SPECIAL_INSTALLATION_MESH
    if sim and order.region not in SIM_REGIONS:
        raise SimRegionRefused(f"Special Installation Mesh Communications Hubs exist only for the South and "
                               f"Central regions, not {order.region}")
    if order.site_visit is not None and not sim:
        raise SiteVisitRefused("a DCC site visit is booked only with an order of Special Installation Mesh hubs")


def check_forecast(forecast: HubForecast, today: date) -> None:
    """A forecast is for a coming month, of a non-negative number of hubs; R-CH-1 regions apply to SIM hubs."""
    if forecast.quantity < 0:
        raise HubOrderQuantityInvalid(f"a forecast cannot be of {forecast.quantity} hubs")
    if forecast.month < today.replace(day=1):
        raise HubOrderTooLate(f"forecast month {forecast.month:%Y-%m} is past")
    if forecast.hub_type is HubType.SPECIAL_INSTALLATION_MESH and forecast.region not in SIM_REGIONS:
        raise SimRegionRefused(f"Special Installation Mesh hubs cannot be forecast for the {forecast.region} "
                               "region: they exist only for the South and Central regions")


def book_site_visit(delivery_date: date, requested: SiteVisit | None) -> SiteVisit:
    """R-CH-1: the site visit booked with a SIM order: the requested one (a weekday on or after the Delivery
    Date, when the hubs are there), else the first weekday morning on or after the Delivery Date."""
    if requested is not None:
        if requested.on < delivery_date:
            raise SiteVisitRefused(f"site visit {requested.on} is before the Delivery Date {delivery_date}")
        if requested.on.weekday() >= 5:
            raise SiteVisitRefused(f"site visit {requested.on} falls on a weekend")
        return requested
    day = delivery_date
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return SiteVisit(day, VisitSlot.AM)


def consent_information(order: HubOrder, visit: SiteVisit) -> str:
    """R-CH-1 (F7.5): what the Supplier needs to obtain the customer's consent to the SIM installation. The
    DCC provides the information; obtaining consent is the Supplier's job."""
    slot = "morning (08:00-12:00)" if visit.slot is VisitSlot.AM else "afternoon (12:00-17:00)"
    return (f"Special Installation Mesh Communications Hubs, {order.region} region: a DCC engineer visits the "
            f"premises on {visit.on:%A %d %B %Y}, {slot}, to survey and fit the mesh installation (the hub and, "
            "where needed, an external antenna or mesh relay). The customer's consent is needed for access on "
            "that date and for any equipment fitted outside the meter position; the Supplier obtains and records "
            "that consent (the DCC does not), and tells the DCC before the visit if it is refused or the slot "
            "must move.")


#: The fictional manufacturer OUI of the hubs the simulated logistics deliver.
HUB_OUI = 0x02DC00


def hub_euis(order_id: int, index: int) -> tuple[Eui64, Eui64]:
    """Deterministic CHF and GPF ids of the ``index``-th hub of an order (``02-DC-00-oo-oo-oo-ii-ic``)."""
    if not 0 <= index < 1 << 15 or not 0 < order_id < 1 << 24:
        raise HubOrderQuantityInvalid(f"hub {index} of order {order_id} is outside the simulated id space")
    base = HUB_OUI << 40 | order_id << 16 | index << 1
    return Eui64(base), Eui64(base | 1)
