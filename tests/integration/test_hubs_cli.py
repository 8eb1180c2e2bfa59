"""``gbdcc hubs`` on a data dir's database and ``/admin/v1/hubs`` (SEC F5-F7, R-CH-1, R-TEST-1): the CLI contract
(a refusal is one ``error: GBDCC-nnn [R-CH-1]`` line, exit 2), delivered hubs in the SMI, ``gbdcc report hubs``
and an instrumented test hub's HAN trace served by a running instance."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from gbdcc import bootstrap
from gbdcc.adapters.wan.scheduler import VirtualScheduler
from gbdcc.cli.main import app
from gbdcc.cli.store import open_store
from gbdcc.config import Settings
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import SmiStatus

SUPPLIER = "90-B3-D5-1F-30-01-00-00"
SIM = "special-installation-mesh"


def run(data_dir: Path, *args: str) -> tuple[int, str]:
    out = CliRunner().invoke(app, ["hubs", *args, "--data-dir", str(data_dir)])
    return out.exit_code, out.output


def order(data_dir: Path, region: str, hub_type: str = SIM, *more: str) -> tuple[int, str]:
    return run(data_dir, "order", "--supplier", SUPPLIER, "--region", region, "--type", hub_type, "--quantity", "2",
               "--delivery", "2027-03-06", *more)


def test_r_ch_1_cli_north_sim_order_refused_with_the_rule(tmp_path: Path) -> None:
    code, out = order(tmp_path / "var", "North")
    errors = [line for line in out.splitlines() if line.startswith("error:")]
    assert code == 2 and len(errors) == 1
    assert errors[0].startswith("error: GBDCC-511 [R-CH-1] ") and "Traceback" not in out


def test_r_ch_1_cli_south_sim_order_confirmed_delivered_into_the_smi_and_reported(tmp_path: Path) -> None:
    d = tmp_path / "var"
    code, out = order(d, "South")
    assert code == 0, out
    assert "order 1 confirmed" in out and "site visit booked: 2027-03-08 am [R-CH-1]" in out
    assert "consent information for the Supplier [R-CH-1]" in out
    code, out = run(d, "deliver", "1")
    assert code == 0 and "order 1 delivered" in out and "02-DC-00-00-00-01-00-00" in out
    uow_factory, _ = open_store(d)
    with uow_factory(read_only=True) as uow:
        chf = uow.inventory.get(Eui64.parse("02-DC-00-00-00-01-00-00"))
        assert chf is not None and chf.status is SmiStatus.PENDING and chf.csp_region == "South"
        assert str(chf.supplier_credentials) == SUPPLIER
    code, out = run(d, "return", "02-DC-00-00-00-01-00-02", "--no-fault", "--reason", "surplus")
    assert code == 0 and "no-fault, as 8.14.4" in out
    code, out = run(d, "return", "02-DC-00-00-00-01-00-02", "--fault", "--reason", "again")
    assert code == 2 and "error: GBDCC-516" in out
    out = CliRunner().invoke(app, ["report", "hubs", "--json", "--data-dir", str(d)]).output
    report = json.loads(out[out.index("{"):])
    [row] = report["rows"]
    assert (row["status"], row["delivered"], row["in_smi"], row["returned_no_fault"]) == ("delivered", 2, 2, 1)
    assert row["site_visit"] == "2027-03-08 am" and row["consent_information_given"] is True
    code, out = run(d, "orders", "--json")
    assert code == 0 and json.loads(out[out.index("["):])[0]["site_visit"] == {"on": "2027-03-08", "slot": "am"}


def test_r_ch_1_admin_api_refuses_north_and_confirms_central(tmp_path: Path) -> None:
    instance = bootstrap.open_instance(Settings(data_dir=tmp_path / "var", admin_token="s3cret"), in_memory=True)
    body = {"supplier": SUPPLIER, "region": "North", "hub_type": SIM, "quantity": 1, "delivery_date": "2027-03-10"}
    with TestClient(bootstrap.build_app(instance), headers={"Authorization": "Bearer s3cret"}) as client:
        refused = client.post("/admin/v1/hubs/orders", json=body)
        assert refused.status_code == 409 and refused.json()["detail"]["rule"] == "R-CH-1"
        made = client.post("/admin/v1/hubs/orders", json={**body, "region": "Central", "site_visit": "2027-03-11",
                                                          "slot": "pm"})
        assert made.status_code == 200 and made.json()["site_visit"] == {"on": "2027-03-11", "slot": "pm"}
        delivered = client.post(f"/admin/v1/hubs/orders/{made.json()['order_id']}/deliver", json={})
        assert delivered.status_code == 200 and delivered.json()["order"]["status"] == "delivered"
        assert [o["status"] for o in client.get("/admin/v1/hubs/orders").json()["orders"]] == ["refused", "delivered"]
        assert client.get("/admin/v1/hubs/orders", headers={"Authorization": "Bearer no"}).status_code == 401


def test_r_test_1_han_trace_of_an_instrumented_test_hub_only(tmp_path: Path) -> None:
    instance = bootstrap.open_instance(Settings(data_dir=tmp_path / "var", admin_token="s3cret"),
                                       scheduler=VirtualScheduler(), in_memory=True)
    wan = instance.pipeline.wan
    with TestClient(bootstrap.build_app(instance), headers={"Authorization": "Bearer s3cret"}) as client:
        ids = []
        for test in (True, False):
            made = client.post("/admin/v1/hubs/orders", json={
                "supplier": SUPPLIER, "region": "North", "hub_type": "standard", "quantity": 1,
                "delivery_date": "2027-03-10", "test_hubs": test, "delivery_location": "M1 1AE"}).json()
            ids.append(client.post(f"/admin/v1/hubs/orders/{made['order_id']}/deliver", json={}).json()
                       ["hubs"][0]["chf"])
        test_chf, plain_chf = ids
        empty = client.get(f"/admin/v1/hubs/{test_chf}/han-trace").json()
        assert empty["built"] is True and empty["trace"] == [] and empty["activity"]["messages"] == 0
        hub = wan.hubs[Eui64.parse(test_chf)].hub
        assert hub.instrumented  # built from the SMI as a test hub
        wan.on_wan_thread(lambda: hub.receive(b"\x00not GBCS", instance.clock.now()))
        view = client.get(f"/admin/v1/hubs/{test_chf}/han-trace").json()
        assert [t["kind"] for t in view["trace"]] == ["wan-in", "dropped"]
        assert view["activity"]["by_kind"] == {"dropped": 1, "wan-in": 1}
        assert view["trace"][0]["size"] == 9
        refused = client.get(f"/admin/v1/hubs/{plain_chf}/han-trace")
        assert refused.status_code == 403 and refused.json()["detail"]["code"] == "GBDCC-517"
        assert refused.json()["detail"]["rule"] == "R-TEST-1"
        plain = wan.hub(Eui64.parse(plain_chf))
        assert plain is not None and not plain.hub.instrumented  # an ordinary hub records no trace


def test_r_test_1_cli_han_trace_reads_the_running_instance(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``gbdcc hubs han-trace CHF --url URL``: the CLI's HTTP GET is routed to the app in process."""
    import httpx

    instance = bootstrap.open_instance(Settings(data_dir=tmp_path / "var", admin_token="t"),
                                       scheduler=VirtualScheduler(), in_memory=True)
    with TestClient(bootstrap.build_app(instance), headers={"Authorization": "Bearer t"}) as client:
        made = client.post("/admin/v1/hubs/orders", json={
            "supplier": SUPPLIER, "region": "South", "hub_type": "dual-band", "quantity": 2,
            "delivery_date": "2027-03-10", "test_hubs": True, "delivery_location": "SO14 7DU"}).json()
        chf = client.post(f"/admin/v1/hubs/orders/{made['order_id']}/deliver", json={}).json()["hubs"][0]["chf"]
        client.get(f"/admin/v1/hubs/{chf}/han-trace")
        hub = instance.pipeline.wan.hubs[Eui64.parse(chf)].hub
        hub.receive(b"\x01\x02\x03", instance.clock.now())
        monkeypatch.setattr(httpx, "get", lambda url, headers, timeout: client.get(
            url.removeprefix("http://gbdcc.test"), headers=headers))
        out = CliRunner().invoke(app, ["hubs", "han-trace", chf, "--url", "http://gbdcc.test", "--token", "t"])
        assert out.exit_code == 0 and "2 HAN trace entries" in out.output and "wan-in" in out.output
        out = CliRunner().invoke(app, ["hubs", "han-trace", "00-DB-12-34-56-78-90-A2", "--url", "http://gbdcc.test",
                                       "--token", "t"])
        assert out.exit_code == 2 and "error: GBDCC-517 [R-TEST-1]" in out.output
