"""Disaster recovery (R-DR-1) from outside: ``gbdcc dr drill`` on SQLite and PostgreSQL loses no acknowledged
request and records the relief rule per User; ``dr backup`` / ``dr restore`` round-trip a data dir; the drill's
``lost`` measure counts what a restore lacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from gbdcc import bootstrap
from gbdcc.adapters.dr.backup import backup, restore
from gbdcc.adapters.dr.drill import _lost
from gbdcc.config import Settings

from .conftest import NETWORK_OPERATOR, SUPPLIER

PG_URL = os.environ.get("GBDCC_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PRENOTIFY = ("<sr:DevicePrenotification><sr:DeviceID>00-DB-12-34-56-78-90-{n:02X}</sr:DeviceID><sr:DeviceManufacturer>"
             "AB01</sr:DeviceManufacturer><sr:DeviceModel>010A030B</sr:DeviceModel><sr:DeviceType>ESME"
             "</sr:DeviceType></sr:DevicePrenotification>")


def _gbdcc(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gbdcc.cli.main", *args], capture_output=True, text=True,
                          timeout=600, check=False, env={**os.environ, **(env or {})})


def _drill(instance: bootstrap.Instance, *extra: str) -> dict[str, Any]:
    data_dir = str(instance.settings.data_dir)
    if instance.engine is not None:
        instance.engine.dispose()
    assert _gbdcc("dr", "connection", NETWORK_OPERATOR, "--backup", "--data-dir", data_dir).returncode == 0
    done = _gbdcc("dr", "drill", "--data-dir", data_dir, "--requests", "50", *extra)
    assert done.returncode == 0, done.stderr
    line = done.stdout.strip().splitlines()[-1]
    assert line.startswith("DRILL ")
    result: dict[str, Any] = json.loads(line.removeprefix("DRILL "))
    assert f"relief {SUPPLIER}: relief" in done.stdout and f"relief {NETWORK_OPERATOR}: has-backup" in done.stdout
    listed = _gbdcc("dr", "drills", "--data-dir", data_dir).stdout
    assert f"{result['acknowledged']} acknowledged, 0 lost" in listed
    return result


def _check(result: dict[str, Any], database: str) -> None:
    assert result["database"] == database
    assert result["acknowledged"] >= 50 and result["sent"] >= result["acknowledged"]
    assert result["lost"] == 0  # the default durability: every acknowledged commit survives the kill
    assert 0 < result["recovery_s"] < result["rto_s"] == 8 * 3600 and result["within_targets"] is True
    assert result["relief_users"] == [SUPPLIER]  # no backup connection; a backup would have recovered it


@pytest.mark.slow
def test_r_dr_1_drill_on_sqlite_loses_no_acknowledged_request(instance: bootstrap.Instance, supplier: Any,
                                                              network_operator: Any) -> None:
    _check(_drill(instance), "sqlite")


def _pg_reachable() -> None:
    try:
        engine = create_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:
        if os.environ.get("GBDCC_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL unreachable at {PG_URL}: {exc}")
        pytest.skip(f"PostgreSQL unreachable at {PG_URL}")


@pytest.mark.slow
@pytest.mark.postgres
def test_r_dr_1_drill_on_postgresql_loses_no_acknowledged_request(instance: bootstrap.Instance, supplier: Any,
                                                                  network_operator: Any) -> None:
    _pg_reachable()
    _check(_drill(instance, "--database", "postgresql", "--postgres-url", PG_URL), "postgresql")
    engine = create_engine(PG_URL)
    with engine.connect() as conn:  # the drill dropped the databases it made
        left = conn.execute(text("select count(*) from pg_database where datname like 'gbdcc_dr_%'")).scalar_one()
    engine.dispose()
    assert left == 0


def test_r_dr_1_lost_counts_acknowledged_requests_the_restore_lacks(instance: bootstrap.Instance, supplier: Any,
                                                                    tmp_path: Path) -> None:
    data_dir = instance.settings.data_dir
    backup(data_dir, tmp_path / "before")  # taken before the requests: a restore of it lacks them
    ids = []
    with TestClient(bootstrap.build_app(instance)) as client:
        for n in range(1, 4):
            body = supplier.request("12.2", PRENOTIFY.format(n=n), counter=n)
            reply = client.post("/api/v1/serviceD", content=body, headers={"Content-Type": "application/xml"})
            assert reply.headers["X-GBDCC-Response-Code"] == "I0"
            ids.append(f"{SUPPLIER}:90-B3-D5-1F-30-00-00-02:{n}")
    restore(tmp_path / "before", tmp_path / "restored")
    assert _lost(data_dir, None, ids) == 0
    assert _lost(tmp_path / "restored", None, ids) == 3


def test_r_dr_1_backup_and_restore_cli_round_trip(instance: bootstrap.Instance, supplier: Any,
                                                  tmp_path: Path) -> None:
    data_dir = instance.settings.data_dir
    cert = instance.identity.xml_signing_cert
    assert instance.engine is not None
    instance.engine.dispose()
    made = _gbdcc("dr", "backup", "--out", str(tmp_path / "bk"), "--data-dir", str(data_dir))
    assert made.returncode == 0, made.stderr
    done = _gbdcc("dr", "restore", "--from", str(tmp_path / "bk"), "--data-dir", str(tmp_path / "new"))
    assert done.returncode == 0, done.stderr
    again = _gbdcc("dr", "restore", "--from", str(tmp_path / "bk"), "--data-dir", str(tmp_path / "new"))
    assert again.returncode == 2 and "GBDCC-542" in again.stderr
    restored = bootstrap.open_instance(Settings(data_dir=tmp_path / "new"))
    with restored.uow_factory(read_only=True) as uow:
        assert {str(u.user_id) for u in uow.users.list()} == {SUPPLIER}
    assert restored.identity.xml_signing_cert == cert  # the DCC's identity came with the backup
