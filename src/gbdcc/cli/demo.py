"""``gbdcc demo``: a short scripted DUIS session against a temporary embedded instance.

It starts the real HTTP server on a free local port, registers a supplier and a network operator with keys
from the instance's own test PKI, sends signed requests over HTTP and prints each reply: response code,
the rule that decided it and why. Nothing is mocked; the instance is deleted afterwards.
"""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path

import httpx
import uvicorn
from lxml import etree
from rich.console import Console
from rich.table import Table

from gbdcc import bootstrap
from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key, sign_request
from gbdcc.config import Settings

SR = "http://www.dccinterface.co.uk/ServiceUserGateway"
ACB = "90-B3-D5-1F-30-00-00-02"
SUPPLIER = "90-B3-D5-1F-30-01-00-00"
NETWORK = "90-B3-D5-1F-30-02-00-00"
ESME = "00-DB-12-34-56-78-90-B0"
CHF = str(bootstrap.DEMO_CHF)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def _serving(instance: bootstrap.Instance) -> Iterator[str]:
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(bootstrap.build_app(instance), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _request(user: str, counter: int, srv: str, body: str) -> bytes:
    ref = srv if srv.count(".") == 1 else srv.rsplit(".", 1)[0]
    return (f'<sr:Request xmlns:sr="{SR}" schemaVersion="5.4"><sr:Header><sr:RequestID>{user}:{ACB}:{counter}'
            f"</sr:RequestID><sr:CommandVariant>8</sr:CommandVariant><sr:ServiceReference>{ref}"
            f"</sr:ServiceReference><sr:ServiceReferenceVariant>{srv}</sr:ServiceReferenceVariant></sr:Header>"
            f"<sr:Body>{body}</sr:Body></sr:Request>").encode()


def run_demo() -> int:
    console = Console()
    with tempfile.TemporaryDirectory(prefix="gbdcc-demo-") as tmp:
        data = Path(tmp)
        instance = bootstrap.open_instance(Settings(data_dir=data), seed_demo=True)
        keys: dict[str, tuple[object, object]] = {}
        for eui, roles, name in ((SUPPLIER, ["IS", "GS"], "Demo Supplier"), (NETWORK, ["ED"], "Demo DNO")):
            folder = data / eui
            for i, role in enumerate(roles):
                bootstrap.register_user(instance, eui=eui, role=role, name=name,
                                        issue_keys_to=folder if i == 0 else None,
                                        certificate_pem=(folder / "xml-sign.pem").read_bytes() if i else None)
            keys[eui] = (load_signing_key((folder / "xml-sign.key").read_bytes()),
                         load_certificate((folder / "xml-sign.pem").read_bytes()))
        counters = {SUPPLIER: count(1), NETWORK: count(1)}
        prenotify = (f"<sr:DevicePrenotification><sr:DeviceID>{ESME}</sr:DeviceID><sr:DeviceManufacturer>AB01"
                     "</sr:DeviceManufacturer><sr:DeviceModel>010A030B</sr:DeviceModel><sr:DeviceType>ESME"
                     "</sr:DeviceType></sr:DevicePrenotification>")
        steps: list[tuple[str, str, str, bytes | None]] = [
            ("Supplier pre-notifies an ESME (12.2)", SUPPLIER, "12.2", None),
            ("Supplier reads it back (8.2)", SUPPLIER, "8.2", None),
            ("Supplier installs the hub (8.14.1)", SUPPLIER, "8.14.1", None),
            ("DNO tries to decommission the ESME (8.3)", NETWORK, "8.3", None),
            ("Supplier replays its last request", SUPPLIER, "replay", None),
            ("Hostile XML (external entity)", SUPPLIER, "xxe", None),
        ]
        bodies = {
            "12.2": prenotify,
            "8.2": f"<sr:ReadInventory><sr:DeviceID>{ESME}</sr:DeviceID></sr:ReadInventory>",
            "8.14.1": (f"<sr:CHFInstallSuccessSMWAN><sr:DeviceID>{CHF}</sr:DeviceID><sr:CHFInstallType>New CHF "
                       "Install</sr:CHFInstallType><sr:MPxN>1312345678907</sr:MPxN><sr:AerialInstall>false"
                       "</sr:AerialInstall><sr:CHFLocation>Basement or Cellar</sr:CHFLocation>"
                       "</sr:CHFInstallSuccessSMWAN>"),
            "8.3": f"<sr:DecommissionDevice><sr:DeviceID>{ESME}</sr:DeviceID></sr:DecommissionDevice>",
        }
        table = Table("step", "HTTP", "code", "rule", "what gbdcc said", title="gbdcc demo")
        last: bytes = b""
        with _serving(instance) as base, httpx.Client(base_url=base, timeout=30) as http:
            for title, user, srv, _ in steps:
                if srv == "replay":
                    raw = last
                elif srv == "xxe":
                    raw = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                           b"<r>&x;</r>")
                else:
                    key, cert = keys[user]
                    raw = sign_request(_request(user, next(counters[user]), srv, bodies[srv]), key, cert,  # type: ignore[arg-type]
                                       preserve_counter=True)
                    if user == SUPPLIER:
                        last = raw
                reply = http.post("/api/v1/serviceD", content=raw, headers={"Content-Type": "application/xml"})
                code = reply.headers.get("X-GBDCC-Response-Code", "")
                said = reply.headers.get("X-GBDCC-Reason", "")
                if not said and reply.headers.get("content-type", "").startswith("application/xml"):
                    status = etree.fromstring(reply.content).findtext(f".//{{{SR}}}DeviceStatus")
                    said = f"signed response; device status {status}" if status else "signed response"
                table.add_row(title, str(reply.status_code), code, reply.headers.get("X-GBDCC-Rule", ""), said)
        console.print(table)
        with instance.uow_factory() as uow:
            console.print(f"audit trail: {len(uow.audit.recent(1000))} stored messages (requests and responses)")
        instance.engine.dispose()
    return 0
