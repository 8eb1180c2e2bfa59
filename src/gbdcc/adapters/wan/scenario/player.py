"""The scenario player: a scenario's events scheduled on the SIMULATED SM WAN's scheduler.

:meth:`ScenarioPlayer.play` prepares each event in the caller's thread — its targets from the SMI
(:mod:`.sites`: columns only, no device built) and, for the events that act on devices (power outage,
tamper, cold snap), the simulated hubs of just those premises, built and attached through the
``SimulatedWan`` as a first request would — then schedules the events where the devices live
(:meth:`~gbdcc.adapters.wan.runtime.SimulatedWan.on_wan_thread`): in virtual time in tests and benchmarks,
on the WAN thread in ``gbdcc up``, where offsets and durations are compressed by ``GBDCC_WAN_TIME_SCALE``
like every simulated delay (the devices' clocks are not: see ``docs/scenarios.md``). The alerts the
devices raise go up their hubs onto the SM WAN, and from there through the pipeline to the Users as any
alert does.

Plays are kept in memory (:meth:`progress`, :meth:`stop`); a restart forgets them and the simulated
hubs are rebuilt from the SMI, with no outage, failure or cold snap on them.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from gbdcc.adapters.observability.logging import get_logger
from gbdcc.adapters.wan.errors import WanError
from gbdcc.adapters.wan.registry import SimulatedHub
from gbdcc.adapters.wan.runtime import SimulatedWan
from gbdcc.adapters.wan.scenario.effects import (
    AreaOutage,
    ColdSnapEffect,
    Effect,
    EventProgress,
    HubsFail,
    PowerCut,
    TamperEffect,
)
from gbdcc.adapters.wan.scenario.errors import ScenarioInvalid, ScenarioUnknown
from gbdcc.adapters.wan.scenario.model import (
    ColdSnap,
    CspRegionOutage,
    Event,
    PowerOutage,
    Scenario,
    Tamper,
)
from gbdcc.adapters.wan.scenario.sites import Sites, select_targets
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType

log = get_logger("gbdcc.scenario")
#: Told of a CSP region outage as it begins: (where, premises off the SM WAN, instant, cause) — Incident
#: Management raises its incident (``service.incidents.automatic.OutageIncidents``).
OutageObserver = Callable[[str, int, datetime, str], object]
#: An absolute ``at`` this far in the past is refused (a clock slightly behind the file's author is not).
PAST_TOLERANCE = timedelta(minutes=1)


@dataclass
class Play:
    """One scenario being played (or played)."""

    id: str
    scenario: Scenario
    started_at: datetime
    time_scale: float
    events: list[EventProgress]
    stopped: bool = False
    effects: list[Effect] = field(default_factory=list)

    @property
    def state(self) -> str:
        if self.stopped:
            return "stopped"
        return "playing" if any(e.state in ("pending", "active") for e in self.events) else "done"

    def snapshot(self, now: datetime) -> dict[str, object]:
        """The progress the admin endpoint shows (scenario seconds: real ones divided by the time scale)."""
        elapsed = max(0.0, (now - self.started_at).total_seconds() / (self.time_scale or 1.0))
        length = self.scenario.length(self.started_at)
        ev = self.events
        return {
            "id": self.id, "name": self.scenario.name, "state": self.state,
            "started_at": self.started_at.isoformat(), "time_scale": self.time_scale,
            "elapsed_s": round(min(elapsed, length) if self.state != "playing" else elapsed, 3),
            "length_s": length, "events_scheduled": len(ev),
            "events_started": sum(1 for e in ev if e.state not in ("pending", "cancelled")),
            "events_done": sum(1 for e in ev if e.state in ("done", "failed", "cancelled")),
            "premises": sum(e.premises for e in ev), "meters": sum(e.meters for e in ev),
            "alerts_raised": sum(e.alerts_raised for e in ev), "alerts_unsent": sum(e.alerts_unsent for e in ev),
            "events": [e.as_dict() for e in ev],
        }


class ScenarioPlayer:
    """Plays scenarios on one instance's simulated SM WAN (see module docstring)."""

    def __init__(self, wan: SimulatedWan, sites: Sites, on_outage: OutageObserver | None = None) -> None:
        self._on_outage = on_outage  # R-INC-1: told of each CSP region outage as it begins
        self._wan = wan
        self._sm = wan.sm_wan
        self._sites = sites
        self._plays: dict[str, Play] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    # -- the admin API -----------------------------------------------------------------------------
    def play(self, scenario: Scenario) -> Play:
        """Prepare every event (``ScenarioInvalid`` before anything is scheduled) and schedule them."""
        now = self._sm.scheduler.now()
        for event in scenario.events:
            if event.at is not None and event.at < now - PAST_TOLERANCE:
                raise ScenarioInvalid(f"{event.label}: at {event.at.isoformat()} is in the past "
                                      f"(now {now.isoformat()})")
        with self._lock:
            play_id = str(next(self._ids))
        prepared = [self._prepare(event, scenario, play_id) for event in scenario.events]

        def schedule() -> Play:
            now = self._sm.scheduler.now()
            play = Play(play_id, scenario, now, float(getattr(self._sm.scheduler, "time_scale", 1.0)),
                        [effect.progress for effect in prepared], effects=prepared)
            for event, effect in zip(scenario.events, prepared, strict=True):
                effect.progress.starts_in_s = event.start_delay(now)
                self._later(event.start_delay(now), self._beginner(play, event, effect))
            return play

        play = self._wan.on_wan_thread(schedule)
        with self._lock:
            self._plays[play_id] = play
        log.info("scenario_scheduled", scenario=play_id, name=scenario.name, events=len(scenario.events),
                 premises=sum(e.premises for e in play.events))
        return play

    def progress(self, play_id: str) -> dict[str, object]:
        return self._get(play_id).snapshot(self._sm.scheduler.now())

    def plays(self) -> list[dict[str, object]]:
        now = self._sm.scheduler.now()
        with self._lock:
            plays = list(self._plays.values())
        return [p.snapshot(now) for p in plays]

    def stop(self, play_id: str) -> dict[str, object]:
        """End every event in progress now (outages restored, hubs back, cold snaps over) and cancel the
        rest."""
        play = self._get(play_id)

        def stop() -> None:
            if play.stopped:
                return
            play.stopped = True
            now = self._sm.scheduler.now()
            for effect in play.effects:
                if effect.progress.state == "active":
                    self._finish(play, effect, now, "ended early: the scenario was stopped")
                elif effect.progress.state == "pending":
                    effect.progress.state = "cancelled"

        self._wan.on_wan_thread(stop)
        return self.progress(play_id)

    def _get(self, play_id: str) -> Play:
        with self._lock:
            play = self._plays.get(play_id)
        if play is None:
            raise ScenarioUnknown(f"no scenario {play_id!r} on this instance (plays are forgotten at a restart)")
        return play

    # -- preparing (caller's thread) -----------------------------------------------------------------
    def _prepare(self, event: Event, scenario: Scenario, play_id: str) -> Effect:
        progress = EventProgress(event.index, event.type.value, event.select.describe(event.unit),
                                 0.0,
                                 event.duration.total_seconds() if event.duration else None)
        cause = f"scenario {play_id} event {event.index}"
        if isinstance(event, CspRegionOutage):
            hubs = self._sites.find(DeviceType.CHF, event.select.region, event.select.postcode)
            return AreaOutage(self._sm, event, progress, cause, premises=len(hubs))
        if isinstance(event, Tamper):
            meters = select_targets(event, event.meter, self._sites, scenario.seed)
            built = self._hubs([m.hub_id for m in meters if m.hub_id is not None], progress)
            return TamperEffect(self._sm, [(m, built[m.hub_id]) for m in meters if m.hub_id in built], event, progress)
        hub_ids = [t.device_id for t in select_targets(event, DeviceType.CHF, self._sites, scenario.seed)]
        if isinstance(event, PowerOutage):
            return PowerCut(self._sm, list(self._hubs(hub_ids, progress).values()), progress, cause,
                            wan_down=event.wan_down)
        if isinstance(event, ColdSnap):
            return ColdSnapEffect(self._sm, list(self._hubs(hub_ids, progress).values()), progress, cause, event)
        return HubsFail(self._sm, hub_ids, progress, cause)

    def _hubs(self, hub_ids: list[Eui64], progress: EventProgress) -> dict[Eui64, SimulatedHub]:
        """The simulated hubs, built and attached if not yet (only these premises)."""
        out: dict[Eui64, SimulatedHub] = {}
        unattached = 0
        for eui in dict.fromkeys(hub_ids):
            try:
                hub = self._wan.hub(eui)
            except WanError:
                hub = None
            if hub is None:
                unattached += 1
            else:
                out[eui] = hub
        if unattached:
            progress.notes.append(f"{unattached} hub(s) left out: not simulated (no CHF or no postcode in the SMI)")
        return out

    # -- playing (WAN thread / virtual time) -----------------------------------------------------------
    def _later(self, delay: float, fn: Callable[[], None]) -> None:
        self._sm.scheduler.call_later(max(0.0, delay), fn)

    def _beginner(self, play: Play, event: Event, effect: Effect) -> Callable[[], None]:
        return lambda: self._begin(play, event, effect)

    def _begin(self, play: Play, event: Event, effect: Effect) -> None:
        if play.stopped:
            return
        now = self._sm.scheduler.now()
        effect.progress.state = "active"
        try:
            effect.begin(now)
        except Exception as exc:  # recorded on the event; the SM WAN's loop keeps running
            self._failed(play, effect, exc)
            return
        if self._on_outage is not None and isinstance(event, CspRegionOutage):
            self._report_outage(play, event, effect, now)
        log.info("scenario_event_began", scenario=play.id, index=event.index, type=event.type.value,
                 premises=effect.progress.premises, alerts=effect.progress.alerts_raised)
        if event.duration is not None:
            self._later(event.duration.total_seconds(), lambda: self._end(play, effect))
        elif isinstance(event, Tamper):
            effect.progress.state = "done"  # an instant: nothing to end

    def _report_outage(self, play: Play, event: Event, effect: Effect, now: datetime) -> None:
        assert self._on_outage is not None
        try:
            self._on_outage(event.select.describe(), effect.progress.premises, now,
                            f"scenario {play.id} event {event.index}")
        except Exception:  # an incident not raised is logged; the outage still plays
            log.exception("scenario_outage_incident_failed", scenario=play.id, index=event.index)

    def _end(self, play: Play, effect: Effect) -> None:
        if play.stopped or effect.progress.state != "active":
            return
        self._finish(play, effect, self._sm.scheduler.now())

    def _finish(self, play: Play, effect: Effect, now: datetime, note: str | None = None) -> None:
        try:
            effect.end(now)
        except Exception as exc:  # as in _begin
            self._failed(play, effect, exc)
            return
        effect.progress.state = "done"
        if note:
            effect.progress.notes.append(note)
        log.info("scenario_event_ended", scenario=play.id, index=effect.progress.index,
                 alerts=effect.progress.alerts_raised, unsent=effect.progress.alerts_unsent)

    @staticmethod
    def _failed(play: Play, effect: Effect, exc: Exception) -> None:
        effect.progress.state = "failed"
        effect.progress.notes.append(f"failed: {exc}")
        log.exception("scenario_event_failed", scenario=play.id, index=effect.progress.index)
