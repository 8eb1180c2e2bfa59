"""Communications Hub logistics use cases: forecasts, orders, deliveries, returns (SEC F5-F7, R-CH-1, R-TEST-1).

* :func:`submit_forecast` / :func:`place_order` (F5): an order meeting the rules is confirmed at once by the
  (SIMULATED) DCC logistics; a Special Installation Mesh order books its site visit and carries the consent
  information for the Supplier (R-CH-1). An order breaking a rule is recorded ``refused`` with its rule, then
  the refusal is raised (so reports count refusals too).
* :func:`deliver` (F6, SIMULATED logistics): the next hubs of a confirmed order enter the SMI — CHF and GPF,
  Pending (delivered to the Supplier, not yet installed), in the order's CSP region, the Supplier's certificates
  on their trust anchors — and are recorded against the order. :func:`housekeeping` (``gbdcc up``) delivers what
  is due on its Delivery Date, closes orders whose acceptance window has passed and records the returns Users
  reported by DUIS.
* :func:`return_hub` (F7): a fault (8.14.3) or no-fault (8.14.4) return made outside DUIS takes the same SMI
  transition as the Service Request (never installed -> Withdrawn, installed -> Decommissioned);
  :func:`duis_returns` finds those made by 8.14.3 / 8.14.4 in the hubs' SMI status history.
* :func:`require_test_hub` (R-TEST-1): only a hub delivered as an instrumented Test Communications Hub shows its
  HAN trace.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from gbdcc.domain.errors import GbdccError, HubOrderStateRefused, HubOrderUnknown, NotATestHub
from gbdcc.domain.hubs import (
    DeliveredHub,
    HubForecast,
    HubOrder,
    HubReturn,
    HubType,
    LogisticsTerms,
    OrderStatus,
    ReturnKind,
    SiteVisit,
    VisitSlot,
    book_site_visit,
    check_forecast,
    check_order,
    consent_information,
    hub_euis,
)
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus, StatusChange
from gbdcc.service.ports import Clock, UnitOfWork, UnitOfWorkFactory

#: The simulated hubs' make and model per type.
MANUFACTURER = "SimHub Ltd (simulated)"
MODELS = {HubType.STANDARD: "SH-CH-4G", HubType.DUAL_BAND: "SH-CH-DB", HubType.SPECIAL_INSTALLATION_MESH: "SH-CH-SIM"}
_NEVER_INSTALLED = frozenset({SmiStatus.PENDING, SmiStatus.WHITELISTED})
_GONE = frozenset({SmiStatus.WITHDRAWN, SmiStatus.DECOMMISSIONED})


def submit_forecast(uow_factory: UnitOfWorkFactory, forecast: HubForecast) -> HubForecast:
    """Record a Supplier's forecast (F5; R-CH-1 for SIM hubs)."""
    check_forecast(forecast, forecast.submitted_at.date())
    with uow_factory() as uow:
        stored = uow.hubs.add_forecast(forecast)
        uow.commit()
    return stored


def place_order(uow_factory: UnitOfWorkFactory, order: HubOrder, terms: LogisticsTerms) -> HubOrder:
    """Place an order (F5) and, when it meets the rules, confirm it; a SIM order gets its site visit booked
    (``order.site_visit`` is the visit asked for, or None for the first slot) and the consent information."""
    try:
        check_order(order, terms, order.placed_at.date())
        if order.hub_type is HubType.SPECIAL_INSTALLATION_MESH:
            visit = book_site_visit(order.delivery_date, order.site_visit)
            order = replace(order, site_visit=visit, consent_information=consent_information(order, visit))
    except GbdccError as refusal:
        with uow_factory() as uow:
            uow.hubs.add_order(order.refused(refusal.rule, refusal.reason))
            uow.commit()
        raise
    with uow_factory() as uow:
        placed = uow.hubs.add_order(replace(order, status=OrderStatus.PLACED))
        confirmed = placed.confirmed(order.placed_at)
        uow.hubs.put_order(confirmed)
        uow.commit()
    return confirmed


def order_of(uow: UnitOfWork, order_id: int) -> HubOrder:
    found = uow.hubs.get_order(order_id)
    if found is None:
        raise HubOrderUnknown(f"no Communications Hub order {order_id}")
    return found


def _smi_devices(order: HubOrder, chf: Eui64, gpf: Eui64, at: datetime) -> tuple[Device, Device]:
    assert order.order_id is not None
    cause = (f"Communications Hub delivered to {order.supplier}, order {order.order_id}"
             f"{' (test hub)' if order.test_hubs else ''} (simulated logistics)")
    common = {"status": SmiStatus.PENDING, "status_at": at, "manufacturer": MANUFACTURER,
              "model": MODELS[order.hub_type], "postcode": order.delivery_location, "csp_region": order.region.value,
              "supplier_credentials": order.supplier, "smets_chts_version": "CHTS", "firmware_version": "2.1.0",
              "history": (StatusChange(SmiStatus.PENDING, at, cause),)}
    return (Device(chf, DeviceType.CHF, associated_gpf_id=gpf, **common),  # type: ignore[arg-type]
            Device(gpf, DeviceType.GPF, chf_id=chf, **common))  # type: ignore[arg-type]


def deliver_in(uow: UnitOfWork, order: HubOrder, count: int | None, at: datetime
               ) -> tuple[HubOrder, list[DeliveredHub]]:
    """Deliver ``count`` (default: every outstanding) hubs of ``order`` within ``uow`` (F6, simulated)."""
    assert order.order_id is not None
    n = order.outstanding if count is None else count
    updated = order.with_delivery(n, at)
    made: list[DeliveredHub] = []
    for index in range(order.delivered, order.delivered + n):
        chf, gpf = hub_euis(order.order_id, index)
        if uow.inventory.get(chf) is not None or uow.inventory.get(gpf) is not None:
            raise HubOrderStateRefused(f"hub {chf} of order {order.order_id} is already in the SMI")
        for device in _smi_devices(order, chf, gpf, at):
            uow.inventory.add(device)
        hub = DeliveredHub(chf, gpf, order.order_id, at, order.test_hubs)
        uow.hubs.add_hub(hub)
        made.append(hub)
    uow.hubs.put_order(updated)
    return updated, made


def deliver(uow_factory: UnitOfWorkFactory, order_id: int, at: datetime, count: int | None = None
            ) -> tuple[HubOrder, list[DeliveredHub]]:
    """Deliver the next ``count`` hubs (default all outstanding) of an order now: they enter the SMI."""
    with uow_factory() as uow:
        updated, made = deliver_in(uow, order_of(uow, order_id), count, at)
        uow.commit()
    return updated, made


def return_hub(uow_factory: UnitOfWorkFactory, chf: Eui64, kind: ReturnKind, reason: str, at: datetime,
               via: str = "gbdcc hubs return") -> HubReturn:
    """Record a hub returned to the DCC (F7) and move its CHF and GPF as 8.14.3 / 8.14.4 do."""
    with uow_factory() as uow:
        hub = uow.hubs.get_hub(chf)
        if hub is None:
            raise HubOrderUnknown(f"hub {chf} was not delivered by the DCC", rule="SEC-F7")
        made = HubReturn(chf, kind, reason, at, via)
        uow.hubs.add_return(made)  # refuses a hub returned already (SEC-F7)
        cause = f"{kind.srv} {kind.value} return ({via}): {reason}"
        for device_id in (hub.chf, hub.gpf):
            device = uow.inventory.get(device_id)
            if device is None or device.status in _GONE:  # already returned by 8.14.3 / 8.14.4
                continue
            new = SmiStatus.WITHDRAWN if device.status in _NEVER_INSTALLED else SmiStatus.DECOMMISSIONED
            uow.inventory.update(device.change_status(new, at, cause))
        uow.commit()
    return made


def duis_returns(uow: UnitOfWork) -> list[HubReturn]:
    """Returns Users reported by 8.14.3 / 8.14.4 (found in the CHF's SMI history) not recorded yet."""
    recorded = {r.chf for r in uow.hubs.returns()}
    found: list[HubReturn] = []
    for hub in uow.hubs.hubs():
        if hub.chf in recorded:
            continue
        device = uow.inventory.get(hub.chf)
        for change in device.history if device is not None else ():
            kind = next((k for k in ReturnKind if change.cause.startswith(k.srv + " ")), None)
            if kind is not None:
                found.append(HubReturn(hub.chf, kind, f"reported by DUIS {kind.srv}", change.at, f"DUIS {kind.srv}"))
                break
    return found


@dataclass(frozen=True, slots=True)
class HousekeepingDone:
    delivered: int
    closed: int
    returns: int


def housekeeping(uow_factory: UnitOfWorkFactory, clock: Clock, terms: LogisticsTerms) -> HousekeepingDone:
    """``gbdcc up`` chore: deliver orders due (Delivery Date reached), close orders past their acceptance
    window, record DUIS-reported returns."""
    now = clock.now()
    today: date = now.date()
    delivered = closed = 0
    with uow_factory(read_only=True) as uow:  # most runs find nothing: look first without taking the writer lock
        idle = not duis_returns(uow) and not any(_delivery_due(o, today) or _closing_due(o, terms, now)
                                                 for o in uow.hubs.orders())
    if idle:
        return HousekeepingDone(0, 0, 0)
    with uow_factory() as uow:
        for order in uow.hubs.orders():
            if _delivery_due(order, today):
                order, made = deliver_in(uow, order, None, now)
                delivered += len(made)
            if _closing_due(order, terms, now):
                uow.hubs.put_order(order.closed(now))
                closed += 1
        found = duis_returns(uow)
        for hub_return in found:
            uow.hubs.add_return(hub_return)
        uow.commit()
    return HousekeepingDone(delivered, closed, len(found))


def _delivery_due(order: HubOrder, today: date) -> bool:
    return order.status in (OrderStatus.CONFIRMED, OrderStatus.DELIVERED_PARTLY) and order.delivery_date <= today


def _closing_due(order: HubOrder, terms: LogisticsTerms, now: datetime) -> bool:
    closes = order.closes_by(terms)
    return closes is not None and closes <= now


def require_test_hub(uow: UnitOfWork, chf: Eui64) -> DeliveredHub:
    """R-TEST-1: the hub, if it is an instrumented Test Communications Hub; else the refusal."""
    hub = uow.hubs.get_hub(chf)
    if hub is None or not hub.test_hub:
        what = "was not delivered by the DCC" if hub is None else "is not an instrumented Test Communications Hub"
        raise NotATestHub(f"hub {chf} {what}: only test hubs show their HAN messages and activity")
    return hub


def requested_visit(on: date | None, slot: str | None) -> SiteVisit | None:
    """The site visit a Supplier asks for with a SIM order (None: the DCC books the first slot)."""
    if on is None:
        return None
    return SiteVisit(on, VisitSlot(slot or "am"))
