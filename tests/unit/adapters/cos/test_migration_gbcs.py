"""adapters.cos.migration_gbcs — the ECoS campaign's CS02b transCoSByTransCoS (0x0106, mode 6; R-COS-2): what it
carries and who signs it, which uplinks are campaign responses, and when a device's response confirms."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.cos.migration_gbcs import MigrationCommands, _tlv
from gbdcc.adapters.gbcs import crypto, frame
from gbdcc.adapters.gbcs.header import CraFlag, GroupingHeader, OtherInformation
from gbdcc.adapters.gbcs.payload import asn1
from gbdcc.adapters.wan.devices.security import DeviceSecurity
from gbdcc.adapters.wan.devices.trust import TrustAnchors
from gbdcc.domain.cos import CosCell
from gbdcc.domain.ids import Eui64
from gbdcc.service.cos.ports import MigrationCommand

TCOS, DEVICE = Eui64.parse("90-B3-D5-1F-30-00-00-04"), Eui64.parse("00-DB-12-34-56-78-90-A6")
ECOS_CERT, NULL_CERT, CA = (_tlv(0x30, _tlv(0x04, name)) for name in (b"ecos", b"null", b"org-ca"))


class Signer:
    def __init__(self) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.asked: list[MigrationCommand] = []

    @property
    def party(self) -> Eui64:
        return TCOS

    def sign_migration(self, command: MigrationCommand) -> bytes:
        self.asked.append(command)
        return crypto.sign(self.key, command.to_sign)


def setup() -> tuple[MigrationCommands, Signer, DeviceSecurity, ec.EllipticCurvePrivateKey]:
    signer, acb = Signer(), ec.generate_private_key(ec.SECP256R1())
    device = DeviceSecurity(DEVICE, ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1()),
                            TrustAnchors())
    commands = MigrationCommands(signer, {CosCell.ECOS: ECOS_CERT, CosCell.NULL: NULL_CERT}, CA, acb,
                                 lambda _eui: device.ka_key.public_key(), lambda _eui: device.ds_key.public_key())
    return commands, signer, device, acb


def response(device: DeviceSecurity, counter: int, status: int, *, code: int = 0x0106) -> bytes:
    replacement = _tlv(0x30, _tlv(0x30, bytes.fromhex("020105 03020780")) + _tlv(0x0A, bytes([status]))
                       + b"".join(_tlv(0x04, b"") for _ in range(4)))
    outcome = _tlv(0x30, _tlv(0x02, bytes([counter])) + _tlv(0x02, b"\x06") + _tlv(0x30, b"")
                   + _tlv(0x30, replacement))
    header = GroupingHeader(CraFlag.RESPONSE, counter, DEVICE, TCOS, OtherInformation(code))
    return device.sign(header, _tlv(0x30, b"\x05\x00" + outcome))


def test_the_command_is_a_mode_6_cs02b_signed_by_the_tcos_party_and_macd_for_the_device() -> None:
    commands, signer, device, acb = setup()
    raw = commands.build(DEVICE, CosCell.NULL, 300)
    msg = frame.decode_message(raw)
    h = msg.header
    assert (h.originator, h.recipient, h.originator_counter, h.other_information.message_code) == (
        TCOS, DEVICE, 300, 0x0106)
    [asked] = signer.asked
    assert (asked.target, asked.counter, asked.replacement_certificate) == (CosCell.NULL, 300, NULL_CERT)
    assert msg.signature is not None and frame.verify_signed(msg, signer.key.public_key())
    assert frame.verify_mac(msg, (device.ka_key, acb.public_key()))
    control, replacements, path = asn1.decode(msg.payload)[0]["children"]
    assert [c.get("value") for c in control["children"]] == [6, None, "012C", "00"]  # mode, cell, counter, no CPV
    cert, cell = replacements["children"][0]["children"]
    assert cert["children"][0]["value"] == b"null".hex().upper()
    assert [c["value"] for c in cell["children"]] == [5, "0780"]  # Transitional CoS, digital signing
    assert path["children"][0]["children"][0]["value"] == b"org-ca".hex().upper()


def test_only_a_signed_response_with_every_status_0_confirms() -> None:
    commands, _signer, device, _acb = setup()
    ok = response(device, 7, 0)
    assert commands.response_to(ok) == (DEVICE, 7)
    assert commands.outcome(ok, DEVICE) is None
    assert commands.outcome(response(device, 7, 10), DEVICE) == "replacement status 10 (0 is success)"
    other = DeviceSecurity(DEVICE, ec.generate_private_key(ec.SECP256R1()), device.ka_key, TrustAnchors())
    assert "not signed by the device" in (commands.outcome(response(other, 7, 0), DEVICE) or "")
    assert commands.response_to(response(device, 7, 0, code=0x0107)) is None  # a 6.23's response
    assert commands.response_to(commands.build(DEVICE, CosCell.ECOS, 8)) is None  # a command
    assert commands.response_to(b"\xdd\x00") is None
