"""The CplRepository contract on every backend (memory, SQLite, PostgreSQL): a verified CPL version round-trips
every field (the signed file byte for byte), the one in force is the highest version, a version is stored once,
and naive instants are refused (R-PKI-2)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from gbdcc.adapters.db.errors import NaiveDatetime
from gbdcc.domain.cpl import CplRecord
from gbdcc.domain.errors import CplVersionStale
from gbdcc.service.ports import UnitOfWorkFactory

from .conftest import T0


def record(version: int, **kw: object) -> CplRecord:
    values: dict[str, object] = dict(
        version=version, issued_at=T0, loaded_at=T0 + timedelta(seconds=1), signer="2.5.4.45=#00,CN=SECCo ✓",
        signer_serial="6ED2EC87156B949231D57CF7CA1EC995", party_signifier="90-B3-D5-1F-30-5E-CC-00",
        sha256="f" * 64, entries=2, signed_file=bytes(range(256)) * 4 + b"\x00")
    values.update(kw)
    return CplRecord(**values)  # type: ignore[arg-type]


def test_versions_round_trip_and_the_highest_is_in_force(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory(read_only=True) as uow:
        assert uow.cpl.in_force() is None and list(uow.cpl.versions()) == []
    first, third = record(1), record(3, entries=0, signed_file=b"")
    with uow_factory() as uow:
        uow.cpl.add(third)
        uow.cpl.add(first)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.cpl.in_force() == third
        assert list(uow.cpl.versions()) == [third, first]


def test_a_version_is_stored_once_and_the_unit_carries_on(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.cpl.add(record(2))
        with pytest.raises(CplVersionStale):
            uow.cpl.add(record(2, sha256="0" * 64))
        uow.cpl.add(record(5))
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert [r.version for r in uow.cpl.versions()] == [5, 2]
        assert uow.cpl.versions()[1].sha256 == "f" * 64


def test_naive_instants_are_refused(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow, pytest.raises(NaiveDatetime):
        uow.cpl.add(replace(record(1), loaded_at=T0.replace(tzinfo=None)))
