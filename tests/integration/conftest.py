"""An embedded gbdcc instance (SQLite in a temp dir) behind its real ASGI app, and Users with keys
issued by the instance's own test PKI."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import count
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from fastapi.testclient import TestClient

from gbdcc import bootstrap
from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key, sign_request
from gbdcc.adapters.provisioning.hubs import deliver_rtds_hub
from gbdcc.adapters.provisioning.users import register_user
from gbdcc.config import Settings

SUPPLIER = "90-B3-D5-1F-30-01-00-00"
NETWORK_OPERATOR = "90-B3-D5-1F-30-02-00-00"
ACB = "90-B3-D5-1F-30-00-00-02"
SR_NS = "http://www.dccinterface.co.uk/ServiceUserGateway"


@dataclass
class Signer:
    eui: str
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    counters: Iterator[int]

    def request(self, srv: str, body: str, *, cv: int = 8, service_reference: str | None = None,
                target: str = ACB, counter: int | None = None) -> bytes:
        """A signed DUIS request (compact XML, our own text — not a DCC template)."""
        ref = service_reference or (srv if srv.count(".") == 1 else srv.rsplit(".", 1)[0])
        n = counter if counter is not None else next(self.counters)
        xml = (
            f'<sr:Request xmlns:sr="{SR_NS}" schemaVersion="5.4"><sr:Header>'
            f"<sr:RequestID>{self.eui}:{target}:{n}</sr:RequestID><sr:CommandVariant>{cv}</sr:CommandVariant>"
            f"<sr:ServiceReference>{ref}</sr:ServiceReference>"
            f"<sr:ServiceReferenceVariant>{srv}</sr:ServiceReferenceVariant></sr:Header>"
            f"<sr:Body>{body}</sr:Body></sr:Request>"
        ).encode()
        return sign_request(xml, self.key, self.cert, counter=n)


def _with_rtds_hub(instance: bootstrap.Instance) -> bootstrap.Instance:
    deliver_rtds_hub(instance)
    return instance


@pytest.fixture
def instance(tmp_path: Path) -> bootstrap.Instance:
    return _with_rtds_hub(bootstrap.open_instance(Settings(data_dir=tmp_path / "var")))


@pytest.fixture
def client(instance: bootstrap.Instance) -> Iterator[TestClient]:
    with TestClient(bootstrap.build_app(instance)) as c:
        yield c


def _signer(instance: bootstrap.Instance, tmp_path: Path, eui: str, roles: list[str],
            entry: date | None = None) -> Signer:
    keys = tmp_path / f"keys-{eui}"
    for i, role in enumerate(roles):
        register_user(instance, eui=eui, role=role, name=f"User {eui}", entry_date=entry,
                                issue_keys_to=keys if i == 0 else None,
                                certificate_pem=(keys / "xml-sign.pem").read_bytes() if i else None)
    return Signer(eui, load_signing_key((keys / "xml-sign.key").read_bytes()),
                  load_certificate((keys / "xml-sign.pem").read_bytes()), count(1))


@pytest.fixture
def supplier(instance: bootstrap.Instance, tmp_path: Path) -> Signer:
    return _signer(instance, tmp_path, SUPPLIER, ["IS", "GS"])


@pytest.fixture
def network_operator(instance: bootstrap.Instance, tmp_path: Path) -> Signer:
    return _signer(instance, tmp_path, NETWORK_OPERATOR, ["ED"])


@pytest.fixture
def future_user(instance: bootstrap.Instance, tmp_path: Path) -> Signer:
    """A Party whose user-entry date is in the future (R-USER-1)."""
    return _signer(instance, tmp_path, "90-B3-D5-1F-30-03-00-00", ["IS"], entry=date(2099, 1, 1))
