"""Scenario files: every example of ``docs/scenarios.md`` parses (one per event type), each kind of fault is
refused naming its event and field, and — Hypothesis — durations round-trip, generated valid events parse to
what was written, and no text makes the parser fail other than with ``ScenarioInvalid``."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gbdcc.adapters.wan.coverage import CspRegion
from gbdcc.adapters.wan.scenario.errors import ScenarioInvalid
from gbdcc.adapters.wan.scenario.model import (
    TAMPER_METERS,
    ColdSnap,
    CspRegionOutage,
    DemandFuel,
    EventType,
    HubFailure,
    PowerOutage,
    Selection,
    Tamper,
    TamperKind,
)
from gbdcc.adapters.wan.scenario.parser import MAX_SPAN, format_duration, parse_duration, parse_scenario
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType

DOCS = Path(__file__).resolve().parents[5] / "docs" / "scenarios.md"
HUB = "00-DB-12-34-56-78-90-A2"


def examples() -> list[str]:
    return re.findall(r"```toml\n(.*?)```", DOCS.read_text(), re.DOTALL)


def test_every_example_in_the_docs_parses_and_every_event_type_has_one() -> None:
    found = [parse_scenario(text) for text in examples()]
    assert {e.type for s in found for e in s.events} == set(EventType)


def test_a_full_file() -> None:
    s = parse_scenario(f"""
name = "storm"
seed = "north-1"
description = "rehearsal"
[[event]]
type = "power_outage"
region = "north"
postcode = "ne1 4"
offset = "1h30m"
duration = 600
wan_down = true
[[event]]
type = "tamper"
kind = "tilt"
meter = "gas"
at = 2026-06-01T18:00:00+01:00
fraction = 0.5
[[event]]
type = "cold_snap"
devices = ["{HUB}", "{HUB.lower()}"]
duration = "2d"
multiplier = 1.5
fuel = "gas"
[[event]]
type = "csp_outage"
postcode = "SW1A 1AA"
duration = "30m"
[[event]]
type = "hub_failure"
count = 3
""")
    assert (s.name, s.seed, s.description) == ("storm", "north-1", "rehearsal")
    power, tamper, cold, csp, failure = s.events
    assert power == PowerOutage(index=1, offset=timedelta(minutes=90), duration=timedelta(minutes=10),
                                select=Selection(region=CspRegion.NORTH, postcode="NE1 4"), wan_down=True)
    assert tamper == Tamper(index=2, at=datetime(2026, 6, 1, 17, tzinfo=UTC), select=Selection(fraction=0.5),
                            kind=TamperKind.TILT, meter=DeviceType.GSME)
    assert cold == ColdSnap(index=3, offset=timedelta(0), duration=timedelta(days=2), multiplier=1.5,
                            select=Selection(devices=(Eui64.parse(HUB),)), fuel=DemandFuel.GAS)
    assert csp == CspRegionOutage(index=4, offset=timedelta(0), duration=timedelta(minutes=30),
                                  select=Selection(postcode="SW1A 1AA"))
    assert failure == HubFailure(index=5, offset=timedelta(0), select=Selection(count=3))
    assert s.length(datetime(2026, 6, 1, 16, tzinfo=UTC)) == 2 * 86_400
    assert tamper.start_delay(datetime(2026, 6, 1, 16, tzinfo=UTC)) == 3600


POWER = '[[event]]\ntype = "power_outage"\nduration = "1h"\n'


@pytest.mark.parametrize(("text", "reason"), [
    ("name = [", "not TOML: "),
    ("", "no events: add at least one [[event]] table"),
    ("colour = 1\n" + POWER, "unknown top-level key(s) colour"),
    ("seed = 1.5\n" + POWER, "seed must be an integer or a string"),
    ("event = 3", "no events"),
    ("[[event]]\ntype = \"flood\"\n", "event 1: type must be one of power_outage, csp_outage, tamper, cold_snap, "
                                      "hub_failure (got 'flood')"),
    ("[[event]]\n", "event 1: type must be one of"),
    (POWER + POWER + "colour = 2\n", "event 2 (power_outage): unknown key(s) colour (allowed: at, count, description,"),
    ('[[event]]\ntype = "power_outage"\n', "event 1 (power_outage): duration is required"),
    (POWER + 'offset = "5m"\nat = 2026-06-01T10:00:00Z\n', "give offset (from the start) or at (an instant), not both"),
    (POWER + "at = 2026-06-01T10:00:00\n", "at needs a time zone (Z or ±hh:mm)"),
    (POWER + 'at = "tomorrow"\n', "at must be a TOML date-time with its offset"),
    (POWER.replace('"1h"', '"1 hour"'), "duration: '1 hour' is not a duration"),
    (POWER.replace('"1h"', "0"), "duration must be more than 0 s"),
    (POWER.replace('"1h"', '"400d"'), "duration of 400 days, 0:00:00 is longer than 366 days"),
    (POWER.replace('"1h"', "true"), "duration: a duration is a number of seconds"),
    (POWER + "offset = -5\n", "offset must be at least 0 s"),
    (POWER + 'region = "Wales"\n', "region must be one of North, Central, South (got 'Wales')"),
    (POWER + 'postcode = "BT1"\n', "postcode area BT is not served by a GB CSP"),
    (POWER + 'postcode = "1AA"\n', "'1AA' is not a postcode area, district, sector or postcode"),
    (POWER + 'region = "North"\npostcode = "SW1"\n', "postcode SW1 is in the South region, not North"),
    (POWER + "count = 2\nfraction = 0.5\n", "give count or fraction, not both"),
    (POWER + "count = 0\n", "count must be a whole number of premises, at least 1 (got 0)"),
    (POWER + "fraction = 1.5\n", "fraction must be a number in (0, 1] (got 1.5)"),
    (POWER + "devices = []\n", "devices must be a non-empty list of device IDs"),
    (POWER + 'devices = ["meter-1"]\n', "'meter-1' is not a device ID (EUI-64)"),
    (POWER + "wan_down = 1\n", "wan_down must be true or false"),
    (POWER + "description = 3\n", "description must be a text"),
    ('[[event]]\ntype = "csp_outage"\nduration = "1h"\n', "a CSP outage needs a region or a postcode prefix"),
    ('[[event]]\ntype = "csp_outage"\nduration = "1h"\nregion = "South"\ncount = 4\n',
     "a CSP outage covers an area: select it with region and / or postcode only"),
    ('[[event]]\ntype = "tamper"\n', "event 1 (tamper): kind must be one of meter_cover"),
    ('[[event]]\ntype = "tamper"\nkind = "tilt"\n', "an ESME does not raise tilt alerts (the GSME does)"),
    ('[[event]]\ntype = "tamper"\nkind = "meter_cover"\nmeter = "GSME"\n', "a GSME does not raise meter_cover"),
    ('[[event]]\ntype = "tamper"\nkind = "tilt"\nmeter = "water"\n', "meter must be ESME (electricity) or GSME"),
    ('[[event]]\ntype = "cold_snap"\nduration = "1h"\n', "multiplier must be a number in (0, 10]"),
    ('[[event]]\ntype = "cold_snap"\nduration = "1h"\nmultiplier = 11\n', "multiplier must be a number in (0, 10]"),
    ('[[event]]\ntype = "cold_snap"\nduration = "1h"\nmultiplier = 2\nfuel = "coal"\n',
     "fuel must be one of electricity, gas, both (got 'coal')"),
])
def test_faults_are_refused_naming_the_event_and_field(text: str, reason: str) -> None:
    with pytest.raises(ScenarioInvalid) as err:
        parse_scenario(text)
    assert reason in err.value.reason
    assert str(err.value).startswith("GBDCC-821 [SCENARIO] ")


def test_bytes_must_be_utf8() -> None:
    with pytest.raises(ScenarioInvalid, match="not UTF-8"):
        parse_scenario(b"name = \"\xff\"")


@given(st.integers(min_value=0, max_value=int(MAX_SPAN.total_seconds())))
def test_durations_round_trip(seconds: int) -> None:
    span = timedelta(seconds=seconds)
    assert parse_duration(format_duration(span)) == span


@given(st.text(max_size=300))
def test_any_text_is_a_scenario_or_refused_as_one(text: str) -> None:
    try:
        scenario = parse_scenario(text)
    except ScenarioInvalid as err:
        assert err.reason  # refused with a reason, never another exception
    else:
        assert scenario.events


@st.composite
def valid_events(draw: st.DrawFn) -> tuple[dict[str, object], str]:
    """A valid event as a dict of TOML values and its TOML text."""
    kind = draw(st.sampled_from(list(EventType)))
    event: dict[str, object] = {"type": kind.value}
    if kind in (EventType.POWER_OUTAGE, EventType.CSP_OUTAGE, EventType.COLD_SNAP) or draw(st.booleans()):
        event["duration"] = draw(st.integers(1, 10**6))
    if draw(st.booleans()):
        event["offset"] = draw(st.integers(0, 10**6))
    region = draw(st.sampled_from(list(CspRegion)))
    if kind is EventType.CSP_OUTAGE or draw(st.booleans()):
        event["region"] = region.value.lower()
    if kind is not EventType.CSP_OUTAGE:
        if draw(st.booleans()):
            event["count"] = draw(st.integers(1, 10**5))
        elif draw(st.booleans()):
            event["fraction"] = draw(st.floats(0.001, 1.0))
    if kind is EventType.TAMPER:
        tamper = draw(st.sampled_from(list(TamperKind)))
        event["kind"] = tamper.value
        event["meter"] = draw(st.sampled_from(sorted(TAMPER_METERS[tamper]))).value
    if kind is EventType.COLD_SNAP:
        event["multiplier"] = draw(st.floats(0.01, 10.0))
        event["fuel"] = draw(st.sampled_from(list(DemandFuel))).value
    if kind is EventType.POWER_OUTAGE:
        event["wan_down"] = draw(st.booleans())
    lines = [f"{k} = {v!r}".replace("True", "true").replace("False", "false").replace("'", '"')
             for k, v in event.items()]
    return event, "[[event]]\n" + "\n".join(lines) + "\n"


@given(st.lists(valid_events(), min_size=1, max_size=5))
def test_generated_valid_events_parse_to_what_was_written(events: list[tuple[dict[str, object], str]]) -> None:
    parsed = parse_scenario("".join(text for _, text in events)).events
    for (written, _), event in zip(events, parsed, strict=True):
        assert event.type.value == written["type"]
        assert event.duration == (timedelta(seconds=written["duration"]) if "duration" in written else None)  # type: ignore[arg-type]
        assert event.offset == timedelta(seconds=written.get("offset", 0))  # type: ignore[arg-type]
        s = event.select
        assert (s.region.value.lower() if s.region else None) == written.get("region")
        assert (s.count, s.fraction) == (written.get("count"), written.get("fraction"))
        if isinstance(event, Tamper):
            assert (event.kind.value, event.meter.value) == (written["kind"], written["meter"])
        if isinstance(event, ColdSnap):
            assert (event.multiplier, event.fuel.value) == (written["multiplier"], written["fuel"])
        if isinstance(event, PowerOutage):
            assert event.wan_down == written["wan_down"]
