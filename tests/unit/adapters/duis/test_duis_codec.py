"""The ``DuisCodec`` port adapter round-trips real requests and emits XSD-valid, signed responses."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from lxml import etree

from gbdcc.adapters.duis.codec import XmlDuisCodec
from gbdcc.adapters.duis.safe_xml import parse_xml
from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key, sign_request
from gbdcc.adapters.duis.signature import verify_signature
from gbdcc.domain.errors import AuthenticationFailed, CryptoError
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus
from gbdcc.service.messages import InventoryPayload, OutboundResponse

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import Signer

pytestmark = pytest.mark.oracle
AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_parse_verify_encode(templates: Path, supplier: Signer, network_operator: Signer, dcc: Signer,
                             duis_xsd: etree.XMLSchema) -> None:
    codec = XmlDuisCodec(dcc.key, dcc.cert)
    raw = sign_request((templates / "CCS01_8.11_SUCCESS_REQUEST_DUIS.XML").read_bytes(), supplier.key,
                       supplier.cert, counter=7)
    inbound = codec.parse(raw)
    assert inbound.request_id.counter == 7 and inbound.body_name == "UpdateHANDeviceLog"
    assert inbound.text("AddDeviceToCHFWhitelist", "InstallCode") == "30313233343536373839414243444546"
    assert (inbound.signer_issuer, inbound.signer_serial) == ("CN=Z1,OU=07", supplier.cert.serial_number)
    codec.verify_signature(inbound, supplier.cert.public_bytes(Encoding.DER), datetime.now(UTC))
    with pytest.raises(AuthenticationFailed):
        codec.verify_signature(inbound, network_operator.cert.public_bytes(Encoding.DER), datetime.now(UTC))

    device = Device(Eui64.parse("00-DB-12-34-56-78-90-A0"), DeviceType.ESME, SmiStatus.COMMISSIONED, AT,
                    manufacturer="1234", model="M1", import_mpxn="1312345678111", uprn="123456789012",
                    postcode="AB1 2CD", address_identifier="1", csp_region="North",
                    date_commissioned=date(2026, 1, 1))
    out = codec.encode_response(OutboundResponse("I0", AT, request_id=str(inbound.request_id),
                                                 service_reference="8.2", srv="8.2",
                                                     payload=InventoryPayload([device])))
    root = parse_xml(out)
    assert duis_xsd.validate(root), duis_xsd.error_log
    verify_signature(root, dcc.cert)


def test_loaders_accept_pem_and_der_and_refuse_garbage(oracles: Path, dcc: Signer) -> None:
    d = oracles / "keys" / "duis-xml-sign"
    pem_key = load_signing_key((d / "dsp-xml-sign-90B3D51F30000002-ds.key.pem").read_bytes())
    assert pem_key.private_numbers() == dcc.key.private_numbers()
    assert load_certificate(dcc.cert.public_bytes(Encoding.DER)) == dcc.cert
    with pytest.raises(CryptoError):
        load_signing_key(b"garbage")
    with pytest.raises(CryptoError):
        load_certificate(b"-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n")
