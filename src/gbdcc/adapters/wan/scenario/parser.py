"""Scenario files: TOML (standard library ``tomllib``) → :class:`~.model.Scenario`, checked event by event.

The format is documented in ``docs/scenarios.md``. Every refusal is a
:class:`~.errors.ScenarioInvalid` whose reason names the event (``event 2 (tamper): …``) and the field.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar

from gbdcc.adapters.wan.coverage import POSTCODE_AREA_REGION, CspRegion, normalise_postcode, region_for_postcode
from gbdcc.adapters.wan.scenario.errors import ScenarioInvalid
from gbdcc.adapters.wan.scenario.model import (
    TAMPER_METERS,
    ColdSnap,
    CspRegionOutage,
    DemandFuel,
    Event,
    EventType,
    HubFailure,
    PowerOutage,
    Scenario,
    Selection,
    Tamper,
    TamperKind,
    with_article,
)
from gbdcc.domain.errors import InvalidIdentifier
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType

MAX_EVENTS = 10_000
MAX_SPAN = timedelta(days=366)  # the longest offset or duration accepted
MAX_MULTIPLIER = 10.0
_UNIT = {"d": 86_400, "h": 3_600, "m": 60, "s": 1}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([dhms])")
_DURATION_WHOLE = re.compile(r"\s*(?:\d+(?:\.\d+)?\s*[dhms]\s*)+")
_AREA = re.compile(r"[A-Z]{1,2}")
_DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")
_SECTOR = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? [0-9]")
_TOP_KEYS = frozenset({"name", "description", "seed", "event"})
_COMMON = frozenset({"type", "offset", "at", "duration", "region", "postcode", "devices", "count", "fraction",
                     "description"})
_EXTRA: Mapping[EventType, frozenset[str]] = {
    EventType.POWER_OUTAGE: frozenset({"wan_down"}), EventType.CSP_OUTAGE: frozenset(),
    EventType.TAMPER: frozenset({"kind", "meter"}), EventType.COLD_SNAP: frozenset({"multiplier", "fuel"}),
    EventType.HUB_FAILURE: frozenset(),
}
_NEEDS_DURATION = frozenset({EventType.POWER_OUTAGE, EventType.CSP_OUTAGE, EventType.COLD_SNAP})
_METERS = {"esme": DeviceType.ESME, "electricity": DeviceType.ESME, "gsme": DeviceType.GSME,
           "gas": DeviceType.GSME}


def parse_scenario(text: str | bytes, *, default_name: str = "scenario") -> Scenario:
    """The scenario in ``text`` (TOML), or :class:`ScenarioInvalid` naming the first fault."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as err:
            raise ScenarioInvalid(f"not UTF-8 text: {err.reason} at byte {err.start}") from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ScenarioInvalid(f"not TOML: {err}") from None
    unknown = sorted(set(doc) - _TOP_KEYS)
    if unknown:
        raise ScenarioInvalid(f"unknown top-level key(s) {', '.join(unknown)} "
                              f"(allowed: {', '.join(sorted(_TOP_KEYS))})")
    raw_events = doc.get("event")
    if not isinstance(raw_events, list) or not raw_events:
        raise ScenarioInvalid("no events: add at least one [[event]] table")
    if len(raw_events) > MAX_EVENTS:
        raise ScenarioInvalid(f"{len(raw_events)} events: at most {MAX_EVENTS} in one scenario")
    name = _text(doc, "name", "scenario") or default_name
    seed = doc.get("seed", 1)
    if not isinstance(seed, int | str) or isinstance(seed, bool):
        raise ScenarioInvalid("seed must be an integer or a string")
    events = tuple(parse_event(raw, i) for i, raw in enumerate(raw_events, 1))
    return Scenario(name=name, events=events, seed=seed, description=_text(doc, "description", "scenario"))


def parse_event(raw: object, index: int) -> Event:
    """One ``[[event]]`` table (``index``: its 1-based position)."""
    if not isinstance(raw, dict):
        raise ScenarioInvalid(f"event {index}: must be a table ([[event]])")
    event_type = _enum(EventType, raw.get("type"), lambda reason: ScenarioInvalid(f"event {index}: type {reason}"))
    label = f"event {index} ({event_type})"

    def fail(reason: str) -> ScenarioInvalid:
        return ScenarioInvalid(f"{label}: {reason}")

    unknown = sorted(set(raw) - _COMMON - _EXTRA[event_type])
    if unknown:
        allowed = ", ".join(sorted(_COMMON | _EXTRA[event_type]))
        raise fail(f"unknown key(s) {', '.join(unknown)} (allowed: {allowed})")
    offset, at = _when(raw, fail)
    duration = _span(raw["duration"], "duration", fail, positive=True) if "duration" in raw else None
    if duration is None and event_type in _NEEDS_DURATION:
        raise fail("duration is required (e.g. duration = \"1h\")")
    common: dict[str, Any] = {"index": index, "offset": offset, "at": at, "duration": duration,
                              "select": _selection(raw, fail), "description": _text(raw, "description", label)}
    if event_type is EventType.POWER_OUTAGE:
        return PowerOutage(**common, wan_down=_flag(raw, "wan_down", fail))
    if event_type is EventType.CSP_OUTAGE:
        s = common["select"]
        if s.devices or s.sampled:
            raise fail("a CSP outage covers an area: select it with region and / or postcode only")
        if s.region is None and s.postcode is None:
            raise fail("a CSP outage needs a region or a postcode prefix")
        return CspRegionOutage(**common)
    if event_type is EventType.TAMPER:
        return _tamper(raw, common, fail)
    if event_type is EventType.COLD_SNAP:
        return _cold_snap(raw, common, fail)
    return HubFailure(**common)


# -- fields ----------------------------------------------------------------------------------------

Fail = Callable[[str], ScenarioInvalid]
E = TypeVar("E", bound=StrEnum)


def parse_duration(value: object) -> timedelta:
    """``"90s"``, ``"10m"``, ``"1h30m"``, ``"2d"`` or a number of seconds; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError("a duration is a number of seconds or a text like \"1h30m\"")
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("not a finite number of seconds")
        return timedelta(seconds=value)
    if isinstance(value, str) and _DURATION_WHOLE.fullmatch(value.lower()):
        return timedelta(seconds=sum(float(n) * _UNIT[u] for n, u in _DURATION.findall(value.lower())))
    raise ValueError(f"{value!r} is not a duration (e.g. \"90s\", \"10m\", \"1h30m\", \"2d\" or seconds)")


def format_duration(span: timedelta) -> str:
    """The shortest ``parse_duration`` text of a whole number of seconds (``5400 s`` → ``"1h30m"``)."""
    seconds = round(span.total_seconds())
    if seconds == 0:
        return "0s"
    out = []
    for unit, size in _UNIT.items():
        n, seconds = divmod(seconds, size)
        if n:
            out.append(f"{n}{unit}")
    return "".join(out)


def _span(value: object, key: str, fail: Fail, *, positive: bool) -> timedelta:
    try:
        span = parse_duration(value)
    except ValueError as err:
        raise fail(f"{key}: {err}") from None
    if span < timedelta(0) or (positive and span == timedelta(0)):
        raise fail(f"{key} must be {'more than' if positive else 'at least'} 0 s")
    if span > MAX_SPAN:
        raise fail(f"{key} of {span} is longer than {MAX_SPAN.days} days")
    return span


def _when(raw: Mapping[str, object], fail: Fail) -> tuple[timedelta | None, datetime | None]:
    if "offset" in raw and "at" in raw:
        raise fail("give offset (from the start) or at (an instant), not both")
    if "at" in raw:
        at = raw["at"]
        if not isinstance(at, datetime):
            raise fail("at must be a TOML date-time with its offset, e.g. at = 2026-06-01T10:00:00Z")
        if at.tzinfo is None:
            raise fail("at needs a time zone (Z or ±hh:mm): the SM WAN runs on UTC")
        return None, at
    return (_span(raw["offset"], "offset", fail, positive=False) if "offset" in raw else timedelta(0)), None


def _selection(raw: Mapping[str, object], fail: Fail) -> Selection:
    region = _region(raw["region"], fail) if "region" in raw else None
    postcode = _postcode(raw["postcode"], fail) if "postcode" in raw else None
    if region is not None and postcode is not None and POSTCODE_AREA_REGION[_area(postcode)] is not region:
        raise fail(f"postcode {postcode} is in the {POSTCODE_AREA_REGION[_area(postcode)]} region, not {region}")
    devices = _devices(raw["devices"], fail) if "devices" in raw else ()
    if "count" in raw and "fraction" in raw:
        raise fail("give count or fraction, not both")
    count = raw.get("count")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 1):
        raise fail(f"count must be a whole number of premises, at least 1 (got {count!r})")
    fraction = raw.get("fraction")
    if fraction is not None:
        if not isinstance(fraction, int | float) or isinstance(fraction, bool) or not 0 < fraction <= 1:
            raise fail(f"fraction must be a number in (0, 1] (got {fraction!r})")
        fraction = float(fraction)
    return Selection(region=region, postcode=postcode, devices=devices, count=count, fraction=fraction)


def _region(value: object, fail: Fail) -> CspRegion:
    for region in CspRegion:
        if isinstance(value, str) and value.strip().lower() == region.value.lower():
            return region
    raise fail(f"region must be one of {', '.join(r.value for r in CspRegion)} (got {value!r})")


def _area(prefix: str) -> str:
    match = _AREA.match(prefix)
    return match.group(0) if match else prefix


def _postcode(value: object, fail: Fail) -> str:
    """A postcode prefix as ``Outage.affects`` compares it: area, district, sector or full postcode."""
    if not isinstance(value, str):
        raise fail("postcode must be a text: an area (\"SW\"), district (\"SW1A\"), sector (\"SW1A 1\") or postcode")
    prefix = " ".join(value.upper().split())
    if not (_AREA.fullmatch(prefix) or _DISTRICT.fullmatch(prefix) or _SECTOR.fullmatch(prefix)):
        try:
            prefix = normalise_postcode(prefix)
        except InvalidIdentifier:
            raise fail(f"{value!r} is not a postcode area, district, sector or postcode") from None
    try:
        region_for_postcode(f"{_area(prefix)}1 1AA")
    except InvalidIdentifier:
        raise fail(f"postcode area {_area(prefix)} is not served by a GB CSP") from None
    return prefix


def _devices(value: object, fail: Fail) -> tuple[Eui64, ...]:
    if not isinstance(value, list) or not value:
        raise fail("devices must be a non-empty list of device IDs (EUI-64, e.g. \"00-DB-12-34-56-78-90-A2\")")
    out: dict[Eui64, None] = {}
    for item in value:
        try:
            if not isinstance(item, str):
                raise InvalidIdentifier("not text")
            out[Eui64.parse(item)] = None
        except InvalidIdentifier:
            raise fail(f"{item!r} is not a device ID (EUI-64)") from None
    return tuple(out)


def _enum(kind: type[E], value: object, fail: Fail) -> E:
    for member in kind:
        if value == member.value:
            return member
    raise fail(f"must be one of {', '.join(m.value for m in kind)} (got {value!r})")


def _flag(raw: Mapping[str, object], key: str, fail: Fail) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise fail(f"{key} must be true or false")
    return value


def _text(raw: Mapping[str, object], key: str, where: str) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise ScenarioInvalid(f"{where}: {key} must be a text")
    return value


def _tamper(raw: Mapping[str, object], common: dict[str, Any], fail: Fail) -> Tamper:
    kind = _enum(TamperKind, raw.get("kind"), lambda reason: fail(f"kind {reason}"))
    meter_raw = raw.get("meter", "ESME")
    meter = _METERS.get(meter_raw.lower()) if isinstance(meter_raw, str) else None
    if meter is None:
        raise fail(f"meter must be ESME (electricity) or GSME (gas) (got {meter_raw!r})")
    if meter not in TAMPER_METERS[kind]:
        able = " or ".join(sorted(TAMPER_METERS[kind]))
        raise fail(f"{with_article(meter)} does not raise {kind} alerts (the {able} does)")
    return Tamper(**common, kind=kind, meter=meter)


def _cold_snap(raw: Mapping[str, object], common: dict[str, Any], fail: Fail) -> ColdSnap:
    m = raw.get("multiplier")
    if not isinstance(m, int | float) or isinstance(m, bool) or not 0 < m <= MAX_MULTIPLIER:
        raise fail(f"multiplier must be a number in (0, {MAX_MULTIPLIER:g}] (demand × multiplier; got {m!r})")
    fuel = _enum(DemandFuel, raw.get("fuel", DemandFuel.BOTH.value), lambda reason: fail(f"fuel {reason}"))
    return ColdSnap(**common, multiplier=float(m), fuel=fuel)
