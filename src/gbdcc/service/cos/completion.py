"""What a completed Change of Supplier does (R-COS-1; DOMAIN.md §8): once the device confirms the CS02b of
a 6.23, the SMI records whose certificates its Supplier cell now holds (its Device Security Credentials:
commands from the old supplier are refused by the device from then on), and the DCC alerts go out — the
new supplier gets ``SecurityCredentialsUpdated`` (the certificates now on the device, as SHA-1 hashes),
the supplier whose credentials were replaced gets ``ChangeOfSupplier`` naming the device and its MPxNs.

DCC alert codes: gbdcc sends N999 with the typed payload (code unverified, as ``service.device.alerts``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import replace
from datetime import datetime

from gbdcc.domain.ids import Eui64
from gbdcc.domain.requests import ServiceRequest
from gbdcc.service.cos.ports import CertificateFacts
from gbdcc.service.device.alerts import GBDCC_DCC_ALERT
from gbdcc.service.device.outbound import Outbound
from gbdcc.service.messages import Body, BodyValue, InboundRequest
from gbdcc.service.ports import UnitOfWork

_CERTIFICATES = (("DigitalSigningCertificate", "DigitalSigning", False),
                 ("KeyAgreementCertificate", "KeyAgreement", False),
                 ("KeyAgreementTopUpCertificate", "KeyAgreementTopUp", True))


class CosCompletion:
    """The inventory rule of SRV 6.23 (``InventoryRules(more={"6.23": …})``)."""

    def __init__(self, outbound: Outbound, certificates: CertificateFacts) -> None:
        self._outbound = outbound
        self._certificates = certificates

    def __call__(self, uow: UnitOfWork, request: ServiceRequest, parsed: InboundRequest, at: datetime) -> str:
        device = uow.inventory.get(request.device_id)
        certificates = _certificates(parsed)
        if device is None or not certificates:
            return ""
        new = self._certificates.facts(certificates[0][1]).subject_eui
        if new is None:
            return ""
        old = device.supplier_credentials
        uow.inventory.update(replace(device, supplier_credentials=new))
        hashes: list[BodyValue] = [
            {"CertificateType": kind, "CertificateHash": base64.b64encode(hashlib.sha1(der).digest()).decode()}
            for kind, der in certificates]
        fields: Body = {"DeviceID": str(device.device_id), "RemotePartyRole": "Supplier"}
        floor = parsed.text("SupplierFloorSeqNumber")
        if floor is not None:
            change: Body = {"RemotePartyFloorSeqNumber": floor}
            top_up = parsed.text("SupplierPrepaymentTopUpFloorSeqNumber")
            if top_up is not None:
                change = {**change, "RemotePartyPrepaymentTopUpFloorSeqNumber": top_up}
            fields = {**fields, "RemotePartySeqNumberChange": change}
        fields = {**fields, "Certificates": hashes}
        # no header RequestID: the Service Response is the answer to the 6.23, this alert a notice beside it
        self._outbound.dcc_alert(uow, request.user_id, GBDCC_DCC_ALERT, "SecurityCredentialsUpdated", fields, at,
                                 "R-COS-1", f"{device.device_id}'s Supplier cell holds {new}'s certificates")
        note = f"{device.device_type} {device.device_id} supplier credentials {old} → {new}"
        if old is not None and old != new and _is_user(uow, old) and device.import_mpxn:
            mpxns: Body = {"ImportMPxN": device.import_mpxn}
            if device.secondary_import_mpan:
                mpxns = {**mpxns, "SecondaryImportMPAN": device.secondary_import_mpan}
            if device.export_mpan:
                mpxns = {**mpxns, "ExportMPAN": device.export_mpan}
            self._outbound.dcc_alert(
                uow, old, GBDCC_DCC_ALERT, "ChangeOfSupplier",
                {"DeviceChangeOfSupplier": {"DeviceID": str(device.device_id), "DeviceType": device.device_type.value,
                                            "MPxNs": mpxns}},
                at, "R-COS-1", f"{old}'s credentials on {device.device_id} replaced by {new}'s")
            note += f"; {old} told (ChangeOfSupplier)"
        return note


def _certificates(parsed: InboundRequest) -> list[tuple[str, bytes]]:
    out = []
    for element, kind, _prepayment in _CERTIFICATES:
        text = parsed.text("SupplierReplacementCertificates", element)
        if text:
            try:
                out.append((kind, base64.b64decode("".join(text.split()), validate=True)))
            except (binascii.Error, ValueError):
                return []
    return out


def _is_user(uow: UnitOfWork, eui: Eui64) -> bool:
    return uow.users.get(eui) is not None
