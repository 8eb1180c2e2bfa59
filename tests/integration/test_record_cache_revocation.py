"""The running gateway's certificate cache (``adapters/db/record_cache.py``) against ``gbdcc smki revoke`` run
in ANOTHER process: the first request after the revocation is refused, although the signer's certificate
record was cached by the requests before it (R-PKI-1)."""

from __future__ import annotations

import subprocess
import sys

from gbdcc import bootstrap
from gbdcc.adapters.provisioning.hubs import RTDS_CHF
from gbdcc.domain.catalogue import WebService

from .conftest import Signer

READ_INVENTORY = f"<sr:ReadInventory><sr:DeviceID>{RTDS_CHF}</sr:DeviceID></sr:ReadInventory>"


def test_r_pki_1_certificate_revoked_by_another_process_is_refused_at_once(
        instance: bootstrap.Instance, supplier: Signer) -> None:
    for _ in range(2):  # the second one is served from the warm cache
        reply = instance.gateway.submit(supplier.request("8.2", READ_INVENTORY), WebService.NON_DEVICE)
        assert reply.decision.response_code == "I0", reply.decision
    revoke = subprocess.run(
        [sys.executable, "-m", "gbdcc.cli.main", "smki", "revoke", "--serial", f"{supplier.cert.serial_number:x}",
         "--reason", "keyCompromise", "--data-dir", str(instance.settings.data_dir)],
        capture_output=True, text=True, timeout=120)
    assert revoke.returncode == 0, revoke.stdout + revoke.stderr
    reply = instance.gateway.submit(supplier.request("8.2", READ_INVENTORY), WebService.NON_DEVICE)
    assert reply.decision.response_code != "I0"
    assert reply.decision.rule == "R-PKI-1" or "revoked" in reply.decision.reason.lower(), reply.decision
