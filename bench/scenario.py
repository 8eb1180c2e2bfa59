"""Alert storm: a one-hour power outage of one CSP region on a 10,000-premises estate, played in virtual time
through the real pipeline stages (SQLite, real crypto; the SM WAN and devices are SIMULATED), the Users'
receivers in memory (``adapters/delivery/memory.py``).

The estate is generated (``ensure_estate``) and the outage (``docs/scenarios.md``: ``power_outage`` of the
busiest region, 1 h) played by the scenario player; then the pipeline's work is done stage by stage, each
timed on the wall clock:

* prepare — the region's premises selected from the SMI and only their simulated hubs built;
* devices + WAN — virtual time run to the end of the outage: every ESME raises 0x8F57 then 0x8F36, the
  SIMULATED SM WAN carries them (its latency and loss) and the DCC records each uplink in the outbox;
* respond — each uplink's MAC checked, the entitled Users found (Registration Data) and the signed DUIS
  alerts queued (``DeviceAlertMessage`` to the supplier and the network operator, ``AD1`` to the latter);
* deliver — every queued message POSTed to the in-memory receivers.

Usage: ``.venv/bin/python -m bench.scenario [--premises 10000]`` (``make bench`` prints it too).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from lxml import etree

from gbdcc import bootstrap
from gbdcc.adapters.delivery.memory import RecordingReceivers
from gbdcc.adapters.provisioning.demo import ensure_demo_parties
from gbdcc.adapters.provisioning.estate import ensure_estate
from gbdcc.adapters.wan.scenario.parser import parse_scenario
from gbdcc.adapters.wan.scenario.player import ScenarioPlayer
from gbdcc.adapters.wan.scenario.sites import SqlSites
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.config import Settings
from gbdcc.service.messagebus import OutboxRelay

T0 = datetime(2026, 1, 12, 18, 0, tzinfo=UTC)  # a winter evening
OUTAGE = timedelta(hours=1)


@dataclass
class StormFigures:
    premises: int
    region: str
    region_premises: int  # in-service premises of the region (hubs built)
    meters: int  # ESMEs on those hubs
    alerts_raised: int  # by the devices, because of the outage
    alerts_unsent: int  # raised where the SM WAN could not be reached (premises without coverage)
    uplinks: int  # alerts that reached the DCC over the simulated SM WAN (the rest lost on the radio)
    messages: Counter[str]  # DUIS messages delivered, by kind (DeviceAlertMessage, DCCAlertMessage)
    hubs_built: int
    estate_s: float
    prepare_s: float
    wan_s: float
    respond_s: float
    deliver_s: float

    @property
    def delivered(self) -> int:
        return sum(self.messages.values())

    @property
    def pipeline_s(self) -> float:
        return self.wan_s + self.respond_s + self.deliver_s


def _drain(relays: list[OutboxRelay]) -> int:
    handled = 0
    while True:
        n = sum(relay.drain() for relay in relays)
        if not n:
            return handled
        handled += n


def run(premises: int = 10_000) -> StormFigures:
    with tempfile.TemporaryDirectory(prefix="gbdcc-storm-") as tmp:
        clock = VirtualClock(T0)
        scheduler = VirtualScheduler(clock)
        receivers = RecordingReceivers()
        instance = bootstrap.open_instance(Settings(data_dir=Path(tmp)), clock=clock, scheduler=scheduler,
                                           delivery=receivers)
        try:
            return _storm(instance, scheduler, receivers, premises)
        finally:
            if instance.engine is not None:
                instance.engine.dispose()


def _storm(instance: bootstrap.Instance, scheduler: VirtualScheduler, receivers: RecordingReceivers,
           premises: int) -> StormFigures:
    t = time.perf_counter()
    report = ensure_estate(instance, premises, parties=ensure_demo_parties(instance).estate)
    estate_s = time.perf_counter() - t
    assert report is not None and instance.engine is not None
    region = report.by_region.most_common(1)[0][0]
    player = ScenarioPlayer(instance.pipeline.wan, SqlSites(instance.engine))
    t = time.perf_counter()
    played = player.play(parse_scenario(f'name = "{region} outage"\n[[event]]\ntype = "power_outage"\n'
                                        f'region = "{region}"\noffset = "1m"\nduration = "1h"\n'))
    prepare_s = time.perf_counter() - t
    stats = instance.pipeline.sm_wan.stats
    before = stats.alerts
    t = time.perf_counter()
    scheduler.run_until(T0 + OUTAGE + timedelta(minutes=3))  # the restore alerts' latency included
    wan_s = time.perf_counter() - t
    uplinks = stats.alerts - before
    stages, *delivery = instance.pipeline.relays
    t = time.perf_counter()
    _drain([stages])
    respond_s = time.perf_counter() - t
    t = time.perf_counter()
    _drain(list(delivery))
    deliver_s = time.perf_counter() - t
    kinds: Counter[str] = Counter()
    for bodies in receivers.received.values():
        for raw in bodies:
            body = etree.fromstring(raw).find("{*}Body")
            kinds[etree.QName(body[0]).localname if body is not None and len(body) else "?"] += 1
    progress = player.progress(played.id)
    return StormFigures(premises, region, int(progress["premises"]), int(progress["meters"]),  # type: ignore[call-overload]
                        int(progress["alerts_raised"]), int(progress["alerts_unsent"]),  # type: ignore[call-overload]
                        uplinks, kinds,
                        len(instance.pipeline.wan.hubs), estate_s, prepare_s, wan_s, respond_s, deliver_s)


def print_storm(f: StormFigures) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table("stage (wall clock)", "seconds", "work", "per second")
    rows = [("prepare: SMI selection, hubs built", f.prepare_s, f.hubs_built, "hubs"),
            ("devices + SM WAN → uplinks recorded", f.wan_s, f.uplinks, "alerts"),
            ("respond: MAC, entitled Users, DUIS alerts signed", f.respond_s, f.uplinks, "alerts"),
            ("deliver: POST to the Users' receivers", f.deliver_s, f.delivered, "messages")]
    for name, seconds, work, unit in rows:
        table.add_row(name, f"{seconds:,.1f}", f"{work:,} {unit}", f"{work / seconds:,.0f}" if seconds else "-")
    console.print(table)
    kinds = ", ".join(f"{n:,} {k}" for k, n in sorted(f.messages.items()))
    console.print(
        f"{f.premises:,} premises (generated in {f.estate_s:,.1f} s); a 1-hour power outage of the {f.region} CSP "
        f"region: {f.region_premises:,} premises, {f.meters:,} meters; {f.alerts_raised:,} alerts raised "
        f"(0x8F57 + 0x8F36 per meter), {f.uplinks:,} reached the DCC over the simulated SM WAN "
        f"({f.alerts_unsent:,} from premises without SM WAN coverage, "
        f"{f.alerts_raised - f.alerts_unsent - f.uplinks:,} lost on the radio); "
        f"{f.delivered:,} DUIS messages delivered ({kinds}). "
        f"[bold]{f.uplinks / f.pipeline_s:,.0f} alerts/s through the pipeline[/bold] "
        f"(devices → delivered, {f.pipeline_s:,.1f} s wall clock; {f.delivered / f.pipeline_s:,.0f} messages/s "
        f"delivered); only {f.hubs_built:,} of the {f.premises:,} premises were simulated.")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scenario")
    parser.add_argument("--premises", type=int, default=10_000)
    print_storm(run(parser.parse_args().premises))


if __name__ == "__main__":
    main()
