"""The HubLogisticsRepository contract on every backend (memory, SQLite, PostgreSQL): forecasts, orders (a SIM
order's site visit and consent information), delivered hubs and returns round-trip every field; ids are assigned
in order; unknown or repeated records are refused (SEC F5-F7, R-CH-1)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from gbdcc.adapters.db.errors import NaiveDatetime, NotStored
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
from gbdcc.service.ports import UnitOfWorkFactory

from .conftest import BIG, T0

A = Eui64(0x90B3D51F30010000)
SIM = HubType.SPECIAL_INSTALLATION_MESH


def order(**kw: object) -> HubOrder:
    values: dict[str, object] = {"supplier": A, "region": Region.SOUTH, "hub_type": SIM, "quantity": 3,
                                 "delivery_date": date(2027, 3, 6), "placed_at": T0}
    values.update(kw)
    return HubOrder(**values)  # type: ignore[arg-type]


def test_forecasts_round_trip_and_filter_by_supplier(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        one = uow.hubs.add_forecast(HubForecast(A, Region.CENTRAL, SIM, date(2027, 1, 1), 40, T0))
        two = uow.hubs.add_forecast(HubForecast(BIG, Region.NORTH, HubType.DUAL_BAND, date(2027, 2, 1), 0, T0))
        uow.commit()
    assert (one.forecast_id, two.forecast_id) == (1, 2)
    with uow_factory(read_only=True) as uow:
        assert list(uow.hubs.forecasts()) == [one, two]
        assert list(uow.hubs.forecasts(BIG)) == [two]


def test_orders_round_trip_every_field_and_update(uow_factory: UnitOfWorkFactory) -> None:
    full = order(status=OrderStatus.CONFIRMED, test_hubs=True, delivery_location="SO14 7DU",
                 site_visit=SiteVisit(date(2027, 3, 8), VisitSlot.PM), consent_information="Ask ✓ the customer",
                 confirmed_at=T0, delivered=1, last_delivery_at=T0 + timedelta(days=1))
    refused = order(supplier=BIG, region=Region.NORTH, status=OrderStatus.REFUSED, refused_rule="R-CH-1",
                    refused_reason="not North")
    with uow_factory() as uow:
        stored = uow.hubs.add_order(full)
        other = uow.hubs.add_order(refused)
        uow.commit()
    assert stored == replace(full, order_id=1) and other == replace(refused, order_id=2)
    closed = replace(stored, status=OrderStatus.CLOSED, delivered=3, closed_at=T0 + timedelta(days=9))
    with uow_factory() as uow:
        uow.hubs.put_order(closed)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.hubs.get_order(1) == closed and uow.hubs.get_order(3) is None
        assert list(uow.hubs.orders()) == [closed, other] and list(uow.hubs.orders(BIG)) == [other]
    with uow_factory() as uow, pytest.raises(NotStored):
        uow.hubs.put_order(replace(closed, order_id=42))
    with uow_factory() as uow, pytest.raises(NaiveDatetime):
        uow.hubs.add_order(order(placed_at=T0.replace(tzinfo=None)))


def test_hubs_and_returns_round_trip_and_refuse_unknown_or_repeated(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        o = uow.hubs.add_order(order())
        uow.commit()
    assert o.order_id is not None
    first = DeliveredHub(Eui64(0x02DC000000010002), Eui64(0x02DC000000010003), o.order_id, T0, True)
    second = DeliveredHub(BIG, Eui64(0x02DC000000010001), o.order_id, T0, False)
    with uow_factory() as uow:
        uow.hubs.add_hub(second)
        uow.hubs.add_hub(first)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.hubs.get_hub(first.chf) == first and uow.hubs.get_hub(A) is None
        assert list(uow.hubs.hubs(o.order_id)) == [first, second] and list(uow.hubs.hubs(99)) == []
    with uow_factory() as uow, pytest.raises(NotStored):
        uow.hubs.add_hub(replace(first, chf=A, order_id=99))
    with uow_factory() as uow, pytest.raises(HubOrderStateRefused):
        uow.hubs.add_hub(first)
    back = HubReturn(first.chf, ReturnKind.FAULT, "no SM WAN", T0 + timedelta(days=2), "DUIS 8.14.3")
    earlier = HubReturn(second.chf, ReturnKind.NO_FAULT, "surplus", T0 + timedelta(days=1), "gbdcc hubs return")
    with uow_factory() as uow:
        uow.hubs.add_return(back)
        uow.hubs.add_return(earlier)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert list(uow.hubs.returns()) == [earlier, back]
    with uow_factory() as uow, pytest.raises(HubOrderStateRefused):
        uow.hubs.add_return(back)
    with uow_factory() as uow, pytest.raises(NotStored):
        uow.hubs.add_return(replace(back, chf=A))
