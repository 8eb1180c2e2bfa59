"""DUIS Service Response builder (DUIS 5.4 XSD ``sr:Response``; DOMAIN.md §2).

``sr:Response`` (``schemaVersion="5.4"``, namespaces ``sr`` and ``ra`` declared on the root as the DCC
does) → ``sr:Header`` {``RequestID``?, ``ResponseID``?, ``ResponseCode``, ``ResponseDateTime``} →
``sr:Body`` → one of ``ResponseMessage`` {``ServiceReference``, ``ServiceReferenceVariant``, optional
payload} or ``DeviceAlertMessage`` → ``ds:Signature`` (added by :func:`sign_response`).

Inputs are plain values and the small dataclasses below, so this module does not depend on the domain
model. Error responses carry no payload (``acknowledgement-error.xml`` sample).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from lxml import etree

from gbdcc.domain.errors import InvalidIdentifier
from gbdcc.domain.ids import RequestId

from .namespaces import RA, SCHEMA_VERSION, SR, sr
from .request import EUI_PATTERN, REQUEST_ID_PATTERN
from .signature import sign_document

MAX_INVENTORY_DEVICES = 17
"""``sr:DSPInventory`` holds at most 17 ``Device`` entries (XSD ``maxOccurs``)."""

DEVICE_TYPES = frozenset({"ESME", "GSME", "GPF", "CHF", "HCALCS", "PPMID", "IHD", "CAD"})
DEVICE_STATUSES = frozenset({
    "Pending", "Whitelisted", "InstalledNotCommissioned", "Commissioned", "Decommissioned", "Withdrawn",
    "Suspended", "Recovery", "Recovered",
})
CSP_REGIONS = frozenset({"North", "Central", "South", "4G North", "4G Central", "4G South", "Unknown", "SMETS1"})
LIST_STATUSES = frozenset({"Active", "Cancelled", "Expired", "Withdrawn"})
CONNECTIVITY = frozenset({"Cellular", "Virtual"})
LIKELIHOODS = frozenset({"High", "Medium", "Low"})
_RESPONSE_CODE = re.compile(r"^(?:I0|I99|[EW][0-9]{1,7})$")
_SERVICE_REFERENCE = re.compile(r"^[0-9]{1,2}(?:\.[0-9]{1,2}){1,2}$")


@dataclass(frozen=True, slots=True)
class PropertyFilter:
    """``sr:PropertyFilter``: post code (6-8 characters) and address identifier (≤ 30)."""

    post_code: str
    address_identifier: str


@dataclass(frozen=True, slots=True)
class InventoryDevice:
    """One ``sr:Device`` of a ``DSPInventory`` (fields in the XSD's element order)."""

    device_id: str
    device_type: str
    device_manufacturer: str = ""
    device_model: str = ""
    device_status: str | None = None
    smets_chts_version: str | None = None
    device_firmware_version: str | None = None
    device_firmware_version_status: str | None = None
    cpl_status: str | None = None
    date_commissioned: date | None = None
    import_mpxn: str | None = None
    secondary_import_mpan: str | None = None
    export_mpan: str | None = None
    esme_variant: str | None = None
    uprn: int | None = None
    property_filter: PropertyFilter | None = None
    csp_region: str | None = None
    device_gbcs_version: str | None = None
    han_variant: str | None = None
    s1sp: str | None = None
    connectivity: str | None = None


@dataclass(frozen=True, slots=True)
class PreCommand:
    """``sr:PreCommand``: the GBCS Pre-Command returned for a critical request (CV 4)."""

    gbcs_version: str
    gbcs_payload: bytes


@dataclass(frozen=True, slots=True)
class GbcsPayload:
    """``sr:GBCSPayload``: a device's GBCS response (or command for local delivery)."""

    payload: bytes


@dataclass(frozen=True, slots=True)
class LocalCommand:
    """``sr:LocalCommand``: the GBCS command for local delivery (CV2 / CV6)."""

    gbcs_payload: bytes


@dataclass(frozen=True, slots=True)
class DspInventory:
    devices: Sequence[InventoryDevice]


@dataclass(frozen=True, slots=True)
class DspScheduleId:
    """``sr:DSPScheduleID`` (0 … 10¹²) returned when the DCC creates a schedule (SRV 5.1)."""

    schedule_id: int


@dataclass(frozen=True, slots=True)
class ScheduleDetails:
    """``sr:DSPSchedule`` as 5.2 reads it back (XSD element order). ``body_element`` is the ``DSP…`` choice,
    ``body_fields`` its children as (name, text) — the ``ReadLogPeriodOffset`` values, or none."""

    frequency: str
    start_date: date
    service_reference: str
    service_reference_variant: str
    device_id: str
    body_element: str
    body_fields: Sequence[tuple[str, str]] = ()
    end_date: date | None = None
    execution_start_time: str | None = None
    ka_credential: str | None = None


@dataclass(frozen=True, slots=True)
class DspSchedulesRead:
    """``sr:DSPSchedulesRead``: 1-99 ``DSPSchedules`` (DSPScheduleID and its details)."""

    schedules: Sequence[tuple[int, ScheduleDetails]]


@dataclass(frozen=True, slots=True)
class DspScheduledMessage:
    """``sr:DSPScheduledMessage``: a device's GBCS response to a DCC-scheduled request, and the schedule."""

    gbcs_payload: bytes
    schedule_id: int


@dataclass(frozen=True, slots=True)
class WanMatrixEntry:
    """One ``sr:DSPWANMatrixResponse``: a CSP region's coverage answer (12.1 Request WAN Matrix)."""

    csp_region: str
    region_response_code: str = "I0"
    coverage_availability: bool | None = None  # None: no coverage part (region could not answer)
    anticipated_coverage_date: date | None = None
    wan_technology: str = ""
    connectivity_likelihood: str = "High"
    auxiliary_equipment_required: str | None = None
    additional_information: str | None = None


@dataclass(frozen=True, slots=True)
class DspWanMatrix:
    """``sr:DSPWANMatrix``: the request echoed (``UPRN`` or ``PartialAddress``) and one entry per region."""

    entries: Sequence[WanMatrixEntry]
    uprn: int | None = None
    partial_address: PropertyFilter | None = None


Payload = (GbcsPayload | PreCommand | LocalCommand | DspInventory | DspScheduleId | DspWanMatrix | DspSchedulesRead
           | DspScheduledMessage)
MAX_SCHEDULES_READ = 99
"""``sr:DSPSchedulesRead`` holds at most 99 ``DSPSchedules`` (XSD ``maxOccurs``)."""
FREQUENCIES = frozenset({"Daily", "Weekly", "Monthly", "Quarterly", "Half-Yearly", "Yearly"})


def format_datetime(at: datetime) -> str:
    """``ResponseDateTime``: UTC, millisecond precision, ``Z`` suffix (as the DCC emits it)."""
    if at.tzinfo is None:
        raise ValueError("ResponseDateTime needs a timezone-aware datetime")
    utc = at.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _id_text(value: str | RequestId | None, what: str) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if not REQUEST_ID_PATTERN.match(text):
        raise InvalidIdentifier(f"{what} is not <EUI-64>:<EUI-64>:<counter>: {text!r}")
    RequestId.parse(text)  # counter range
    return text


def _el(parent: etree._Element, local: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, sr(local))
    if text is not None:
        el.text = text
    return el


def _opt(parent: etree._Element, local: str, value: object | None) -> None:
    if value is not None:
        _el(parent, local, value.isoformat() if isinstance(value, date) else str(value))


def _check_enum(value: str | None, allowed: frozenset[str], what: str) -> None:
    if value is not None and value not in allowed:
        raise ValueError(f"{what} {value!r} is not one of {sorted(allowed)}")


def _device(parent: etree._Element, d: InventoryDevice) -> None:
    if not EUI_PATTERN.match(d.device_id):
        raise InvalidIdentifier(f"DeviceID is not a hyphenated EUI-64: {d.device_id!r}")
    _check_enum(d.device_type, DEVICE_TYPES, "DeviceType")
    _check_enum(d.device_status, DEVICE_STATUSES, "DeviceStatus")
    _check_enum(d.device_firmware_version_status, LIST_STATUSES, "DeviceFirmwareVersionStatus")
    _check_enum(d.cpl_status, LIST_STATUSES, "CPLStatus")
    _check_enum(d.csp_region, CSP_REGIONS, "CSPRegion")
    _check_enum(d.connectivity, CONNECTIVITY, "Connectivity")
    if len(d.device_manufacturer) > 30 or len(d.device_model) > 30:
        raise ValueError("DeviceManufacturer / DeviceModel are at most 30 characters")
    dev = _el(parent, "Device")
    _el(dev, "DeviceID", d.device_id.upper())
    _el(dev, "DeviceType", d.device_type)
    _opt(dev, "DeviceStatus", d.device_status)
    _el(dev, "DeviceManufacturer", d.device_manufacturer)
    _el(dev, "DeviceModel", d.device_model)
    _opt(dev, "SMETSCHTSVersion", d.smets_chts_version)
    _opt(dev, "DeviceFirmwareVersion", d.device_firmware_version)
    _opt(dev, "DeviceFirmwareVersionStatus", d.device_firmware_version_status)
    _opt(dev, "CPLStatus", d.cpl_status)
    _opt(dev, "DateCommissioned", d.date_commissioned)
    _opt(dev, "ImportMPxN", d.import_mpxn)
    _opt(dev, "SecondaryImportMPAN", d.secondary_import_mpan)
    _opt(dev, "ExportMPAN", d.export_mpan)
    _opt(dev, "ESMEVariant", d.esme_variant)
    _opt(dev, "UPRN", d.uprn)
    if d.property_filter is not None:
        pf = _el(dev, "PropertyFilter")
        _el(pf, "PostCode", d.property_filter.post_code)
        _el(pf, "AddressIdentifier", d.property_filter.address_identifier)
    _opt(dev, "CSPRegion", d.csp_region)
    _opt(dev, "DeviceGBCSVersion", d.device_gbcs_version)
    _opt(dev, "HANVariant", d.han_variant)
    _opt(dev, "S1SP", d.s1sp)
    _opt(dev, "Connectivity", d.connectivity)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _wan_matrix(parent: etree._Element, payload: DspWanMatrix) -> None:
    if not payload.entries:
        raise ValueError("DSPWANMatrix needs at least one DSPWANMatrixResponse")
    if (payload.uprn is None) == (payload.partial_address is None):
        raise ValueError("DSPWANMatrix echoes exactly one of UPRN or PartialAddress")
    matrix = _el(parent, "DSPWANMatrix")
    request = _el(matrix, "Request")
    if payload.uprn is not None:
        _el(request, "UPRN", str(payload.uprn))
    else:
        assert payload.partial_address is not None
        address = _el(request, "PartialAddress")
        _el(address, "PostCode", payload.partial_address.post_code)
        _el(address, "AddressIdentifier", payload.partial_address.address_identifier)
    for entry in payload.entries:
        _check_enum(entry.csp_region, CSP_REGIONS, "CSPRegion")
        if not _RESPONSE_CODE.match(entry.region_response_code):
            raise ValueError(f"not a DUIS ResponseCode: {entry.region_response_code!r}")
        item = _el(matrix, "DSPWANMatrixResponse")
        _el(item, "CSPRegion", entry.csp_region)
        _el(item, "CSPRegionResponseCode", entry.region_response_code)
        if entry.coverage_availability is None:
            continue
        if not 1 <= len(entry.wan_technology) <= 30:
            raise ValueError(f"WANTechnology is 1-30 characters: {entry.wan_technology!r}")
        _check_enum(entry.connectivity_likelihood, LIKELIHOODS, "ConnectivityLikelihood")
        _el(item, "CoverageAvailability", "true" if entry.coverage_availability else "false")
        _opt(item, "AnticipatedCoverageDate", entry.anticipated_coverage_date)
        _el(item, "WANTechnology", entry.wan_technology)
        _el(item, "ConnectivityLikelihood", entry.connectivity_likelihood)
        _opt(item, "AuxiliaryEquipmentRequired", entry.auxiliary_equipment_required)
        _opt(item, "AdditionalInformation", entry.additional_information)


def _schedule_id(value: int) -> str:
    if not 0 <= value <= 10**12:
        raise ValueError(f"DSPScheduleID out of range: {value}")
    return str(value)


def _schedule(parent: etree._Element, d: ScheduleDetails) -> None:
    _check_enum(d.frequency, FREQUENCIES, "ScheduleFrequency")
    if not EUI_PATTERN.match(d.device_id):
        raise InvalidIdentifier(f"DeviceID is not a hyphenated EUI-64: {d.device_id!r}")
    _el(parent, "ScheduleFrequency", d.frequency)
    _el(parent, "ScheduleStartDate", d.start_date.isoformat())
    _opt(parent, "ScheduleEndDate", d.end_date)
    _opt(parent, "ScheduleExecutionStartTime", d.execution_start_time)
    _opt(parent, "KAPublicSecurityCredential", d.ka_credential)
    _el(parent, "DSPScheduledServiceReference", d.service_reference)
    _el(parent, "DSPScheduledServiceReferenceVariant", d.service_reference_variant)
    _el(parent, "DeviceID", d.device_id.upper())
    body = _el(parent, d.body_element)
    for name, text in d.body_fields:
        _el(body, name, text)


def _schedules_read(parent: etree._Element, payload: DspSchedulesRead) -> None:
    if not 1 <= len(payload.schedules) <= MAX_SCHEDULES_READ:
        raise ValueError(f"DSPSchedulesRead holds 1-{MAX_SCHEDULES_READ} schedules, got {len(payload.schedules)}")
    read = _el(parent, "DSPSchedulesRead")
    for schedule_id, details in payload.schedules:
        entry = _el(read, "DSPSchedules")
        _el(entry, "DSPScheduleID", _schedule_id(schedule_id))
        _schedule(_el(entry, "DSPScheduleDetails"), details)


def _payload(parent: etree._Element, payload: Payload) -> None:
    if isinstance(payload, GbcsPayload):
        _el(parent, "GBCSPayload", _b64(payload.payload))
    elif isinstance(payload, LocalCommand):
        _el(_el(parent, "LocalCommand"), "GBCSPayload", _b64(payload.gbcs_payload))
    elif isinstance(payload, PreCommand):
        pc = _el(parent, "PreCommand")
        _el(pc, "GBCSVersion", payload.gbcs_version)
        _el(pc, "GBCSPayload", _b64(payload.gbcs_payload))
    elif isinstance(payload, DspInventory):
        if not 1 <= len(payload.devices) <= MAX_INVENTORY_DEVICES:
            raise ValueError(f"DSPInventory holds 1-{MAX_INVENTORY_DEVICES} devices, got {len(payload.devices)}")
        inv = _el(parent, "DSPInventory")
        for device in payload.devices:
            _device(inv, device)
    elif isinstance(payload, DspWanMatrix):
        _wan_matrix(parent, payload)
    elif isinstance(payload, DspScheduleId):
        _el(parent, "DSPScheduleID", _schedule_id(payload.schedule_id))
    elif isinstance(payload, DspSchedulesRead):
        _schedules_read(parent, payload)
    elif isinstance(payload, DspScheduledMessage):
        message = _el(parent, "DSPScheduledMessage")
        _el(message, "GBCSPayload", _b64(payload.gbcs_payload))
        _el(message, "DSPScheduleID", _schedule_id(payload.schedule_id))
    else:  # pragma: no cover - type checkers catch this
        raise TypeError(f"unsupported payload {type(payload).__name__}")


def _envelope(
    request_id: str | RequestId | None, response_id: str | RequestId | None, response_code: str, at: datetime
) -> tuple[etree._Element, etree._Element]:
    if not _RESPONSE_CODE.match(response_code):
        raise ValueError(f"not a DUIS ResponseCode: {response_code!r}")
    root = etree.Element(sr("Response"), nsmap={"sr": SR, "ra": RA})
    root.set("schemaVersion", SCHEMA_VERSION)
    header = _el(root, "Header")
    _opt(header, "RequestID", _id_text(request_id, "RequestID"))
    _opt(header, "ResponseID", _id_text(response_id, "ResponseID"))
    _el(header, "ResponseCode", response_code)
    _el(header, "ResponseDateTime", format_datetime(at))
    return root, _el(root, "Body")


def build_response(
    *,
    response_code: str,
    at: datetime,
    service_reference: str,
    service_reference_variant: str,
    request_id: str | RequestId | None = None,
    response_id: str | RequestId | None = None,
    payload: Payload | None = None,
) -> etree._Element:
    """An unsigned ``sr:Response`` with a ``ResponseMessage`` body (payload optional)."""
    for value, what in ((service_reference, "ServiceReference"), (service_reference_variant, "SRV")):
        if not _SERVICE_REFERENCE.match(value):
            raise ValueError(f"{what} is not of the form n.n[.n]: {value!r}")
    root, body = _envelope(request_id, response_id, response_code, at)
    msg = _el(body, "ResponseMessage")
    _el(msg, "ServiceReference", service_reference)
    _el(msg, "ServiceReferenceVariant", service_reference_variant)
    if payload is not None:
        _payload(msg, payload)
    return root


def build_error_response(
    *,
    response_code: str,
    at: datetime,
    service_reference: str,
    service_reference_variant: str,
    request_id: str | RequestId | None = None,
) -> etree._Element:
    """An error (or bare acknowledgement) response: header + ``ResponseMessage`` without payload."""
    return build_response(
        response_code=response_code,
        at=at,
        service_reference=service_reference,
        service_reference_variant=service_reference_variant,
        request_id=request_id,
    )


def build_device_alert(
    *,
    alert_code: int,
    gbcs_payload: bytes,
    at: datetime,
    response_id: str | RequestId | None = None,
    request_id: str | RequestId | None = None,
    response_code: str = "I0",
) -> etree._Element:
    """An ``sr:DeviceAlertMessage`` (GBCS alert code as 2-byte hex, alert payload in base64)."""
    if not 0 <= alert_code <= 0xFFFF:
        raise ValueError(f"GBCS alert code out of range: {alert_code}")
    root, body = _envelope(request_id, response_id, response_code, at)
    alert = _el(body, "DeviceAlertMessage")
    _el(alert, "AlertCode", f"{alert_code:04X}")
    _el(alert, "GBCSPayload", _b64(gbcs_payload))
    return root


#: ``sr:DCCAlertCode`` values (DUIS 5.4 XSD enumeration).
DCC_ALERT_CODES = frozenset({"AD1", "N999", *(f"N{n}" for n in range(1, 66) if n != 32)})
DCCAlertFields = dict[str, "DCCAlertValue"]
DCCAlertValue = str | dict[str, "DCCAlertValue"] | list["DCCAlertValue"]


def _fields(parent: etree._Element, fields: DCCAlertFields) -> None:
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:  # a list: the element repeated
            if isinstance(item, dict):
                _fields(_el(parent, name), item)
            elif isinstance(item, str):
                _el(parent, name, item)
            else:
                raise ValueError(f"DCC alert field {name}: nested lists are not DUIS")


def build_dcc_alert(
    *,
    code: str,
    alert: str,
    fields: DCCAlertFields,
    at: datetime,
    response_id: str | RequestId | None = None,
    request_id: str | RequestId | None = None,
    response_code: str = "I0",
) -> etree._Element:
    """An ``sr:DCCAlertMessage``: the DCC alert code and one ``sr:DCCAlert`` choice element ``alert``
    whose children are ``fields`` (nested mappings, written in the given order — the XSD's)."""
    if code not in DCC_ALERT_CODES:
        raise ValueError(f"not a DUIS DCCAlertCode: {code!r}")
    root, body = _envelope(request_id, response_id, response_code, at)
    message = _el(body, "DCCAlertMessage")
    _el(message, "DCCAlertCode", code)
    _fields(_el(_el(message, "DCCAlert"), alert), fields)
    return root


def sign_response(root: etree._Element, key: ec.EllipticCurvePrivateKey, cert: x509.Certificate) -> bytes:
    """Sign a built response with the DCC's XML-signing key; compact UTF-8 bytes."""
    return sign_document(root, key, cert)
