"""The ``DuisCodec`` port over the DUIS adapter: bytes ↔ ``InboundRequest`` / ``OutboundResponse``.

Parsing and structural checks are in :mod:`.request`, signatures in :mod:`.signature`, responses in
:mod:`.response`; this module only converts between them and the service layer's plain data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from lxml import etree

from gbdcc.adapters.duis.request import DuisRequest, parse_request
from gbdcc.adapters.duis.response import (
    DCCAlertFields,
    DCCAlertValue,
    DspInventory,
    DspWanMatrix,
    InventoryDevice,
    LocalCommand,
    Payload,
    PreCommand,
    PropertyFilter,
    WanMatrixEntry,
    build_dcc_alert,
    build_device_alert,
    build_response,
    sign_response,
)
from gbdcc.adapters.duis.response import GbcsPayload as GbcsPayloadMessage
from gbdcc.adapters.duis.safe_xml import DEFAULT_MAX_BYTES, XmlLimits
from gbdcc.adapters.duis.scheduled import schedule_payload
from gbdcc.adapters.duis.signature import signature_key_info, verify_signature
from gbdcc.adapters.smki import key_cache
from gbdcc.adapters.smki.certificates import normalise_issuer
from gbdcc.domain.errors import CertificateInvalid, GbdccError, MalformedRequest
from gbdcc.domain.ids import XML_SPACE
from gbdcc.domain.inventory import Device
from gbdcc.service.messages import (
    Body,
    BodyValue,
    DccAlertPayload,
    DeviceAlertPayload,
    GbcsPayload,
    InboundRequest,
    InventoryPayload,
    LocalCommandPayload,
    OutboundResponse,
    PreCommandPayload,
    WanMatrixPayload,
)


def element_to_body(element: etree._Element) -> Body:
    """Nested local-name mapping of an element's children; repeated names become lists."""
    out: dict[str, BodyValue] = {}
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        value: BodyValue = element_to_body(child) if len(child) else (child.text or "").strip(XML_SPACE)
        if name in out:
            existing = out[name]
            out[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            out[name] = value
    return out


def inventory_device(device: Device) -> InventoryDevice:
    """An SMI device as a DUIS ``sr:Device`` entry of ``DSPInventory``."""
    return InventoryDevice(
        device_id=str(device.device_id),
        device_type=device.device_type.value,
        device_manufacturer=device.manufacturer or "",
        device_model=device.model or "",
        device_status=device.status.value,
        smets_chts_version=device.smets_chts_version,
        device_firmware_version=device.firmware_version,
        date_commissioned=device.date_commissioned,
        import_mpxn=device.import_mpxn,
        secondary_import_mpan=device.secondary_import_mpan,
        export_mpan=device.export_mpan,
        esme_variant=device.esme_variant,
        uprn=int(device.uprn) if device.uprn and device.uprn.isdigit() else None,
        property_filter=(PropertyFilter(device.postcode, device.address_identifier or "")
                         if device.postcode else None),
        csp_region=device.csp_region,
    )


class XmlDuisCodec:
    """Implements :class:`gbdcc.service.ports.DuisCodec`; responses signed with the DCC's XML-signing key."""

    def __init__(self, signing_key: ec.EllipticCurvePrivateKey, signing_cert: x509.Certificate,
                 *, max_bytes: int = DEFAULT_MAX_BYTES, limits: XmlLimits | None = None) -> None:
        self._key = signing_key
        self._cert = signing_cert
        self._limits = XmlLimits(max_bytes=max_bytes) if limits is None else limits
        self._max_bytes = self._limits.max_bytes

    def parse(self, raw: bytes) -> InboundRequest:
        """Bounded safe parse, DUIS 5.4 XSD validation, header and KeyInfo (no canonicalisation, no crypto).

        Raises only :class:`GbdccError` subclasses, whatever ``raw`` holds: the refusals of
        :func:`parse_request`, ``AuthenticationFailed`` (signature or KeyInfo missing / malformed) and
        ``CertificateInvalid`` (X509IssuerName unreadable); anything unexpected becomes ``MalformedRequest``.
        """
        try:
            parsed = parse_request(raw, limits=self._limits)
            issuer, serial = signature_key_info(parsed.root)
            return InboundRequest(
                raw=raw,
                request_id=parsed.request_id,
                command_variant=parsed.command_variant,
                service_reference=parsed.service_reference,
                srv=parsed.service_reference_variant,
                body_name=parsed.body_name,
                body=element_to_body(parsed.body),
                signer_issuer=normalise_issuer(issuer),
                signer_serial=serial,
                native=parsed,
            )
        except GbdccError:
            raise
        except Exception as exc:  # last resort: a parser bug must not become an HTTP 500
            raise MalformedRequest(f"request could not be read ({type(exc).__name__}: {str(exc)[:200]})") from None

    def verify_signature(self, request: InboundRequest, certificate_der: bytes, at: datetime) -> None:
        """Verify against the certificate the caller chose (looked up by the signature's X509IssuerSerial).

        Canonicalises the document (bounded by the limits :meth:`parse` checked). Raises only
        ``AuthenticationFailed`` / ``CertificateInvalid`` (and the refusals of :meth:`parse` when
        ``request`` did not come from it).
        """
        parsed = request.native if isinstance(request.native, DuisRequest) else parse_request(
            request.raw, limits=self._limits)
        try:
            certificate = key_cache.certificate(certificate_der)  # parsed once per distinct DER
        except ValueError as exc:
            raise CertificateInvalid(f"stored certificate is not DER X.509 ({exc})") from None
        verify_signature(parsed.root, certificate, at=at)

    def encode_response(self, response: OutboundResponse) -> bytes:
        """Build and sign the DUIS message the payload's type calls for (module ``response``)."""
        payload = response.payload
        if isinstance(payload, DeviceAlertPayload):
            root = build_device_alert(alert_code=payload.alert_code, gbcs_payload=payload.gbcs, at=response.at,
                                      response_id=response.response_id, request_id=response.request_id,
                                      response_code=response.response_code)
        elif isinstance(payload, DccAlertPayload):
            root = build_dcc_alert(code=payload.code, alert=payload.alert, fields=_alert_fields(payload.fields),
                                   at=response.at, response_id=response.response_id,
                                   request_id=response.request_id, response_code=response.response_code)
        else:
            root = build_response(
                response_code=response.response_code,
                at=response.at,
                service_reference=response.service_reference or "0.0",
                service_reference_variant=response.srv or response.service_reference or "0.0",
                request_id=response.request_id,
                response_id=response.response_id,
                payload=_message_payload(payload),
            )
        return sign_response(root, self._key, self._cert)


def _message_payload(payload: object) -> Payload | None:
    if payload is None:
        return None
    if isinstance(payload, InventoryPayload):
        return DspInventory(_devices(payload.devices)) if payload.devices else None
    if isinstance(payload, WanMatrixPayload):
        return _wan_matrix(payload)
    if isinstance(payload, PreCommandPayload):
        return PreCommand(payload.gbcs_version, payload.gbcs)
    if isinstance(payload, GbcsPayload):
        return GbcsPayloadMessage(payload.gbcs)
    if isinstance(payload, LocalCommandPayload):
        return LocalCommand(payload.gbcs)
    if (scheduled := schedule_payload(payload)) is not None:
        return scheduled
    raise TypeError(f"no DUIS ResponseMessage payload for {type(payload).__name__}")


def _alert_fields(body: Body) -> DCCAlertFields:
    return {name: _alert_value(value) for name, value in body.items()}


def _alert_value(value: BodyValue) -> DCCAlertValue:
    if isinstance(value, str):
        return value
    if isinstance(value, list):  # a repeated element
        return [_alert_value(v) for v in value]
    return _alert_fields(value)


def _wan_matrix(payload: WanMatrixPayload) -> DspWanMatrix:
    kind, value = payload.request
    entries = [
        WanMatrixEntry(
            csp_region=c.csp_region,
            coverage_availability=c.available,
            anticipated_coverage_date=c.anticipated_date,
            wan_technology=c.technology,
            connectivity_likelihood=c.likelihood.value,
            auxiliary_equipment_required=c.auxiliary_equipment,
            additional_information=c.additional_information,
        )
        for c in payload.regions
    ]
    if kind == "UPRN":
        return DspWanMatrix(entries, uprn=int(str(value)))
    assert isinstance(value, tuple)
    return DspWanMatrix(entries, partial_address=PropertyFilter(str(value[0]), str(value[1])))


def _devices(devices: Sequence[Device]) -> list[InventoryDevice]:
    return [inventory_device(d) for d in devices]
