"""InventoryRepository contract: the Smart Metering Inventory (DUIS 8.2, 8.4, 12.2; DOMAIN.md §4)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from gbdcc.adapters.db.errors import NaiveDatetime
from gbdcc.domain.errors import DeviceAlreadyExists, DeviceUnknown
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus, StatusChange
from gbdcc.service.ports import UnitOfWorkFactory

S = SmiStatus


def full_device(s: SimpleNamespace) -> Device:
    """A device with every field set, EUIs ≥ 2^63, and a multi-step history."""
    t = s.T0
    d = s.device(
        1,
        device_id=Eui64(2**64 - 1),
        device_type=DeviceType.GSME,
        manufacturer="Acme Meters",
        model="GSME-2 ü",
        smets_chts_version="SMETS2 v5.1",
        firmware_version="1.2.3-rc",
        esme_variant="A",
        import_mpxn="1312345678111",
        secondary_import_mpan="1312345678129",
        export_mpan="1312345678137",
        uprn="100023336956",
        postcode="SW1A 1AA",
        address_identifier="Flat 1",
        csp_region="North",
        chf_id=s.BIG,
        associated_gpf_id=Eui64(2**63),
        supplier_credentials=Eui64(2**64 - 2),
        network_operator_credentials=Eui64(0x90B3D51F30020000),
    )
    d = d.change_status(S.WHITELISTED, t + timedelta(minutes=1), "8.4 whitelist")
    d = d.change_status(S.INSTALLED_NOT_COMMISSIONED, t + timedelta(minutes=2), "install")
    return d.change_status(S.COMMISSIONED, t + timedelta(days=1, microseconds=7), "commissioned")


def test_round_trip_of_every_field(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    d = full_device(s)
    assert d.date_commissioned == date(2026, 3, 2)
    with uow_factory() as uow:
        uow.inventory.add(d)
        uow.commit()
    with uow_factory() as uow:
        got = uow.inventory.get(d.device_id)
    assert got == d
    assert got is not None
    assert [c.status for c in got.history] == [S.PENDING, S.WHITELISTED, S.INSTALLED_NOT_COMMISSIONED,
                                               S.COMMISSIONED]
    assert all(c.at.tzinfo is not None and c.at.utcoffset() == timedelta(0) for c in got.history)
    assert got.status_at.utcoffset() == timedelta(0)


def test_minimal_device_and_empty_history(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    d = Device(Eui64(0), DeviceType.IHD, S.PENDING, s.T0)
    with uow_factory() as uow:
        uow.inventory.add(d)
        assert uow.inventory.get(Eui64(0)) == d
        assert uow.inventory.get(Eui64(1)) is None


def test_datetimes_come_back_in_utc(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    bst = timezone(timedelta(hours=1))
    at = datetime(2026, 7, 1, 12, 0, tzinfo=bst)
    d = s.device(2, status_at=at)
    with uow_factory() as uow:
        uow.inventory.add(d)
        got = uow.inventory.get(d.device_id)
    assert got is not None
    assert got.status_at == datetime(2026, 7, 1, 11, 0, tzinfo=UTC) and got.status_at.tzinfo is not None
    assert got.status_at.utcoffset() == timedelta(0) and got.history[0].at.utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused_and_nothing_is_written(
    uow_factory: UnitOfWorkFactory, s: SimpleNamespace
) -> None:
    naive = s.T0.replace(tzinfo=None)
    with uow_factory() as uow:
        with pytest.raises(NaiveDatetime):
            uow.inventory.add(s.device(3, status_at=naive))
        d = s.device(4)
        with pytest.raises(NaiveDatetime):
            uow.inventory.add(replace(d, history=(*d.history, StatusChange(S.WHITELISTED, naive, "x"))))
        assert uow.inventory.get(s.device(3).device_id) is None
        assert uow.inventory.get(d.device_id) is None


def test_add_twice_is_refused(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        uow.inventory.add(s.device(1))
        with pytest.raises(DeviceAlreadyExists):
            uow.inventory.add(s.device(1, model="other"))
        assert uow.inventory.get(s.device(1).device_id) == s.device(1)


def test_update_replaces_fields_and_extends_history(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    d = s.device(1, import_mpxn="1312345678111")
    with uow_factory() as uow:
        uow.inventory.add(d)
        uow.commit()
    d2 = replace(d.change_status(S.WHITELISTED, s.T0 + timedelta(hours=1), "8.4"), import_mpxn="2000000000000",
                 firmware_version="2.0")
    d3 = d2.change_status(S.COMMISSIONED, s.T0 + timedelta(hours=2), "commission")
    with uow_factory() as uow:
        uow.inventory.update(d2)
        uow.inventory.update(d3)
        uow.commit()
    with uow_factory() as uow:
        assert uow.inventory.get(d.device_id) == d3
        assert list(uow.inventory.by_mpxn("1312345678111", 10)) == []
        assert list(uow.inventory.by_mpxn("2000000000000", 10)) == [d3]


def test_update_may_rewrite_or_shorten_history(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    d = full_device(s)
    with uow_factory() as uow:
        uow.inventory.add(d)
        rewritten = replace(d, history=(d.history[0], StatusChange(S.SUSPENDED, s.T0, "corrected")))
        uow.inventory.update(rewritten)
        assert uow.inventory.get(d.device_id) == rewritten
        shorter = replace(d, history=())
        uow.inventory.update(shorter)
        assert uow.inventory.get(d.device_id) == shorter


def test_update_of_unknown_device_is_refused(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        with pytest.raises(DeviceUnknown):
            uow.inventory.update(s.device(9))
        assert uow.inventory.get(s.device(9).device_id) is None


def test_delete_removes_device_and_history(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    d = full_device(s)
    with uow_factory() as uow:
        uow.inventory.add(d)
        uow.commit()
    with uow_factory() as uow:
        uow.inventory.delete(d.device_id)
        uow.inventory.delete(Eui64(12345))  # absent: no-op
        uow.commit()
    with uow_factory() as uow:
        assert uow.inventory.get(d.device_id) is None
        fresh = s.device(77, device_id=d.device_id)  # the ID can be pre-notified again, history fresh
        uow.inventory.add(fresh)
        assert uow.inventory.get(d.device_id) == fresh


def _estate(s: SimpleNamespace) -> list[Device]:
    """Two premises on one postcode, a third elsewhere; one CHF per premises."""
    chf_a, chf_b, chf_c = Eui64(2**63 + 1), Eui64(5), Eui64(2**64 - 2)
    out = []
    for n, (mpxn, uprn, pc, addr, chf) in enumerate(
        [
            ("1111111111111", "1001", "AB1 2CD", "1", chf_a),
            ("1111111111111", "1001", "AB1 2CD", "1", chf_a),
            ("2222222222", "1001", "AB1 2CD", "1", chf_a),
            ("3333333333333", "1002", "AB1 2CD", "2", chf_b),
            ("4444444444444", "1003", "ZZ9 9ZZ", None, chf_c),
        ]
    ):
        out.append(s.device(n, device_id=Eui64((2**63 + 1000 - 600 * n) % 2**64), import_mpxn=mpxn, uprn=uprn,
                            postcode=pc, address_identifier=addr, chf_id=chf))
    return out


def _ids(devices: object) -> list[int]:
    return [d.device_id.value for d in devices]  # type: ignore[attr-defined]


def test_queries_by_mpxn_uprn_postcode_and_chf(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    estate = _estate(s)
    by_id = sorted(estate, key=lambda d: d.device_id.value)
    with uow_factory() as uow:
        for d in estate:
            uow.inventory.add(d)
        uow.commit()
    with uow_factory() as uow:
        inv = uow.inventory
        same_mpan = [d for d in by_id if d.import_mpxn == "1111111111111"]
        assert list(inv.by_mpxn("1111111111111", 10)) == same_mpan  # full records, ordered by device ID
        assert _ids(inv.by_mpxn("1111111111111", 1)) == _ids(same_mpan[:1])
        assert list(inv.by_mpxn("2222222222", 10)) == [estate[2]]
        assert list(inv.by_mpxn("9999999999999", 10)) == []
        assert _ids(inv.by_uprn("1001", 10)) == _ids(d for d in by_id if d.uprn == "1001")
        assert _ids(inv.by_uprn("1001", 2)) == _ids([d for d in by_id if d.uprn == "1001"][:2])
        assert _ids(inv.by_postcode("AB1 2CD", None, 10)) == _ids(d for d in by_id if d.postcode == "AB1 2CD")
        assert _ids(inv.by_postcode("AB1 2CD", "2", 10)) == [estate[3].device_id.value]
        assert _ids(inv.by_postcode("AB1 2CD", "1", 2)) == _ids(
            [d for d in by_id if d.address_identifier == "1"][:2])
        assert _ids(inv.by_postcode("ZZ9 9ZZ", None, 10)) == [estate[4].device_id.value]
        assert list(inv.by_postcode("AB1 2CD", "9", 10)) == []
        assert list(inv.by_postcode("AB1 2CD", None, 0)) == []
        assert _ids(inv.by_chf(Eui64(2**63 + 1))) == _ids(d for d in by_id if d.chf_id == Eui64(2**63 + 1))
        assert list(inv.by_chf(Eui64(2**64 - 2))) == [estate[4]]
        assert list(inv.by_chf(Eui64(99))) == []
        # history comes with every device of a multi-device answer
        assert all(d.history and d.history[0].status == S.PENDING for d in inv.by_uprn("1001", 10))
