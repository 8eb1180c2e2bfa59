"""describe(): statuses for MAC / signature, alert decoding, payload reporting; and the parse CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import typer
from gbcs_core_support import ACB, ESME, SUPPLIER, Party

from gbdcc.adapters.gbcs.alerts import encode_dlms_alert
from gbdcc.adapters.gbcs.cli_parse import parse_command, read_inputs
from gbdcc.adapters.gbcs.crypto import sign
from gbdcc.adapters.gbcs.decoder import describe, describe_all
from gbdcc.adapters.gbcs.frame import (
    encode_general_signing,
    encode_mac_command,
    encode_precommand,
    sign_precommand,
)
from gbdcc.adapters.gbcs.header import CraFlag, GroupingHeader, OtherInformation
from gbdcc.adapters.gbcs.keys import KeyRing
from gbdcc.domain.errors import GbcsError

PAYLOAD = bytes.fromhex("D92000000003EA000302006F0001130000FF02")


def _cmd(counter: int = 1002) -> GroupingHeader:
    return GroupingHeader(CraFlag.COMMAND, counter, SUPPLIER, ESME, OtherInformation(0x001A))


def test_mac_statuses(parties: dict[str, Party], keys_dir: Path) -> None:
    ring = KeyRing.load(keys_dir)
    raw = encode_mac_command(_cmd(), PAYLOAD, (parties["acb"].ka, parties["esme"].ka.public_key()))
    d = describe(raw, ring)
    assert d.mac_status == "verified" and d.signature_status == "absent" and d.verified
    assert d.use_case == "ECS02 Set ESME Payment Mode to Credit"
    assert describe(raw).mac_status == "no-key"
    bad = bytearray(raw)
    bad[-1] ^= 1
    assert describe(bytes(bad), ring).mac_status == "failed"


def test_signature_statuses(parties: dict[str, Party], keys_dir: Path) -> None:
    ring = KeyRing.load(keys_dir)
    signed = sign_precommand(encode_precommand(_cmd(), PAYLOAD), parties["supplier"].ds)
    assert describe(signed, ring).signature_status == "verified"
    forged = sign_precommand(encode_precommand(_cmd(), PAYLOAD), parties["acb"].ds)
    d = describe(forged, ring)
    assert d.signature_status == "failed" and not d.verified


def test_alert_decoded_and_json(parties: dict[str, Party], keys_dir: Path) -> None:
    ring = KeyRing.load(keys_dir)
    body = encode_dlms_alert(0x8F12, datetime(2015, 1, 1, tzinfo=UTC))
    h = GroupingHeader(CraFlag.ALERT, 4000, ESME, ACB, OtherInformation(0x0018))
    raw = encode_general_signing(h, body, sign(parties["esme"].ds, b"not the right data"))
    d = describe(raw, ring)
    j = d.to_json()
    assert j["alert"]["code"] == "0x8F12" and j["alert"]["name"] == "CHF Device Log Changed"
    assert j["signature"]["status"] == "failed"  # ESME DS certificate known; signature over other data
    assert j["payload"]["hex"] == body.hex().upper()
    assert j["payload"]["status"] in {"decoded", "unsupported", "malformed"}
    json.dumps(j)


def test_unknown_message_code_payload_unsupported() -> None:
    h = GroupingHeader(CraFlag.COMMAND, 1, SUPPLIER, ESME, OtherInformation(0xFEFE))
    d = describe(encode_precommand(h, b"\x99\x01"))
    assert d.use_case is None and d.payload_status == "unsupported" and d.payload is None
    assert d.to_json()["payload"]["hex"] == "9901"


def test_read_inputs_forms(tmp_path: Path) -> None:
    pre = encode_precommand(_cmd(), PAYLOAD)
    assert read_inputs(pre.hex()) == [pre]
    (tmp_path / "m.hex").write_text(pre.hex().upper() + "\n")
    assert read_inputs(str(tmp_path / "m.hex")) == [pre]
    (tmp_path / "m.bin").write_bytes(pre)
    assert read_inputs(str(tmp_path / "m.bin")) == [pre]
    import base64

    xml = ('<?xml version="1.0" encoding="UTF-8"?><sr:Response xmlns:sr="http://www.dccinterface.co.uk/'
           f'ServiceUserGateway"><sr:Body><sr:GBCSPayload>{base64.b64encode(pre).decode()}</sr:GBCSPayload>'
           '</sr:Body></sr:Response>')
    (tmp_path / "r.xml").write_text(xml)
    assert read_inputs(str(tmp_path / "r.xml")) == [pre]
    assert read_inputs(base64.b64encode(pre).decode()) == [pre]
    with pytest.raises(typer.BadParameter):
        read_inputs("zz-not-gbcs")


def test_parse_command_json_and_exit_codes(
    parties: dict[str, Party], keys_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = encode_mac_command(_cmd(), PAYLOAD, (parties["acb"].ka, parties["esme"].ka.public_key()))
    second = encode_precommand(_cmd(1003), PAYLOAD)
    parse_command((raw + second).hex(), keys_dir, True)
    out = json.loads(capsys.readouterr().out)
    assert [m["kind"] for m in out] == ["general-ciphering", "pre-command"]
    assert out[0]["mac"]["status"] == "verified"
    parse_command(raw.hex(), None, False)  # Rich rendering
    assert "general-ciphering" in capsys.readouterr().out
    bad = bytearray(raw)
    bad[-1] ^= 1
    with pytest.raises(typer.Exit) as failed:
        parse_command(bytes(bad).hex(), keys_dir, True)
    assert failed.value.exit_code == 1
    with pytest.raises(GbcsError, match="truncated"):  # the CLI prints it as one line, exit 2 (cli.errors)
        parse_command("DD01", None, False)
    assert len(describe_all(raw + second)) == 2


def test_encrypted_block_decrypted_with_recipient_key(parties: dict[str, Party], keys_dir: Path) -> None:
    from gbdcc.adapters.gbcs.crypto import encrypt_payload, encryption_key

    sup, esme = parties["supplier"], parties["esme"]
    h = GroupingHeader(CraFlag.RESPONSE, 1002, ESME, SUPPLIER, OtherInformation(0x0027))
    secret = b"\x02\x02\x06\x00\x00\x01\x00"
    block = b"\x31\x00\x00\x00\x00" + encrypt_payload(encryption_key((esme.ka, sup.ka.public_key()), h), ESME, secret)
    payload = bytes.fromhex("DA2000000003EA0001010009") + bytes([len(block)]) + block
    raw = encode_mac_command(h, payload, (esme.ka, sup.ka.public_key()))
    (b,) = describe(raw, KeyRing.load(keys_dir)).encrypted
    assert b.status == "decrypted" and b.plaintext == secret and b.offset == 13
    (nk,) = describe(raw).encrypted
    assert nk.status == "no-key" and nk.plaintext is None
    tampered = payload[:-1] + bytes([payload[-1] ^ 1])
    (bad,) = describe(encode_mac_command(h, tampered, (esme.ka, sup.ka.public_key())), KeyRing.load(keys_dir)).encrypted
    assert bad.status == "failed"
