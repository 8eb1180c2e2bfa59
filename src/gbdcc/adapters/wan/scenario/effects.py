"""What each scenario event does to the SIMULATED SM WAN and devices when it begins and when it ends.

Every effect runs where the devices live (the WAN thread, or inline in virtual time) and counts what it
did in its :class:`EventProgress`: premises and meters touched, alerts the devices raised because of it,
and of those the ones that could not leave the premises (the SM WAN unreachable there at that moment —
the simulated hub keeps no backlog, so they are lost, as a last gasp into a dead network is).

* power outage — begin: (``wan_down``: the premises' SM WAN goes first) each hub's ESMEs log and raise
  0x8F57, pushed up by the hub's last gasp (``CommunicationsHub.power_outage``), then the hub is
  unreachable (E20 "no power"); end: reachable again, then 0x8F35 / 0x8F36 (``power_restored``);
* CSP outage — an :class:`~gbdcc.adapters.wan.csp.Outage` of the area from begin to end (E20);
* tamper — each meter's :meth:`~gbdcc.adapters.wan.devices.base.SimDevice.physical_tamper`, and the
  ending alert at the end;
* cold snap — a :class:`~.demand.DemandWindow` on the premises' meters, closed at the end;
* hub failure — the hubs unreachable (E20 "Communications Hub failed") until the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from gbdcc.adapters.wan.csp import FailureReason, Outage, SmWan
from gbdcc.adapters.wan.devices.esme import Esme
from gbdcc.adapters.wan.registry import SimulatedHub
from gbdcc.adapters.wan.scenario.demand import DemandWindow, apply_cold_snap
from gbdcc.adapters.wan.scenario.model import TAMPER_ALERTS, ColdSnap, CspRegionOutage, Tamper
from gbdcc.adapters.wan.scenario.sites import Located
from gbdcc.domain.ids import Eui64

NEVER = datetime(9999, 12, 31, tzinfo=UTC)


@dataclass
class EventProgress:
    """How far one event got (read by the admin endpoint while the scenario plays)."""

    index: int
    type: str
    selection: str
    starts_in_s: float
    duration_s: float | None
    state: str = "pending"  # pending → active → done; failed; cancelled (stopped before it began)
    premises: int = 0
    meters: int = 0
    alerts_raised: int = 0
    alerts_unsent: int = 0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"index": self.index, "type": self.type, "selection": self.selection, "state": self.state,
                "starts_in_s": self.starts_in_s, "duration_s": self.duration_s, "premises": self.premises,
                "meters": self.meters, "alerts_raised": self.alerts_raised, "alerts_unsent": self.alerts_unsent,
                "notes": list(self.notes)}


class Effect(Protocol):
    progress: EventProgress

    def begin(self, at: datetime) -> None: ...
    def end(self, at: datetime) -> None: ...


class _OnHubs:
    """An effect on whole premises (their hubs)."""

    def __init__(self, sm_wan: SmWan, hubs: Sequence[SimulatedHub], progress: EventProgress, cause: str) -> None:
        self.sm_wan = sm_wan
        self.hubs = list(hubs)
        self.progress = progress
        self.cause = cause  # names this event's unreachability causes on the SM WAN
        progress.premises = len(self.hubs)

    def count(self, alerts: Sequence[bytes], reachable: bool) -> None:
        self.progress.alerts_raised += len(alerts)
        if not reachable:
            self.progress.alerts_unsent += len(alerts)

    def reachable(self, hub_id: Eui64) -> bool:
        return self.sm_wan.check(hub_id) is None


class PowerCut(_OnHubs):
    def __init__(self, sm_wan: SmWan, hubs: Sequence[SimulatedHub], progress: EventProgress, cause: str, *,
                 wan_down: bool) -> None:
        super().__init__(sm_wan, hubs, progress, cause)
        self.wan_down = wan_down
        progress.meters = sum(1 for h in self.hubs for d in h.hub.devices.values() if isinstance(d, Esme))

    def begin(self, at: datetime) -> None:
        for sim in self.hubs:
            eui = sim.hub.eui
            if self.wan_down:
                self.sm_wan.set_unreachable(eui, f"{self.cause}:wan", FailureReason.OUTAGE,
                                            f"SM WAN down with the power ({self.cause})")
            reachable = self.reachable(eui)
            self.count(sim.hub.power_outage(at), reachable)
            self.sm_wan.set_unreachable(eui, self.cause, FailureReason.HUB_NOT_CONNECTED,
                                        f"no power at the premises ({self.cause})")

    def end(self, at: datetime) -> None:
        for sim in self.hubs:
            eui = sim.hub.eui
            self.sm_wan.clear_unreachable(eui, f"{self.cause}:wan")
            self.sm_wan.clear_unreachable(eui, self.cause)
            reachable = self.reachable(eui)
            self.count(sim.hub.power_restored(at), reachable)


class HubsFail:
    def __init__(self, sm_wan: SmWan, hubs: Sequence[Eui64], progress: EventProgress, cause: str) -> None:
        self.sm_wan = sm_wan
        self.hub_ids = list(hubs)
        self.progress = progress
        self.cause = cause
        progress.premises = len(self.hub_ids)

    def begin(self, at: datetime) -> None:
        for eui in self.hub_ids:
            self.sm_wan.set_unreachable(eui, self.cause, FailureReason.HUB_NOT_CONNECTED,
                                        f"Communications Hub failed ({self.cause})")

    def end(self, at: datetime) -> None:
        for eui in self.hub_ids:
            self.sm_wan.clear_unreachable(eui, self.cause)


class ColdSnapEffect(_OnHubs):
    def __init__(self, sm_wan: SmWan, hubs: Sequence[SimulatedHub], progress: EventProgress, cause: str,
                 event: ColdSnap) -> None:
        super().__init__(sm_wan, hubs, progress, cause)
        self.event = event
        self.window: DemandWindow | None = None

    def begin(self, at: datetime) -> None:
        self.window = DemandWindow(at, self.event.multiplier)
        self.progress.meters = sum(apply_cold_snap(sim.hub, self.window, self.event.fuel, at) for sim in self.hubs)

    def end(self, at: datetime) -> None:
        if self.window is not None:
            self.window.end = at


class AreaOutage:
    def __init__(self, sm_wan: SmWan, event: CspRegionOutage, progress: EventProgress, cause: str,
                 premises: int) -> None:
        self.sm_wan = sm_wan
        self.event = event
        self.progress = progress
        self.cause = cause
        self.outage: Outage | None = None
        progress.premises = premises

    def begin(self, at: datetime) -> None:
        s = self.event.select
        self.outage = Outage(at, NEVER, s.region, s.postcode, self.event.description or f"outage ({self.cause})")
        self.sm_wan.add_outage(self.outage)

    def end(self, at: datetime) -> None:
        if self.outage is not None:
            self.sm_wan.remove_outage(self.outage)


class TamperEffect:
    def __init__(self, sm_wan: SmWan, meters: Sequence[tuple[Located, SimulatedHub]], event: Tamper,
                 progress: EventProgress) -> None:
        self.sm_wan = sm_wan
        self.event = event
        self.progress = progress
        self.meters = [(m, sim) for m, sim in meters if m.device_id in sim.hub.devices]
        if len(self.meters) < len(meters):
            progress.notes.append(f"{len(meters) - len(self.meters)} selected meter(s) not on their hub's HAN")
        progress.premises = progress.meters = len(self.meters)

    def _raise(self, code: int | None, at: datetime, detail: str) -> None:
        if code is None:
            return
        for m, sim in self.meters:
            reachable = self.sm_wan.check(sim.hub.eui) is None
            sim.hub.devices[m.device_id].physical_tamper(code, at, detail)
            self.progress.alerts_raised += 1
            self.progress.alerts_unsent += 0 if reachable else 1

    def begin(self, at: datetime) -> None:
        self._raise(TAMPER_ALERTS[self.event.kind][0], at, f"{self.event.kind} (scenario)")

    def end(self, at: datetime) -> None:
        self._raise(TAMPER_ALERTS[self.event.kind][1], at, f"{self.event.kind} ended (scenario)")
