"""``gbdcc hubs``: Communications Hub logistics (SEC F5-F7, R-CH-1, R-TEST-1; ``service.hubs``).

``forecast`` / ``order`` (F5: an order meeting the rules is confirmed at once; a Special Installation Mesh order
books its DCC site visit and prints the consent information for the Supplier, R-CH-1), ``orders``, ``deliver``
(F6, SIMULATED logistics: the hubs enter the SMI Pending for the Supplier; ``gbdcc up`` also delivers orders on
their Delivery Date), ``return`` (F7: fault / no-fault, as 8.14.3 / 8.14.4) — on the data dir's database; and
``han-trace`` (R-TEST-1), which reads an instrumented test hub's HAN trace from a RUNNING instance (``--url``).
A refusal prints ``error: GBDCC-nnn [rule] reason`` and exits 2.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gbdcc.cli.errors import Typer
from gbdcc.cli.output import make_console
from gbdcc.cli.store import open_store, option_date
from gbdcc.domain.errors import GbdccError
from gbdcc.domain.hubs import HubOrder, HubType, Region, ReturnKind, VisitSlot
from gbdcc.domain.incidents.help import error_classes

app = Typer(no_args_is_help=True)
console = make_console()
DataDir = Annotated[Path | None, typer.Option("--data-dir", help="Data directory (default ./var or GBDCC_DATA_DIR)")]
Supplier = Annotated[str, typer.Option("--supplier", help="The Supplier's EUI-64")]
RegionOpt = Annotated[Region, typer.Option("--region", help="CSP region")]
TypeOpt = Annotated[HubType, typer.Option("--type", help="Hub type")]


def _now() -> datetime:
    return datetime.now(UTC)


def _describe(order: HubOrder) -> list[str]:
    lines = [f"order {order.order_id} {order.status}: {order.quantity} {order.hub_type} hubs, {order.region} region, "
             f"for {order.supplier}, Delivery Date {order.delivery_date}"
             f"{', instrumented test hubs' if order.test_hubs else ''} ({order.delivered} delivered)"]
    if order.site_visit is not None:
        lines.append(f"site visit booked: {order.site_visit.on} {order.site_visit.slot.value} [R-CH-1]")
    if order.consent_information is not None:
        lines.append(f"consent information for the Supplier [R-CH-1]: {order.consent_information}")
    return lines


@app.command("forecast")
def forecast(supplier: Supplier, region: RegionOpt, hub_type: TypeOpt,
             month: Annotated[str, typer.Option("--month", help="Delivery month, YYYY-MM")],
             quantity: Annotated[int, typer.Option("--quantity", help="Hubs forecast for that month")],
             data_dir: DataDir = None) -> None:
    """Record a Supplier's forecast of the hubs it will order for one delivery month (F5)."""
    from gbdcc.domain.hubs import HubForecast
    from gbdcc.domain.ids import Eui64
    from gbdcc.service.hubs.logistics import submit_forecast

    first = option_date(f"{month}-01", "--month")
    assert first is not None
    uow_factory, _ = open_store(data_dir)
    f = submit_forecast(uow_factory, HubForecast(Eui64.parse(supplier), region, hub_type, first, quantity, _now()))
    console.print(f"forecast {f.forecast_id}: {f.quantity} {f.hub_type} hubs, {f.region} region, {f.month:%Y-%m}, "
                  f"for {f.supplier}")


@app.command("order")
def order(supplier: Supplier, region: RegionOpt, hub_type: TypeOpt,
          quantity: Annotated[int, typer.Option("--quantity", help="Hubs ordered")],
          delivery: Annotated[str, typer.Option("--delivery", help="Delivery Date, YYYY-MM-DD")],
          test: Annotated[bool, typer.Option("--test", help="Instrumented Test Communications Hubs (R-TEST-1)")]
          = False,
          delivery_location: Annotated[str | None, typer.Option(
              "--delivery-location", help="Postcode the hubs are for (simulation: their premises)")] = None,
          site_visit: Annotated[str | None, typer.Option(
              "--site-visit", help="SIM only: the site visit date asked, YYYY-MM-DD (default: first slot)")] = None,
          slot: Annotated[VisitSlot, typer.Option("--slot", help="SIM only: site visit slot")] = VisitSlot.AM,
          data_dir: DataDir = None) -> None:
    """Place a Communications Hub order (F5) and print its outcome (confirmed, or refused with its rule)."""
    from gbdcc.bootstrap import hub_terms
    from gbdcc.domain.ids import Eui64
    from gbdcc.service.hubs.logistics import place_order, requested_visit

    when = option_date(delivery, "--delivery")
    assert when is not None
    uow_factory, s = open_store(data_dir)
    made = place_order(uow_factory, HubOrder(
        Eui64.parse(supplier), region, hub_type, quantity, when, _now(), test_hubs=test,
        delivery_location=delivery_location,
        site_visit=requested_visit(option_date(site_visit, "--site-visit"), slot.value if site_visit else None)),
        hub_terms(s))
    for line in _describe(made):
        console.print(line, soft_wrap=True)


@app.command("orders")
def orders(supplier: Annotated[str | None, typer.Option("--supplier", help="Only this Supplier's")] = None,
           as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table")] = False,
           data_dir: DataDir = None) -> None:
    """List the Communications Hub orders and where each is."""
    from gbdcc.adapters.http.admin_common import to_json
    from gbdcc.domain.ids import Eui64

    uow_factory, _ = open_store(data_dir)
    with uow_factory(read_only=True) as uow:
        found = list(uow.hubs.orders(None if supplier is None else Eui64.parse(supplier)))
    if as_json:
        typer.echo(json.dumps([to_json(o) for o in found], indent=2))
        return
    table = Table("order", "supplier", "region", "type", "qty", "delivery", "status", "delivered", "site visit",
                  "rule")
    for o in found:
        visit = "" if o.site_visit is None else f"{o.site_visit.on} {o.site_visit.slot.value}"
        table.add_row(str(o.order_id), str(o.supplier), o.region.value, o.hub_type.value, str(o.quantity),
                      str(o.delivery_date), o.status.value, str(o.delivered), visit, o.refused_rule or "")
    console.print(table)


@app.command("deliver")
def deliver_cmd(order_id: Annotated[int, typer.Argument(help="The order")],
                count: Annotated[int | None, typer.Option("--count", help="Hubs to deliver (default: the rest)")]
                = None,
                data_dir: DataDir = None) -> None:
    """Deliver an order's hubs now (SIMULATED logistics, F6): their CHF and GPF enter the SMI Pending."""
    from gbdcc.service.hubs.logistics import deliver

    uow_factory, _ = open_store(data_dir)
    updated, made = deliver(uow_factory, order_id, _now(), count)
    for line in _describe(updated):
        console.print(line, soft_wrap=True)
    for hub in made:
        console.print(f"  delivered CHF {hub.chf} GPF {hub.gpf}{' (test hub)' if hub.test_hub else ''}")


@app.command("return")
def return_cmd(chf: Annotated[str, typer.Argument(help="The hub's CHF")],
               fault: Annotated[bool, typer.Option("--fault/--no-fault", help="Fault (8.14.3) or no-fault (8.14.4)")],
               reason: Annotated[str, typer.Option("--reason", help="Why it is returned")],
               data_dir: DataDir = None) -> None:
    """Record a hub returned to the DCC (F7); its CHF and GPF move as 8.14.3 / 8.14.4 move them."""
    from gbdcc.domain.ids import Eui64
    from gbdcc.service.hubs.logistics import return_hub

    uow_factory, _ = open_store(data_dir)
    kind = ReturnKind.FAULT if fault else ReturnKind.NO_FAULT
    made = return_hub(uow_factory, Eui64.parse(chf), kind, reason, _now())
    console.print(f"hub {made.chf} returned ({made.kind}, as {made.kind.srv}): {made.reason}")


@app.command("han-trace")
def han_trace(chf: Annotated[str, typer.Argument(help="The test hub's CHF")],
              url: Annotated[str, typer.Option("--url", envvar="GBDCC_URL", help="The running instance")]
              = "http://127.0.0.1:8079",
              token: Annotated[str | None, typer.Option(envvar="GBDCC_ADMIN_TOKEN", help="Admin bearer token")]
              = None) -> None:
    """An instrumented Test Communications Hub's HAN messages and activity, from a running instance (R-TEST-1)."""
    import httpx

    from gbdcc.adapters.duis.client import ClientError

    headers = {"authorization": f"Bearer {token}"} if token else {}
    try:
        r = httpx.get(f"{url.rstrip('/')}/admin/v1/hubs/{chf}/han-trace", headers=headers, timeout=30.0)
    except httpx.HTTPError as err:
        raise ClientError(f"cannot reach {url}: {err}") from None
    if not r.is_success:
        try:
            detail = r.json()["detail"]
            refusal = error_classes().get(detail["code"], GbdccError)(detail["reason"], rule=detail["rule"])
        except (ValueError, KeyError, TypeError):
            raise ClientError(f"{url} answered HTTP {r.status_code}: {r.text[:200]}") from None
        raise refusal
    view = r.json()
    activity = view["activity"]
    console.print(f"hub {view['chf']}: {activity['messages']} HAN trace entries {activity['by_kind']}, "
                  f"HAN devices {', '.join(view['han_devices']) or 'none'}")
    table = Table("at", "kind", "source", "destination", "code", "bytes", "note")
    for t in view["trace"]:
        table.add_row(t["at"], t["kind"], t["source"] or "", t["destination"] or "", t["message_code"] or "",
                      str(t["size"]), t["note"])
    console.print(table)

