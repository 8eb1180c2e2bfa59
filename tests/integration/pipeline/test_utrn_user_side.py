"""R-SEC-4: UTRNs are made in the User System with the Supplier's prepayment top-up private key; the DCC never
reads that key. A file-access audit (``sys.addaudithook`` on ``open``) watches the DCC side — instance start,
gateway, device pipeline and simulated meter — while the Supplier tops up a prepayment ESME with a UTRN from
``gbdcc.client.utrn``; the meter accepts it; no ``*-pp-ka.key`` is opened on the DCC side."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.client.utrn import POUNDS, make_utrn
from gbdcc.domain.inventory import DeviceType

from .conftest import Dcc, code

_WATCH: list[list[tuple[str, str]]] = []


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and _WATCH:
        path, mode = args[0], args[1]
        if isinstance(path, str | bytes | Path):
            _WATCH[-1].append((str(path if not isinstance(path, bytes) else path.decode(errors="replace")),
                               str(mode or "r")))


sys.addaudithook(_hook)  # audit hooks cannot be removed: this one records only inside `opened()`


@contextmanager
def opened() -> Iterator[list[tuple[str, str]]]:
    files: list[tuple[str, str]] = []
    _WATCH.append(files)
    try:
        yield files
    finally:
        _WATCH.pop()


def _top_up_keys_read(files: list[tuple[str, str]]) -> list[str]:
    return [p for p, mode in files if p.endswith("-pp-ka.key") and not any(c in mode for c in "wax+")]


def test_r_sec_4_dcc_side_never_reads_the_prepayment_top_up_key(tmp_path: Path) -> None:
    with opened() as start:
        dcc = Dcc(tmp_path / "var", premises=12)  # instance start, demo Users (keys written for them), estate
    try:
        pp_key = dcc.supplier.keys / f"{dcc.supplier.eui.hex}-pp-ka.key"
        assert pp_key.exists()  # the demo Supplier's key is in its own folder, as the test PKI issued it
        esme = dcc.first(DeviceType.ESME, prepayment=True)
        with opened() as user_side:  # the User System: key read here, and only here
            key = serialization.load_pem_private_key(pp_key.read_bytes(), password=None)
            utrn = make_utrn(key, dcc.instance.device_keys.ka_public_key(esme.device_id),  # type: ignore[arg-type]
                             dcc.supplier.eui, esme.device_id, 1 << 32, 5, POUNDS)
        assert _top_up_keys_read(user_side) == [str(pp_key)]  # the audit sees a key read when there is one
        assert esme.chf_id is not None
        hub = dcc.instance.pipeline.wan.hub(esme.chf_id)
        assert hub is not None

        def meter() -> Any:
            return hub.hub.devices[esme.device_id]  # the SIMULATED ESME

        with opened() as flow:
            signed = dcc.request(dcc.supplier, esme.device_id, "2.2", f"<sr:TopUpDevice><sr:UTRN>{utrn}</sr:UTRN>"
                                                                       "</sr:TopUpDevice>")
            reply = dcc.submit(signed)
            dcc.run()
            [response] = dcc.responses_for(signed)
        assert reply.decision.response_code == "I99"
        assert code(response) == "I0"
        assert meter().utrn_guard.accepted == [1 << 32]  # the simulated meter accepted the User-made UTRN
        forged = make_utrn(ec.generate_private_key(ec.SECP256R1()), dcc.instance.device_keys.ka_public_key(
            esme.device_id), dcc.supplier.eui, esme.device_id, 2 << 32, 5, POUNDS)
        bad = dcc.request(dcc.supplier, esme.device_id, "2.2", f"<sr:TopUpDevice><sr:UTRN>{forged}</sr:UTRN>"
                                                               "</sr:TopUpDevice>")
        dcc.submit(bad)
        dcc.run()
        assert meter().utrn_guard.accepted == [1 << 32]  # one not made with the Supplier's key is refused
        assert meter().utrn_guard.failures == 1
        assert start and any(p.endswith(".key") or "sqlite" in p or p.endswith(".db") for p, _ in start + flow)
        assert _top_up_keys_read(start) == [] and _top_up_keys_read(flow) == []
    finally:
        if dcc.instance.engine is not None:
            dcc.instance.engine.dispose()
