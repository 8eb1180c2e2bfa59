"""Communications Hub logistics rules (SEC F5-F7, R-CH-1): SIM hubs only South / Central, the site visit a SIM
order books, the consent information handed to the Supplier, lead time, quantities and the order lifecycle."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from gbdcc.domain.errors import (
    HubOrderQuantityInvalid,
    HubOrderStateRefused,
    HubOrderTooLate,
    SimRegionRefused,
    SiteVisitRefused,
)
from gbdcc.domain.hubs import (
    HubForecast,
    HubOrder,
    HubType,
    LogisticsTerms,
    OrderStatus,
    Region,
    SiteVisit,
    VisitSlot,
    book_site_visit,
    check_forecast,
    check_order,
    consent_information,
    hub_euis,
)
from gbdcc.domain.ids import Eui64

SUPPLIER = Eui64.parse("90-B3-D5-1F-30-01-00-00")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
TODAY = NOW.date()
SIM = HubType.SPECIAL_INSTALLATION_MESH


def order(region: Region = Region.SOUTH, hub_type: HubType = SIM, quantity: int = 4,
          delivery: date = date(2027, 3, 6), **kw: object) -> HubOrder:
    return HubOrder(SUPPLIER, region, hub_type, quantity, delivery, NOW, **kw)  # type: ignore[arg-type]


def test_r_ch_1_sim_hubs_refused_for_the_north_region() -> None:
    with pytest.raises(SimRegionRefused) as refused:
        check_order(order(Region.NORTH), LogisticsTerms(), TODAY)
    assert refused.value.rule == "R-CH-1" and refused.value.code == "GBDCC-511"
    assert "South and Central" in refused.value.reason


@pytest.mark.parametrize("region", [Region.SOUTH, Region.CENTRAL])
def test_r_ch_1_sim_hubs_allowed_for_south_and_central(region: Region) -> None:
    check_order(order(region), LogisticsTerms(), TODAY)


@pytest.mark.parametrize("hub_type", [HubType.STANDARD, HubType.DUAL_BAND])
def test_r_ch_1_other_hub_types_are_ordered_in_every_region(hub_type: HubType) -> None:
    for region in Region:
        check_order(order(region, hub_type), LogisticsTerms(), TODAY)


def test_r_ch_1_sim_hubs_are_forecast_like_the_others_but_only_south_and_central() -> None:
    check_forecast(HubForecast(SUPPLIER, Region.CENTRAL, SIM, date(2027, 3, 1), 40, NOW), TODAY)
    with pytest.raises(SimRegionRefused):
        check_forecast(HubForecast(SUPPLIER, Region.NORTH, SIM, date(2027, 3, 1), 40, NOW), TODAY)
    with pytest.raises(HubOrderTooLate):
        check_forecast(HubForecast(SUPPLIER, Region.SOUTH, HubType.STANDARD, date(2026, 11, 1), 1, NOW), TODAY)


def test_r_ch_1_site_visit_defaults_to_first_weekday_morning_on_or_after_delivery() -> None:
    saturday = date(2027, 3, 6)
    assert book_site_visit(saturday, None) == SiteVisit(date(2027, 3, 8), VisitSlot.AM)
    wednesday = date(2027, 3, 10)
    assert book_site_visit(wednesday, None) == SiteVisit(wednesday, VisitSlot.AM)
    asked = SiteVisit(date(2027, 3, 11), VisitSlot.PM)
    assert book_site_visit(wednesday, asked) == asked


def test_r_ch_1_site_visit_before_delivery_or_at_a_weekend_refused() -> None:
    with pytest.raises(SiteVisitRefused, match="before the Delivery Date"):
        book_site_visit(date(2027, 3, 10), SiteVisit(date(2027, 3, 9), VisitSlot.AM))
    with pytest.raises(SiteVisitRefused, match="weekend"):
        book_site_visit(date(2027, 3, 10), SiteVisit(date(2027, 3, 13), VisitSlot.AM))


def test_r_ch_1_site_visit_only_with_a_sim_order() -> None:
    with pytest.raises(SiteVisitRefused) as refused:
        check_order(order(hub_type=HubType.STANDARD, site_visit=SiteVisit(date(2027, 3, 8), VisitSlot.AM)),
                    LogisticsTerms(), TODAY)
    assert refused.value.rule == "R-CH-1"


def test_r_ch_1_consent_information_is_information_for_the_supplier_not_consent() -> None:
    text = consent_information(order(), SiteVisit(date(2027, 3, 8), VisitSlot.PM))
    assert "Monday 08 March 2027" in text and "afternoon" in text and "South region" in text
    assert "the Supplier obtains and records that consent (the DCC does not)" in text


def test_lead_time_and_quantity_are_configuration() -> None:
    check_order(order(delivery=TODAY), LogisticsTerms(), TODAY)  # default: no lead time, not in the past
    with pytest.raises(HubOrderTooLate):
        check_order(order(delivery=TODAY - timedelta(days=1)), LogisticsTerms(), TODAY)
    with pytest.raises(HubOrderTooLate):
        check_order(order(delivery=TODAY + timedelta(days=27)), LogisticsTerms(min_lead_days=28), TODAY)
    check_order(order(delivery=TODAY + timedelta(days=28)), LogisticsTerms(min_lead_days=28), TODAY)
    for quantity in (0, 11):
        with pytest.raises(HubOrderQuantityInvalid):
            check_order(order(quantity=quantity), LogisticsTerms(max_quantity=10), TODAY)


def test_order_lifecycle_confirmed_delivered_partly_then_fully_then_closes() -> None:
    placed = order(quantity=3, order_id=7)
    with pytest.raises(HubOrderStateRefused):
        placed.with_delivery(1, NOW)
    confirmed = placed.confirmed(NOW)
    assert confirmed.status is OrderStatus.CONFIRMED
    with pytest.raises(HubOrderStateRefused):
        confirmed.confirmed(NOW)
    partly = confirmed.with_delivery(2, NOW)
    assert (partly.status, partly.outstanding, partly.closes_by(LogisticsTerms())) == (
        OrderStatus.DELIVERED_PARTLY, 1, None)
    with pytest.raises(HubOrderStateRefused):
        partly.with_delivery(2, NOW)
    later = NOW + timedelta(days=1)
    full = partly.with_delivery(1, later)
    assert full.status is OrderStatus.DELIVERED and full.closes_by(LogisticsTerms(acceptance_days=5)) == (
        later + timedelta(days=5))
    with pytest.raises(HubOrderStateRefused):
        full.closed(later).with_delivery(1, later)


def test_hub_ids_are_distinct_per_order_and_index() -> None:
    ids = {e for o in (1, 2) for i in range(50) for e in hub_euis(o, i)}
    assert len(ids) == 200
    chf, gpf = hub_euis(2, 1)
    assert (str(chf), str(gpf)) == ("02-DC-00-00-00-02-00-02", "02-DC-00-00-00-02-00-03")
