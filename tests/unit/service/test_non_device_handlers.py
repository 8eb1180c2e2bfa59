"""Non-Device handlers over the in-memory unit of work (no XML, no HTTP): the SMI rules of 12.2, 8.2, 8.3,
8.4 and 8.14.x."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from gbdcc.adapters.db.memory import InMemoryUnitOfWorkFactory
from gbdcc.adapters.wan.coverage import CoverageMap
from gbdcc.adapters.wan.coverage_db import SimulatedCoverageDatabase
from gbdcc.domain.catalogue import lookup
from gbdcc.domain.errors import (
    DeviceAlreadyExists,
    DeviceTypeIncompatible,
    DeviceUnknown,
    HeaderInvalid,
    InvalidStatusTransition,
)
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus, StatusChange
from gbdcc.domain.parties import UserRole
from gbdcc.service.handlers import HandlerResult, RequestContext
from gbdcc.service.messages import InboundRequest
from gbdcc.service.non_device import non_device_handlers

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
ESME = Eui64.parse("00-DB-12-34-56-78-90-B0")
CHF = Eui64.parse("00-DB-12-34-56-78-90-B2")
GPF = Eui64.parse("00-DB-12-34-56-78-90-B3")
HANDLERS = non_device_handlers(SimulatedCoverageDatabase(CoverageMap()))
RID = RequestId.parse("90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:1")


def run(factory: InMemoryUnitOfWorkFactory, srv: str, body_name: str, body: Mapping[str, object]) -> HandlerResult:
    entry = lookup(srv)
    request = InboundRequest(b"", RID, 8, entry.service_reference, srv, body_name, body,  # type: ignore[arg-type]
                             "CN=X", 1)
    with factory() as uow:
        result = HANDLERS[srv](uow, RequestContext(request, entry, UserRole.IMPORT_SUPPLIER, NOW, False))
        uow.commit()
    return result


def device(factory: InMemoryUnitOfWorkFactory, eui: Eui64) -> Device | None:
    with factory() as uow:
        return uow.inventory.get(eui)


@pytest.fixture
def factory() -> InMemoryUnitOfWorkFactory:
    f = InMemoryUnitOfWorkFactory()
    with f() as uow:
        for eui, kind in ((CHF, DeviceType.CHF), (GPF, DeviceType.GPF)):
            uow.inventory.add(Device(eui, kind, SmiStatus.PENDING, NOW,
                                     chf_id=CHF if kind is DeviceType.GPF else None,
                                     history=(StatusChange(SmiStatus.PENDING, NOW, "seed"),)))
        uow.commit()
    return f


PRENOTIFY = {"DeviceID": str(ESME), "DeviceManufacturer": "AB01", "DeviceModel": "010A030B", "DeviceType": "ESME",
             "FirmwareVersion": "0002012F", "ESMEVariant": "AD"}


def test_12_2_adds_a_pending_device_once(factory: InMemoryUnitOfWorkFactory) -> None:
    run(factory, "12.2", "DevicePrenotification", PRENOTIFY)
    added = device(factory, ESME)
    assert added is not None
    assert (added.status, added.manufacturer, added.esme_variant) == (SmiStatus.PENDING, "AB01", "AD")
    with pytest.raises(DeviceAlreadyExists):
        run(factory, "12.2", "DevicePrenotification", PRENOTIFY)


def test_12_2_needs_a_known_device_type(factory: InMemoryUnitOfWorkFactory) -> None:
    with pytest.raises(HeaderInvalid):
        run(factory, "12.2", "DevicePrenotification", {**PRENOTIFY, "DeviceType": "TOASTER"})


def test_8_2_reads_by_device_and_by_mpxn_with_the_hub(factory: InMemoryUnitOfWorkFactory) -> None:
    run(factory, "12.2", "DevicePrenotification", PRENOTIFY)
    run(factory, "8.4", "UpdateInventory", {"DeviceID": str(ESME), "UpdateMPxN": {"ImportMPxN": "1312345678907"}})
    with factory() as uow:
        esme = uow.inventory.get(ESME)
        assert esme is not None
        uow.inventory.update(replace(esme, chf_id=CHF))
        uow.commit()
    by_id = run(factory, "8.2", "ReadInventory", {"DeviceID": str(ESME)})
    assert [d.device_id for d in (by_id.payload.devices if by_id.payload else [])] == [ESME]
    by_mpxn = run(factory, "8.2", "ReadInventory", {"MPxN": "1312345678907"})
    assert {d.device_id for d in (by_mpxn.payload.devices if by_mpxn.payload else [])} == {ESME, CHF}
    with pytest.raises(DeviceUnknown):
        run(factory, "8.2", "ReadInventory", {"DeviceID": "00-00-00-00-00-00-00-01"})


def test_8_4_status_choices_respect_device_kind(factory: InMemoryUnitOfWorkFactory) -> None:
    run(factory, "12.2", "DevicePrenotification", PRENOTIFY)
    run(factory, "8.4", "UpdateInventory", {"DeviceID": str(ESME), "UpdateDeviceStatusExceptCH":
                                            "InstalledNotCommissioned"})
    assert device(factory, ESME).status is SmiStatus.INSTALLED_NOT_COMMISSIONED  # type: ignore[union-attr]
    with pytest.raises(DeviceTypeIncompatible):
        run(factory, "8.4", "UpdateInventory", {"DeviceID": str(ESME), "UpdateDeviceStatusCH": "Commissioned"})
    with pytest.raises(DeviceTypeIncompatible):
        run(factory, "8.4", "UpdateInventory", {"DeviceID": str(CHF), "UpdateDeviceStatusExceptCH": "Pending"})


def test_8_4_deletes_only_pending_devices(factory: InMemoryUnitOfWorkFactory) -> None:
    run(factory, "12.2", "DevicePrenotification", PRENOTIFY)
    run(factory, "8.4", "UpdateInventory", {"DeviceID": str(ESME), "UpdateDeviceStatusExceptCH":
                                            "InstalledNotCommissioned"})
    with pytest.raises(InvalidStatusTransition):
        run(factory, "8.4", "UpdateInventory", {"DeviceID": str(ESME), "DeleteDevice": ""})
    run(factory, "8.4", "UpdateInventory", {"DeviceID": str(ESME), "UpdateDeviceStatusExceptCH": "Pending"})
    run(factory, "8.4", "UpdateInventory", {"DeviceID": str(ESME), "DeleteDevice": ""})
    assert device(factory, ESME) is None


def test_8_4_updates_details(factory: InMemoryUnitOfWorkFactory) -> None:
    run(factory, "12.2", "DevicePrenotification", PRENOTIFY)
    details = {"FirmwareVersion": "00030000"}
    run(factory, "8.4", "UpdateInventory", {"DeviceID": str(ESME), "UpdateDeviceDetails": details})
    assert device(factory, ESME).firmware_version == "00030000"  # type: ignore[union-attr]


def test_8_3_decommissions_installed_devices_only(factory: InMemoryUnitOfWorkFactory) -> None:
    run(factory, "12.2", "DevicePrenotification", PRENOTIFY)
    with pytest.raises(InvalidStatusTransition) as err:
        run(factory, "8.3", "DecommissionDevice", {"DeviceID": str(ESME)})
    assert err.value.response_code == "E5"
    run(factory, "8.4", "UpdateInventory", {"DeviceID": str(ESME), "UpdateDeviceStatusExceptCH":
                                            "InstalledNotCommissioned"})
    run(factory, "8.3", "DecommissionDevice", {"DeviceID": str(ESME)})
    assert device(factory, ESME).status is SmiStatus.DECOMMISSIONED  # type: ignore[union-attr]


def test_8_14_hub_lifecycle(factory: InMemoryUnitOfWorkFactory) -> None:
    with pytest.raises(DeviceTypeIncompatible):
        run(factory, "8.14.1", "CHFInstallSuccessSMWAN", {"DeviceID": str(GPF)})
    run(factory, "8.14.2", "CHFInstallSuccessNoSMWAN", {"DeviceID": str(CHF)})
    assert device(factory, CHF).status is SmiStatus.INSTALLED_NOT_COMMISSIONED  # type: ignore[union-attr]
    run(factory, "8.14.1", "CHFInstallSuccessSMWAN", {"DeviceID": str(CHF)})
    assert device(factory, CHF).status is SmiStatus.COMMISSIONED  # type: ignore[union-attr]
    assert device(factory, GPF).status is SmiStatus.INSTALLED_NOT_COMMISSIONED  # type: ignore[union-attr]
    run(factory, "8.14.3", "CHFFaultReturn", {"DeviceID": str(CHF)})
    assert device(factory, CHF).status is SmiStatus.DECOMMISSIONED  # type: ignore[union-attr]
    assert device(factory, GPF).status is SmiStatus.DECOMMISSIONED  # type: ignore[union-attr]


def test_8_14_return_of_an_uninstalled_hub_withdraws_it(factory: InMemoryUnitOfWorkFactory) -> None:
    run(factory, "8.14.4", "CHFNoFaultReturn", {"DeviceID": str(CHF)})
    assert device(factory, CHF).status is SmiStatus.WITHDRAWN  # type: ignore[union-attr]
    assert device(factory, GPF).status is SmiStatus.WITHDRAWN  # type: ignore[union-attr]


def test_12_1_wan_matrix_by_postcode_and_by_uprn() -> None:
    from datetime import datetime as dt

    from gbdcc.adapters.wan.coverage import CoverageStatus

    coverage = CoverageMap()
    coverage.set("M22", CoverageStatus.NOT_COVERED)
    coverage.plan("EH1", dt(2027, 3, 1, tzinfo=UTC))
    handlers = non_device_handlers(SimulatedCoverageDatabase(coverage))
    factory = InMemoryUnitOfWorkFactory()
    with factory() as uow:
        uow.inventory.add(Device(CHF, DeviceType.CHF, SmiStatus.PENDING, NOW, uprn="100023336956",
                                 postcode="EH1 1YZ", history=(StatusChange(SmiStatus.PENDING, NOW, "seed"),)))
        uow.commit()

    def ask(body: Mapping[str, object]) -> HandlerResult:
        entry = lookup("12.1")
        request = InboundRequest(b"", RID, 8, "12.1", "12.1", "RequestWANMatrix", body,  # type: ignore[arg-type]
                                 "CN=X", 1)
        with factory() as uow:
            return handlers["12.1"](uow, RequestContext(request, entry, UserRole.IMPORT_SUPPLIER, NOW, False))

    covered = ask({"PartialAddress": {"PostCode": "SW1A 1AA", "AddressIdentifier": "1"}})
    assert covered.payload is not None and covered.payload.regions[0].available
    assert covered.payload.regions[0].csp_region == "South"
    gap = ask({"PartialAddress": {"PostCode": "M22 0RR", "AddressIdentifier": "Threapwood Road"}})
    assert gap.payload.regions is not None and not gap.payload.regions[0].available
    planned = ask({"UPRN": "100023336956"})
    assert planned.payload.regions is not None
    region = planned.payload.regions[0]
    assert (region.csp_region, region.anticipated_date) == ("North", date(2027, 3, 1))
    assert planned.payload.request == ("UPRN", "100023336956")
    with pytest.raises(DeviceUnknown):
        ask({"UPRN": "1"})
