"""``gbdcc demo``: the installation and operation journeys, through DUIS only, with a readable trace.

Without ``--url`` it starts a temporary instance in this process — the real HTTP server, the pipeline's
relays, the simulated SM WAN compressed in time — and a real receive-response service for the demo
supplier; with ``--url`` / ``--data-dir`` it drives a running ``gbdcc up`` (``make run``) with the demo
keys in its data dir, receiving on the demo response address. Nothing is mocked.
"""

from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import uvicorn
from rich.console import Console

from gbdcc import bootstrap
from gbdcc.adapters.duis.journeys import HttpTransport, JourneyFailed, Journeys, Party
from gbdcc.adapters.duis.receiver import ReceiverServer
from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key
from gbdcc.adapters.provisioning.demo import ensure_demo_parties
from gbdcc.adapters.provisioning.estate import ensure_estate
from gbdcc.adapters.provisioning.spare import SparePremises, free_spare, prepare_spare_premises
from gbdcc.adapters.provisioning.users import register_user
from gbdcc.config import Settings
from gbdcc.domain.ids import Eui64

DEMO_TIME_SCALE = 0.01


def party(eui: Eui64, keys: Path) -> Party:
    return Party(eui, load_signing_key((keys / "xml-sign.key").read_bytes()),
                 load_certificate((keys / "xml-sign.pem").read_bytes()),
                 load_signing_key((keys / f"{eui.hex}-ds.key").read_bytes()))


@contextmanager
def _serving(instance: bootstrap.Instance, port: int) -> Iterator[str]:
    server = uvicorn.Server(uvicorn.Config(bootstrap.build_app(instance), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    runner = bootstrap.start_pipeline(instance)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        runner.stop()
        server.should_exit = True
        thread.join(timeout=10)


def run_journeys(j: Journeys, p: SparePremises, console: Console) -> None:
    console.rule("[bold]Electricity install[/bold] (12.2 → 8.14.1 → 8.11 → join → 8.1.1 → 6.20.1 → 1.1.1 → 4.1.1)")
    j.electricity_install(p.chf, p.esme, p.mpan)
    console.rule("[bold]Gas install[/bold] on the same hub (12.2 → 8.11 → join → 8.7.1 GSME↔GPF → 8.1.1 → 4.1.1)")
    j.gas_install(p.chf, p.gpf, p.gsme, p.mprn)
    console.rule("[bold]PPMID and IHD[/bold] (12.2 → 8.11 → join → 8.7.2)")
    j.han_device(p.chf, p.ppmid, "PPMID", p.esme)
    j.han_device(p.chf, p.ihd, "IHD", p.esme)
    console.rule("[bold]Operation[/bold] (profile read, supply off and on)")
    now = datetime.now(UTC)
    j.profile_read(p.esme, now - timedelta(hours=2), now)
    j.supply(p.esme, enable=False)
    j.supply(p.esme, enable=True)
    console.rule("[bold]Refusals[/bold] (each names its rule)")
    j.send("a read of an unknown device", "00-00-00-00-00-00-00-99", "4.1.1",
           "<sr:ReadInstantaneousImportRegisters/>", expect="E19")
    j.send("an Import Supplier command to the gas meter", p.gsme, "7.1", "<sr:EnableSupply/>", expect="E4")
    console.rule("[bold]Decommission[/bold]")
    j.decommission(p.esme)
    j.send("a read of the decommissioned ESME", p.esme, "4.1.1", "<sr:ReadInstantaneousImportRegisters/>",
           expect="E5")


JOURNEY_SUPPLIER = Eui64.parse("90-B3-D5-1F-30-DE-00-0A")
FIRST_SPARE = 100  # spare premises of the journeys' supplier (the demo supplier's are 0-9)


def journey_supplier(instance: bootstrap.Instance, url: str) -> Party:
    """The supplier the journeys act as: a User of its own (so a running instance's demo supplier and its
    receiver are left alone), receiving on this run's receiver."""
    keys = instance.settings.data_dir / "demo" / "journeys"
    with instance.uow_factory(read_only=True) as uow:
        known = uow.users.get(JOURNEY_SUPPLIER)
    if known is None:
        for role in ("IS", "GS"):
            register_user(instance, eui=str(JOURNEY_SUPPLIER), role=role, name="Demo journeys supplier (simulated)",
                          issue_keys_to=keys, response_url=url)
    with instance.uow_factory() as uow:
        user = uow.users.get(JOURNEY_SUPPLIER)
        assert user is not None
        uow.users.put(replace(user, response_url=url))
        uow.commit()
    return party(JOURNEY_SUPPLIER, keys)


def run_demo(url: str | None = None, data_dir: Path | None = None) -> int:
    """The journeys against ``url`` (a running gbdcc) or a temporary instance; a DCC that cannot be reached is
    one line (``ClientError``, GBDCC-130), not a traceback."""
    import httpx

    from gbdcc.adapters.duis.client import ClientError

    if url is not None:
        try:
            httpx.get(url.rstrip("/") + "/healthz", timeout=5)
        except httpx.HTTPError as exc:
            raise ClientError(f"cannot reach the DCC at {url}: {exc} (start it with `gbdcc up`, or give another "
                              "--url)") from None
    console = Console(soft_wrap=True)
    with tempfile.TemporaryDirectory(prefix="gbdcc-demo-") as tmp:
        if url is None:
            settings = Settings(data_dir=Path(tmp), wan_time_scale=DEMO_TIME_SCALE)
        else:
            settings = bootstrap.settings(data_dir)
        instance = bootstrap.open_instance(settings)
        demo = ensure_demo_parties(instance)
        if url is None:
            ensure_estate(instance, 20, parties=demo.estate)
        receiver = ReceiverServer(instance.identity.xml_signing_cert).start()
        try:
            supplier = journey_supplier(instance, receiver.url)
            spares = [prepare_spare_premises(instance, i, supplier.eui, demo.network_operator,
                                             gas_transporter=demo.gas_transporter)
                      for i in range(FIRST_SPARE, FIRST_SPARE + 20)]
            if url is None:
                with _serving(instance, _free_port()) as base:
                    return _drive(base, receiver, instance, supplier, spares, console, settings.wan_time_scale)
            return _drive(url, receiver, instance, supplier, spares, console, settings.wan_time_scale)
        finally:
            receiver.stop()
            if instance.engine is not None:
                instance.engine.dispose()


def _drive(base: str, receiver: ReceiverServer, instance: bootstrap.Instance, supplier: Party,
           spares: list[SparePremises], console: Console, scale: float) -> int:
    p = free_spare(instance, spares)
    if p is None:
        console.print("[red]every spare premises of the journeys is installed already: use a fresh data dir")
        return 1
    transport = HttpTransport(base, receiver, time_scale=max(scale, 0.05))
    console.print(f"gbdcc demo against {base}: supplier {supplier.eui}, premises with hub {p.chf} at {p.postcode} "
                  f"(MPAN {p.mpan}, MPRN {p.mprn}); responses to {receiver.url}")
    j = Journeys(transport, supplier, trace=lambda line: console.print(line, markup=False, highlight=False),
                 timeout_s=max(30.0, 120 * scale))
    started = time.monotonic()
    try:
        run_journeys(j, p, console)
    except JourneyFailed as err:
        console.print(f"[red]journey stopped:[/red] {err.reason}")
        return 1
    finally:
        transport.close()
    messages = len(receiver.messages)
    console.print(f"{len(j.outcomes)} Service Requests in {time.monotonic() - started:.1f} s; {messages} signed "
                  f"messages received and verified (responses and alerts); `gbdcc audit show <RequestID>` tells "
                  "each request's story")
    return 0


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
