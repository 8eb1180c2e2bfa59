"""The CoS Party's part in the transform of a 6.23 (R-COS-1): the CS02b the use-case table builds is
handed, with the facts of its request, to the segregated CoS Party to sign — the transformer never
holds the CoS key."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable

from lxml import etree

from gbdcc.adapters.gbcs.header import GroupingHeader
from gbdcc.adapters.gbcs.payload.source import BodySource
from gbdcc.domain.errors import CosCertificatesRefused
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.service.cos.ports import CosCommand, CosCountersigner

_CERTIFICATES = (("SupplierReplacementCertificates/DigitalSigningCertificate", False),
                 ("SupplierReplacementCertificates/KeyAgreementCertificate", False),
                 ("SupplierReplacementCertificates/KeyAgreementTopUpCertificate", True))

Countersign = Callable[[GroupingHeader, bytes, etree._Element], bytes]


def countersign_with(party: CosCountersigner, request_id: RequestId, device_id: Eui64) -> Countersign:
    def countersign(header: GroupingHeader, to_sign: bytes, element: etree._Element) -> bytes:
        src = BodySource(element, {})
        certificates = []
        for path, prepayment in _CERTIFICATES:
            text = src.text(path)
            if text:
                try:
                    certificates.append((base64.b64decode("".join(text.split()), validate=True), prepayment))
                except (binascii.Error, ValueError):
                    raise CosCertificatesRefused(f"{path} is not base64") from None
        return party.countersign(CosCommand(
            request_id=str(request_id), requester=request_id.originator, device_id=device_id,
            mpxn=(src.text("ImportMPxN") or "").strip(), message_code=header.other_information.message_code,
            originator=header.originator, recipient=header.recipient, to_sign=to_sign,
            replacement_certificates=tuple(certificates)))

    return countersign
