"""The ECoS migration campaign's GBCS (R-COS-2; GBCS 13.3.5 CS02b, credentialsReplacementMode 6
transCoSByTransCoS, message code 0x0106): implements ``service.cos.ports.MigrationGbcs``.

The command replaces the TCoS certificate in a device's Transitional CoS cell (Remote Party Role 05, digital
signing) by the ECoS Party's or the null one, with the Organisation CA as certification path and no time-based
checks; it is originated and signed by the TCoS Party — the holder of that cell, whose key this module never
sees — and MAC'd by the ACB for the device. Payload (DER, as the RTDS CS02b vectors of the other modes)::

    SEQUENCE { SEQUENCE { mode 6, [2] requester cell {role 5, digitalSignature}, [3] counter, [4] FALSE },
               SEQUENCE { SEQUENCE { Certificate, SEQUENCE { role 5, digitalSignature } } },
               SEQUENCE { certification path Certificate } }

The device answers with a signed response whose execution outcome gives a status per replacement (0: done);
it confirms the change only when its signature verifies with the device's key and every status is 0.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.gbcs import frame
from gbdcc.adapters.gbcs.header import CraFlag, GroupingHeader, OtherInformation
from gbdcc.adapters.gbcs.payload import asn1
from gbdcc.adapters.gbcs.payload._bytes import encode_length
from gbdcc.domain.cos import CS02B_TRANSCOS_BY_TRANSCOS, CosCell
from gbdcc.domain.errors import CosCertificatesRefused, CryptoError, GbdccError
from gbdcc.domain.ids import Eui64
from gbdcc.service.cos.ports import MigrationCommand, MigrationSigner

MODE_TRANSCOS_BY_TRANSCOS = 6
_TRANSCOS_DS = bytes.fromhex("020105 03020780")  # { role 5 (Transitional CoS), keyUsage digitalSignature }

DeviceKey = Callable[[Eui64], ec.EllipticCurvePublicKey | None]


def _tlv(tag: int, content: bytes) -> bytes:
    return bytes([tag]) + encode_length(len(content)) + content


def _uint(value: int) -> bytes:
    """DER INTEGER content of a non-negative value (a leading 0 byte keeps it positive)."""
    return value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big")


class MigrationCommands:
    def __init__(self, signer: MigrationSigner, certificates: Mapping[CosCell, bytes], certification_path: bytes,
                 acb_ka_key: ec.EllipticCurvePrivateKey, device_ka: DeviceKey, device_ds: DeviceKey) -> None:
        """``certificates``: the DER certificate each target puts in the cell (ECoS, null)."""
        self._signer = signer
        self._certificates = dict(certificates)
        self._path = certification_path
        self._acb_ka = acb_ka_key
        self._device_ka = device_ka
        self._device_ds = device_ds

    @property
    def originator(self) -> Eui64:
        return self._signer.party

    def build(self, device_id: Eui64, target: CosCell, counter: int) -> bytes:
        cert = self._certificates.get(target)
        if cert is None:
            raise CosCertificatesRefused(f"no {target} certificate to put in a Transitional CoS cell", rule="R-COS-2")
        device_ka = self._device_ka(device_id)
        if device_ka is None:
            raise CryptoError(f"the DCC holds no key-agreement Device Certificate for {device_id}: it cannot MAC "
                              "a command to it", rule="SMKI")
        control = _tlv(0x30, _tlv(0x02, bytes([MODE_TRANSCOS_BY_TRANSCOS])) + _tlv(0xA2, _TRANSCOS_DS)
                       + _tlv(0x83, _uint(counter)) + _tlv(0x84, b"\x00"))
        replacements = _tlv(0x30, _tlv(0x30, cert + _tlv(0x30, _TRANSCOS_DS)))
        payload = _tlv(0x30, control + replacements + _tlv(0x30, self._path))
        header = GroupingHeader(cra_flag=CraFlag.COMMAND, originator_counter=counter, originator=self.originator,
                                recipient=device_id, other_information=OtherInformation(CS02B_TRANSCOS_BY_TRANSCOS))
        unsigned = frame.encode_general_signing(header, payload, signature_length_byte=False)
        signature = self._signer.sign_migration(MigrationCommand(
            device_id=device_id, target=target, message_code=CS02B_TRANSCOS_BY_TRANSCOS, originator=self.originator,
            recipient=device_id, counter=counter, to_sign=unsigned[1:], replacement_certificate=cert))
        return frame.encode_mac_command(header, payload, (self._acb_ka, device_ka), signature=signature)

    def response_to(self, raw: bytes) -> tuple[Eui64, int] | None:
        try:
            h = frame.decode_message(raw).header
        except GbdccError:
            return None
        if (h.cra_flag != CraFlag.RESPONSE or h.other_information.message_code != CS02B_TRANSCOS_BY_TRANSCOS
                or h.recipient != self.originator):
            return None
        return h.originator, h.originator_counter

    def outcome(self, raw: bytes, device_id: Eui64) -> str | None:
        try:
            msg = frame.decode_message(raw)
        except GbdccError as err:
            return f"not a GBCS message: {err.reason}"
        ds = self._device_ds(device_id)
        if msg.signature is None or ds is None or not frame.verify_signed(msg, ds):
            return "the response is not signed by the device's digital-signing key"
        try:
            statuses = _statuses(asn1.decode(msg.payload))
        except (GbdccError, KeyError, IndexError, TypeError) as err:
            return f"the execution outcome cannot be read ({err})"
        if not statuses:
            return "the execution outcome names no replacement"
        refused = [s for s in statuses if s != 0]
        return None if not refused else f"replacement status {refused[0]} (0 is success)"


def _statuses(tree: list[dict[str, Any]]) -> list[int]:
    """The status of each replacement in ``SEQUENCE { NULL, SEQUENCE { counter, mode, floors, SEQUENCE OF
    { id, ENUMERATED status, … } } }`` (mode 6 only)."""
    outcome = tree[0]["children"][1]["children"]
    if outcome[1]["value"] != MODE_TRANSCOS_BY_TRANSCOS:
        raise KeyError(f"mode {outcome[1]['value']}, not {MODE_TRANSCOS_BY_TRANSCOS}")
    return [int(r["children"][1]["value"]) for r in outcome[3]["children"]]
