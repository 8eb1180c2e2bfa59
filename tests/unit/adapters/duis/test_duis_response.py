"""Every response shape we build validates against the DUIS 5.4 XSD and verifies (ours + independent)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

import pytest
from lxml import etree

from gbdcc.adapters.duis.response import (
    DspInventory,
    DspScheduleId,
    GbcsPayload,
    InventoryDevice,
    PreCommand,
    PropertyFilter,
    build_device_alert,
    build_error_response,
    build_response,
    format_datetime,
    sign_response,
)
from gbdcc.adapters.duis.safe_xml import parse_xml
from gbdcc.adapters.duis.signature import verify_signature
from gbdcc.domain.errors import InvalidIdentifier
from gbdcc.domain.ids import RequestId

if TYPE_CHECKING:
    from conftest import Signer

pytestmark = pytest.mark.oracle  # the XSD and the DCC key come from the oracles

AT = datetime(2026, 3, 1, 12, 30, 45, 123456, tzinfo=UTC)
RID = "90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:1766940660265"
RESP_ID = "90-B3-D5-1F-30-00-00-02:90-B3-D5-1F-30-01-00-00:1766940660265"
SR = "{http://www.dccinterface.co.uk/ServiceUserGateway}"

FULL_DEVICE = InventoryDevice(
    device_id="00-DB-12-34-56-78-90-A0", device_type="ESME", device_status="Commissioned",
    device_manufacturer="1234", device_model="ABCD0001", smets_chts_version="SMETS2 V4.2",
    device_firmware_version="01020304", device_firmware_version_status="Active", cpl_status="Active",
    date_commissioned=date(2025, 12, 28), import_mpxn="1312345678111", secondary_import_mpan="1312345678222",
    export_mpan="1312345678333", esme_variant="ADE", uprn=123456789012,
    property_filter=PropertyFilter("AB1 2CD", "Flat 1"), csp_region="4G Central", device_gbcs_version="4.2",
    han_variant="Single Band", s1sp="S1SP", connectivity="Cellular",
)
MINIMAL_DEVICE = InventoryDevice(device_id="00-db-12-34-56-78-90-a4", device_type="IHD")


def _shapes() -> dict[str, etree._Element]:
    common = {"at": AT, "service_reference": "8.2", "service_reference_variant": "8.2", "request_id": RID}
    return {
        "inventory-full": build_response(response_code="I0", response_id=RESP_ID, **common,
                                         payload=DspInventory([FULL_DEVICE])),
        "inventory-17": build_response(response_code="I0", **common,
                                       payload=DspInventory([FULL_DEVICE, MINIMAL_DEVICE] * 8 + [MINIMAL_DEVICE])),
        "gbcs-payload": build_response(response_code="I0", at=AT, service_reference="4.1",
                                       service_reference_variant="4.1.1", request_id=RID, response_id=RESP_ID,
                                       payload=GbcsPayload(bytes(range(40)))),
        "precommand": build_response(response_code="I0", at=AT, service_reference="1.1",
                                     service_reference_variant="1.1.1", request_id=RequestId.parse(RID),
                                     payload=PreCommand("4.0", b"\xdf\x09" + bytes(60))),
        "schedule-id": build_response(response_code="I0", at=AT, service_reference="5.1",
                                      service_reference_variant="5.1", request_id=RID,
                                      payload=DspScheduleId(10**12)),
        "acknowledgement": build_response(response_code="I99", **common),
        "error": build_error_response(response_code="E4", **common),
        "error-no-request-id": build_error_response(response_code="E1", at=AT, service_reference="8.2",
                                                    service_reference_variant="8.2"),
        "srv-specific-code": build_error_response(response_code="E050101", at=AT, service_reference="5.1",
                                                  service_reference_variant="5.1", request_id=RID),
        "device-alert": build_device_alert(alert_code=0x8F66, gbcs_payload=bytes(30), at=AT, response_id=RESP_ID),
    }


SHAPES = _shapes()


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_unsigned_shape_validates(name: str, duis_xsd: etree.XMLSchema) -> None:
    root = SHAPES[name]
    assert duis_xsd.validate(root), duis_xsd.error_log


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_signed_shape_validates_and_verifies(
    name: str, duis_xsd: etree.XMLSchema, dcc: Signer, independent_verify: Callable[[bytes, object], None]
) -> None:
    signed = sign_response(SHAPES[name], dcc.key, dcc.cert)
    root = parse_xml(signed)
    assert duis_xsd.validate(root), duis_xsd.error_log
    assert verify_signature(root, dcc.cert).serial == dcc.cert.serial_number
    independent_verify(signed, dcc.cert)
    assert b">\n<" not in signed.split(b"\n", 1)[1] and signed.count(b"\n") == 1  # compact


def test_header_and_namespaces_match_the_dcc_samples() -> None:
    root = SHAPES["inventory-full"]
    assert root.get("schemaVersion") == "5.4"
    assert root.nsmap == {"sr": SR[1:-1], "ra": "http://www.dccinterface.co.uk/ResponseAndAlert"}
    header = root.find(f"{SR}Header")
    assert [etree.QName(c).localname for c in header] == ["RequestID", "ResponseID", "ResponseCode",
                                                          "ResponseDateTime"]
    assert header.findtext(f"{SR}ResponseDateTime") == "2026-03-01T12:30:45.123Z"


def test_device_elements_in_xsd_order() -> None:
    dev = SHAPES["inventory-full"].find(f"{SR}Body/{SR}ResponseMessage/{SR}DSPInventory/{SR}Device")
    assert [etree.QName(c).localname for c in dev] == [
        "DeviceID", "DeviceType", "DeviceStatus", "DeviceManufacturer", "DeviceModel", "SMETSCHTSVersion",
        "DeviceFirmwareVersion", "DeviceFirmwareVersionStatus", "CPLStatus", "DateCommissioned", "ImportMPxN",
        "SecondaryImportMPAN", "ExportMPAN", "ESMEVariant", "UPRN", "PropertyFilter", "CSPRegion",
        "DeviceGBCSVersion", "HANVariant", "S1SP", "Connectivity",
    ]
    assert dev.findtext(f"{SR}DateCommissioned") == "2025-12-28"


def test_error_response_has_no_payload() -> None:
    msg = SHAPES["error"].find(f"{SR}Body/{SR}ResponseMessage")
    assert [etree.QName(c).localname for c in msg] == ["ServiceReference", "ServiceReferenceVariant"]
    assert SHAPES["error"].findtext(f"{SR}Header/{SR}ResponseCode") == "E4"
    assert SHAPES["error-no-request-id"].find(f"{SR}Header/{SR}RequestID") is None


def test_precommand_payload_is_base64() -> None:
    pc = SHAPES["precommand"].find(f"{SR}Body/{SR}ResponseMessage/{SR}PreCommand")
    assert pc.findtext(f"{SR}GBCSVersion") == "4.0"
    assert pc.findtext(f"{SR}GBCSPayload").startswith("3wkA")


def test_format_datetime() -> None:
    plus_one = timezone(timedelta(hours=1))
    assert format_datetime(datetime(2026, 6, 1, 13, 0, 0, 999999, tzinfo=plus_one)) == "2026-06-01T12:00:00.999Z"
    with pytest.raises(ValueError, match="timezone"):
        format_datetime(datetime(2026, 6, 1))


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"response_code": "OK"}, ValueError, "ResponseCode"),
        ({"request_id": "nonsense"}, InvalidIdentifier, "RequestID"),
        ({"service_reference": "x"}, ValueError, "ServiceReference"),
        ({"payload": DspInventory([MINIMAL_DEVICE] * 18)}, ValueError, "1-17"),
        ({"payload": DspInventory([])}, ValueError, "1-17"),
        ({"payload": DspInventory([InventoryDevice("00DB1234567890A0", "ESME")])}, InvalidIdentifier, "DeviceID"),
        ({"payload": DspInventory([InventoryDevice("00-DB-12-34-56-78-90-A0", "Meter")])}, ValueError,
         "DeviceType"),
        ({"payload": DspInventory([InventoryDevice("00-DB-12-34-56-78-90-A0", "ESME", csp_region="Mars")])},
         ValueError, "CSPRegion"),
        ({"payload": DspScheduleId(10**12 + 1)}, ValueError, "DSPScheduleID"),
    ],
)
def test_builder_refuses_bad_input(kwargs: dict, error: type[Exception], match: str) -> None:
    args = {"response_code": "I0", "at": AT, "service_reference": "8.2", "service_reference_variant": "8.2",
            "request_id": RID} | kwargs
    with pytest.raises(error, match=match):
        build_response(**args)
