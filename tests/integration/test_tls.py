"""DUIS over (mutual) TLS from a real ``gbdcc up`` process, and its reverse-proxy mode (issue 13 part 4).

The server presents a DCCKI server certificate and requires a client certificate from the DCCKI CA (as a
DCC Gateway Connection does); ``gbdcc duis send --tls-cert/--tls-key/--tls-ca`` gets the signed DUIS
Response; a client without a certificate never gets an HTTP exchange (refused in the TLS handshake).
"""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from gbdcc import bootstrap
from gbdcc.adapters.http.background import free_port
from gbdcc.adapters.smki.dccki import DcckiAuthority
from gbdcc.cli.main import app

runner = CliRunner()
INVENTORY = ("<sr:ReadInventory><sr:DeviceID>00-DB-12-34-56-78-90-A2</sr:DeviceID></sr:ReadInventory>")


@pytest.fixture
def tls_server(instance: bootstrap.Instance, tmp_path: Path) -> Iterator[dict[str, Any]]:
    data_dir = instance.settings.data_dir
    instance.engine.dispose()
    ca = DcckiAuthority.load_or_create(data_dir, None)
    server_cred = ca.issue_server(["127.0.0.1", "localhost"], tmp_path / "server")
    client_cred = ca.issue_client("90-B3-D5-1F-30-01-00-00", tmp_path / "client")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gbdcc.cli.main", "up", "--port", str(port), "--data-dir", str(data_dir),
         "--estate-premises", "0", "--smki-port", "0", "--no-demo", "--tls-cert", str(server_cred.cert_path),
         "--tls-key", str(server_cred.key_path), "--tls-client-ca", str(ca.path), "--behind-proxy", "127.0.0.1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ))
    trusted = ssl.create_default_context(cafile=str(ca.path))
    trusted.load_cert_chain(client_cred.cert_path, client_cred.key_path)
    base = f"https://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", verify=trusted, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(server.stderr.read().decode() if server.stderr else "no output") from None
                time.sleep(0.2)
        yield {"base": base, "ca": ca.path, "client": client_cred, "context": trusted}
    finally:
        server.kill()
        server.wait(10)


def test_duis_send_over_mutual_tls_gets_the_signed_response(tls_server: dict[str, Any], supplier: Any,
                                                             tmp_path: Path) -> None:
    request = tmp_path / "8.2.xml"
    request.write_bytes(supplier.request("8.2", INVENTORY))
    client = tls_server["client"]
    result = runner.invoke(app, ["duis", "send", str(request), "--url", tls_server["base"],
                                 "--tls-cert", str(client.cert_path), "--tls-key", str(client.key_path),
                                 "--tls-ca", str(tls_server["ca"])])
    assert "HTTP 200 I0" in result.output, result.output
    assert b"<sr:ResponseCode>I0</sr:ResponseCode>" in result.stdout_bytes


def test_a_client_without_a_certificate_is_refused_in_the_tls_handshake(tls_server: dict[str, Any]) -> None:
    no_certificate = ssl.create_default_context(cafile=str(tls_server["ca"]))
    with pytest.raises(httpx.TransportError):  # no HTTP status ever comes back
        httpx.get(f"{tls_server['base']}/healthz", verify=no_certificate, timeout=5)


def test_an_untrusted_server_is_refused_by_duis_send(tls_server: dict[str, Any], supplier: Any,
                                                     tmp_path: Path) -> None:
    request = tmp_path / "8.2.xml"
    request.write_bytes(supplier.request("8.2", INVENTORY))
    client = tls_server["client"]
    result = runner.invoke(app, ["duis", "send", str(request), "--url", tls_server["base"],
                                 "--tls-cert", str(client.cert_path), "--tls-key", str(client.key_path)])
    assert result.exit_code == 2 and "error: GBDCC-130" in result.output
    assert "CERTIFICATE_VERIFY_FAILED" in result.output


def test_reverse_proxy_mode_sees_the_forwarded_client(tls_server: dict[str, Any]) -> None:
    """Admin endpoints serve loopback callers only (no admin token set): a request the local proxy forwards
    for a remote client is that remote client's, and is refused."""
    url = f"{tls_server['base']}/admin/v1/reports"
    direct = httpx.get(url, verify=tls_server["context"], timeout=5)
    forwarded = httpx.get(url, verify=tls_server["context"], timeout=5, headers={"X-Forwarded-For": "203.0.113.7"})
    assert direct.status_code == 200 and forwarded.status_code == 403
    assert "203.0.113.7" in forwarded.text


def test_tls_options_refuse_half_a_pair_in_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["up", "--data-dir", str(tmp_path), "--tls-cert", str(tmp_path / "x.pem")])
    assert result.exit_code == 2 and result.output.startswith("error: GBDCC-180 [TLS]")
