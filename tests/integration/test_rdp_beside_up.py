"""``gbdcc rdp add`` / ``gbdcc rdp load`` against the data dir a running ``gbdcc up`` serves (SQLite WAL, short
transactions): a 20,000-MPxN refresh loads while DUIS requests keep being admitted, and from then on the
running DCC applies it (the demo supplier loses the meter it moved: E4)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from tests.integration.http_support import DccProcess, DemoSupplier, free_port, receiver_url
from tests.support.rdp import SUPPLIER_2, file_text, mpan, reg

from gbdcc.adapters.rdp.files import read_response
from gbdcc.adapters.wan.estate import generate_estate
from gbdcc.domain.inventory import DeviceType, SmiStatus

pytestmark = pytest.mark.slow
PREMISES = 5


def _commissioned_meters() -> list[tuple[str, object]]:
    out = []
    for p in generate_estate(PREMISES, 1):
        d = p.device(DeviceType.ESME)
        if d is not None and d.status is SmiStatus.COMMISSIONED and p.mpan:
            out.append((p.mpan, d.device_id))
    return out


def test_a_large_refresh_loads_beside_gbdcc_up_and_the_running_dcc_applies_it(tmp_path: Path) -> None:
    (moved_mpan, moved), (_, kept) = _commissioned_meters()[:2]
    dcc = DccProcess(tmp_path / "var", receiver_url(free_port()), premises=PREMISES).start()
    supplier = DemoSupplier(dcc.data_dir, dcc.url)
    try:
        counter = [int(time.time() * 1000)]

        def read(target: object) -> str | None:
            counter[0] += 1
            return supplier.post(supplier.request(target, "4.1.1", counter[0])).response_code  # type: ignore[arg-type]

        assert read(moved) == "I99"
        added = dcc.cli("rdp", "add", "--id", "ENWL", "--fuel", "E", "--name", "Electricity North West")
        assert added.returncode == 0, added.stderr
        operator = "90-B3-D5-1F-30-DE-00-02"  # the demo network operator
        regs = [reg(mpan(i), operator=operator) for i in range(20_000)]
        regs.append(reg(moved_mpan, SUPPLIER_2, operator=operator))
        big = tmp_path / "full.csv"
        big.write_text(file_text(regs, checksum=True))

        codes: list[str | None] = []
        stop = threading.Event()

        def traffic() -> None:
            while not stop.is_set():
                codes.append(read(kept))

        sender = threading.Thread(target=traffic)
        sender.start()
        try:
            loaded = dcc.cli("rdp", "load", str(big))
        finally:
            stop.set()
            sender.join(60)
        assert loaded.returncode == 0, loaded.stderr
        response = read_response(loaded.stdout.encode())
        assert response.accepted and response.summary["records"] == "20001"
        assert codes and set(codes) == {"I99"}  # the DCC kept admitting requests throughout
        assert read(moved) == "E4"  # the running DCC reads the new Registration Data
        assert read(kept) == "I99"
    finally:
        supplier.close()
        dcc.stop()
