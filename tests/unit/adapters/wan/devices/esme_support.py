"""Helpers of the simulated-ESME tests (SIMULATION): an ESME with the RTDS organisations as trust anchors,
RTDS DUIS templates transformed and re-addressed to it, and the structural comparison with the RTDS
4.5.0 response vectors.

The RTDS device private keys were never published, so the simulated meter has keys of its own
(derived from a seed): a template is transformed (``adapters/gbcs/transform.build``), its grouping
header re-addressed to the simulated ESME, signed with the originator's digital-signing key when the
command is critical (or DCC-signed) and MAC'd with the ACB key and the meter's key agreement key.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from han_support import other_information_fields
from lxml import etree

from gbdcc.adapters.duis.safe_xml import parse_xml
from gbdcc.adapters.gbcs import crypto, frame
from gbdcc.adapters.gbcs.decoder import describe, find_encrypted_blocks
from gbdcc.adapters.gbcs.frame import FrameKind, GbcsMessage
from gbdcc.adapters.gbcs.header import GroupingHeader
from gbdcc.adapters.gbcs.keys import KeyRing
from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_apdu import ACCESS_RESPONSE, decode_response
from gbdcc.adapters.gbcs.transform import TransformContext, build, is_critical
from gbdcc.adapters.wan.csp import HanResult
from gbdcc.adapters.wan.devices import der
from gbdcc.adapters.wan.devices.esme import Esme, EsmeVariant
from gbdcc.adapters.wan.devices.prepayment import VALUE_CLASS_POUNDS, make_utrn
from gbdcc.adapters.wan.devices.security import DeviceSecurity, derived_keys
from gbdcc.adapters.wan.devices.trust import TrustAnchors
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.smki import KeyUsage

SR = "{http://www.dccinterface.co.uk/ServiceUserGateway}"
RTDS_ESME = "00-DB-12-34-56-78-90-A0"
SIM_ESME = Eui64.parse("00-DB-99-00-00-00-00-A0")
SEED = b"esme-sweep-seed-0123456789abcdef"
NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)  # the sweep's time (the DCC's clock)
SUPPLIER = Eui64.parse("90-B3-D5-1F-30-01-00-00")
ACB = Eui64.parse("90-B3-D5-1F-30-00-00-02")
ROLES = {"90-B3-D5-1F-30-01-00-00": "SUPPLIER", "90-B3-D5-1F-30-02-00-00": "NETWORK_OPERATOR"}
POLYPHASE = ("ECS23b_", "ECS26k_", "ECS29f_")  # use-case choice (transform)
POLYPHASE_MODELS = (*POLYPHASE, "ECS29b_", "ECS29d_")  # RTDS vectors of a polyphase meter
LEGACY = ("ECS08_", "ECS26d_", "ECS26e_")
SECONDARY_ELEMENT = ("ECS01c_", "ECS01d_", "ECS24b_")
# RTDS organisation certificates that are trust anchors of the simulated meter (and the prepayment
# top-up key of the supplier). 90b3d51f30000007-ka.pem is left out: it names another EUI and role.
ANCHOR_CERTS = ("90b3d51f30000001-ds", "90b3d51f30000002-ds", "90b3d51f30000002-ka", "90b3d51f30000004-ds",
                "90b3d51f30000007-ds", "90b3d51f30010000-ds", "90b3d51f30010000-ka", "90b3d51f30020000-ds",
                "90b3d51f30020000-ka", "90b3d51f30010008-ds", "90b3d51f30010008-ka")


class Rtds:
    """The RTDS key ring, the trust anchors built from its organisation certificates, and vectors."""

    def __init__(self, oracles: Path) -> None:
        self.oracles = oracles
        self.keys_dir = oracles / "keys" / "rtds"
        self.ring = KeyRing.load(self.keys_dir)
        certs = [x509.load_pem_x509_certificate((self.keys_dir / f"{n}.pem").read_bytes()) for n in ANCHOR_CERTS]
        pp = x509.load_pem_x509_certificate((self.keys_dir / "90b3d51f30010000-pp-ka.pem").read_bytes())
        self.anchors = TrustAnchors.from_certificates(certs, prepayment=[pp])
        self.vectors = {p.name: p for p in (oracles / "rtds-gbcs").glob("*/*.HEX")}

    def private(self, name: str) -> ec.EllipticCurvePrivateKey:
        key = load_pem_private_key((self.keys_dir / f"{name}.key").read_bytes(), None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return key

    def messages(self, name: str) -> list[GbcsMessage]:
        return frame.decode_messages(bytes.fromhex(self.vectors[name].read_text().strip()))

    def templates(self) -> list[tuple[str, Path]]:
        """(stem, template) of every RTDS template whose target is the RTDS ESME."""
        out = []
        for t in sorted((self.oracles / "duis-templates").glob("*_REQUEST_DUIS.XML")):
            root = parse_xml(t.read_bytes())
            rid = RequestId.parse(root.findtext(f"{SR}Header/{SR}RequestID") or "")
            if str(rid.target) == RTDS_ESME:
                out.append((t.name.removesuffix("_REQUEST_DUIS.XML"), t))
        return out


def variant_of(stem: str) -> EsmeVariant:
    if stem.startswith(POLYPHASE_MODELS):
        return EsmeVariant.POLYPHASE
    if "TWIN" in stem or stem.startswith(SECONDARY_ELEMENT):
        return EsmeVariant.TWIN
    return EsmeVariant.SINGLE


def new_esme(rtds: Rtds, *, variant: EsmeVariant = EsmeVariant.SINGLE, at: datetime = NOW,
             eui: Eui64 = SIM_ESME, started: datetime | None = None, **kwargs: Any) -> Esme:
    """A simulated ESME installed 400 days before ``at``, running since ``started`` (3 days before)."""
    ds, ka = derived_keys(SEED)(eui)
    security = DeviceSecurity(eui, ds, ka, rtds.anchors.copy())
    kwargs.setdefault("installed", at - timedelta(days=400))
    return Esme(security, started or at - timedelta(days=3), variant=variant, **kwargs)


@dataclass
class Sent:
    stem: str
    command: GbcsMessage  # as sent to the simulated ESME
    rtds_command: GbcsMessage
    result: HanResult
    at: datetime
    signer: Eui64 | None = None
    notes: list[str] = field(default_factory=list)


def _rewrite(root: etree._Element, path: str, text: str) -> bool:
    done = False
    for el in root.iter():
        if isinstance(el.tag, str) and etree.QName(el).localname == path:
            el.text = text
            done = True
    return done


Preparation = Callable[[Esme, etree._Element, "Rtds", datetime], list[str]]


def _prepare_top_up(esme: Esme, root: etree._Element, rtds: Rtds, at: datetime) -> list[str]:
    """The RTDS UTRN was made for the RTDS meter: the Supplier's system makes one for this meter with
    its prepayment top-up key (same value and counter)."""
    utrn = make_utrn(rtds.private("90b3d51f30010000-pp-ka"), esme.security.ka_key.public_key(), SUPPLIER,
                     esme.eui, 3 << 32, 10, VALUE_CLASS_POUNDS)
    _rewrite(root, "UTRN", utrn)
    return ["UTRN made for the simulated meter with the supplier's prepayment top-up key"]


def _prepare_clock(esme: Esme, root: etree._Element, rtds: Rtds, at: datetime) -> list[str]:
    _rewrite(root, "CurrentDateTime", at.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return ["CurrentDateTime = the sweep's time (the DCC's clock)"]


def _prepare_unjoin(esme: Esme, root: etree._Element, rtds: Rtds, at: datetime) -> list[str]:
    esme.joins.add(Eui64.parse("00-DB-12-34-56-78-90-99"), 4)
    return ["the device to unjoin joined first (CS03A1)"]


def _prepare_firmware(esme: Esme, root: etree._Element, rtds: Rtds, at: datetime) -> list[str]:
    text = next(el.text for el in root.iter() if isinstance(el.tag, str) and
                etree.QName(el).localname == "FirmwareHash")
    esme.distribute_firmware(base64.b64decode(text) if not re.fullmatch(r"[0-9A-Fa-f]{64}", text or "")
                             else bytes.fromhex(text or ""), bytes.fromhex("0123ABCE"))
    return ["firmware image distributed (11.1) before its activation"]


PREPARE: dict[str, Preparation] = {
    "CS01a_": _prepare_top_up,
    "ECS70": _prepare_clock,
    "CS04AC": _prepare_unjoin,
    "CS06_": _prepare_firmware,
}


def send_template(rtds: Rtds, stem: str, template: Path, esme: Esme, at: datetime = NOW) -> Sent:
    """Transform a template, re-address it to ``esme`` and let the meter handle it."""
    root = parse_xml(template.read_bytes())
    notes: list[str] = []
    for prefix, prepare in PREPARE.items():
        if stem.startswith(prefix):
            notes += prepare(esme, root, rtds, at)
    rid = RequestId.parse(root.findtext(f"{SR}Header/{SR}RequestID") or "")
    rtds_cmds = rtds.messages(f"{stem}_COMMAND_GBCS.HEX")
    rtds_cmd = next((m for m in rtds_cmds if m.header.originator_counter == rid.counter), rtds_cmds[0])
    facts = frozenset({"polyphase"} if stem.startswith(POLYPHASE) else {"legacy-gbcs"} if stem.startswith(LEGACY)
                      else set())
    ctx = TransformContext(keys=rtds.ring, counter=rtds_cmd.header.originator_counter, device_type="ESME",
                           user_role=ROLES.get(str(rid.originator)), device_facts=facts, remote_party=SUPPLIER)
    header, payload, _uc, variant = build(root, ctx)
    if stem.startswith("CS02d_"):
        payload, note = _device_certificate_for(esme, rtds, at)
        notes.append(note)
    header = GroupingHeader(header.cra_flag, header.originator_counter, header.originator, esme.eui,
                            header.other_information, header.date_time)
    signer = None
    srv = root.findtext(f"{SR}Header/{SR}ServiceReferenceVariant") or ""
    if (is_critical(srv) and variant.mode == "user") or variant.mode.endswith("+signed") or rtds_cmd.signature:
        signer = header.originator
    raw = command_bytes(rtds, header, payload, esme, signer)
    result = esme.handle(raw, at)
    return Sent(stem, frame.decode_message(raw), rtds_cmd, result, at, signer, notes)


def command_bytes(rtds: Rtds, header: GroupingHeader, payload: bytes, esme: Esme, signer: Eui64 | None) -> bytes:
    ka = esme.security.ka_key.public_key()
    acb = rtds.ring.private_key(ACB, KeyUsage.KEY_AGREEMENT)
    assert acb is not None
    signature = None
    if signer is not None:
        ds = rtds.ring.private_key(signer, KeyUsage.DIGITAL_SIGNATURE)
        assert ds is not None, f"no DS key of {signer}"
        unsigned = frame.encode_general_signing(header, payload, signature_length_byte=False)
        signature = crypto.sign(ds, unsigned[1:])
    return frame.encode_mac_command(header, payload, (acb, ka), signature=signature)


def _device_certificate_for(esme: Esme, rtds: Rtds, at: datetime) -> tuple[bytes, str]:
    """CS02d needs a certificate for the key the meter made at CS02c: run CS02c, certify its key."""
    from gbdcc.adapters.gbcs.header import CraFlag, OtherInformation
    from gbdcc.adapters.wan.devices.credentials import simulation_certificate

    header = GroupingHeader(CraFlag.COMMAND, 999, SUPPLIER, esme.eui, OtherInformation(0x000A))
    esme.handle(command_bytes(rtds, header, der.sequence(der.bit_string(bytes.fromhex("0780"))), esme, SUPPLIER), at)
    assert esme.credentials is not None
    pending = esme.credentials.pending_keys[KeyUsage.DIGITAL_SIGNATURE]
    return (simulation_certificate(esme.eui, KeyUsage.DIGITAL_SIGNATURE, pending.public_key()),
            "certificate issued for the key the meter generated at CS02c (run first)")


# --- structural comparison ---------------------------------------------------------------------------


def dlms_shape(v: dd.DlmsValue) -> Any:
    """The type tree of a DLMS value: arrays by the set of their element shapes (lengths are state),
    compact-arrays by their description."""
    if v.type == "structure":
        return ("structure", tuple(dlms_shape(i) for i in v.value))
    if v.type == "array":
        return ("array", frozenset(dlms_shape(i) for i in v.value))
    if v.type == "compact-array":
        return ("compact-array", v.value[0])
    return v.type


def _same_dlms(a: dd.DlmsValue, b: dd.DlmsValue) -> bool:
    """Equal shapes, where an empty array matches any array."""
    if a.type != b.type:
        return False
    if a.type == "structure":
        return len(a.value) == len(b.value) and all(_same_dlms(x, y) for x, y in zip(a.value, b.value, strict=True))
    if a.type == "array":
        if not a.value or not b.value:
            return True
        return {dlms_shape(x) for x in a.value} == {dlms_shape(y) for y in b.value}
    if a.type == "compact-array":
        return bool(a.value[0] == b.value[0])
    return True


def _same_der(a: der.Tlv, b: der.Tlv) -> bool:
    """Equal tag trees; ENUMERATED values (the per-item statuses of CS02 outcomes) equal too."""
    if a.tag != b.tag or (a.tag == der.ENUMERATED and a.content != b.content):
        return False
    if a.constructed and (a.children or b.children):
        if len(a.children) != len(b.children):
            return False
        return all(_same_der(x, y) for x, y in zip(a.children, b.children, strict=True))
    return True


def our_plaintexts(rtds: Rtds, esme: Esme, msg: GbcsMessage) -> list[bytes]:
    """Decrypt the encrypted blocks of our response with the recipient's private key (supplier, network
    operator or the URP keys of the RTDS ring)."""
    out = []
    candidates = [e.private_key for e in rtds.ring if e.usage == KeyUsage.KEY_AGREEMENT and e.private_key]
    for block in find_encrypted_blocks(msg.payload):
        for key in candidates:
            try:
                aes = crypto.encryption_key((key, esme.security.ka_key.public_key()), msg.header)
                out.append(crypto.decrypt_payload(aes, msg.header.originator, block.data))
                break
            except Exception:
                continue
        else:
            raise AssertionError("our encrypted block decrypts with no RTDS key")
    return out


def rtds_plaintexts(rtds: Rtds, msg: GbcsMessage) -> list[bytes]:
    return [b.plaintext for b in describe(msg.raw, rtds.ring).encrypted if b.plaintext is not None]


def compare(rtds: Rtds, esme: Esme, sent: Sent, theirs: GbcsMessage) -> str | None:
    """None when our response matches the RTDS response in kind, message code, header date-time presence,
    other-information fields,
    payload structure (DLMS type tree and per-item results; ASN.1 tag tree; encrypted data: the
    plaintexts' structure) and our MAC / signature verifies; else the difference."""
    if sent.result.response is None:
        return f"no response (alerts {[hex(_alert_code(a)) for a in sent.result.alerts]})"
    ours = frame.decode_message(sent.result.response)
    if ours.kind != theirs.kind:
        return f"kind {ours.kind.value} vs {theirs.kind.value}"
    if ours.header.message_code != theirs.header.message_code:
        return f"message code 0x{ours.header.message_code:04X} vs 0x{theirs.header.message_code:04X}"
    if (ours.header.date_time is None) != (theirs.header.date_time is None):
        return "response date-time presence differs"
    if other_information_fields(ours) != other_information_fields(theirs):
        return f"other-information {other_information_fields(ours)} vs RTDS {other_information_fields(theirs)}"
    if ours.kind == FrameKind.SIGNED:
        if not frame.verify_signed(ours, esme.security.ds_key.public_key()):
            return "our signature does not verify"
    else:
        peer = rtds.ring.private_key(ours.header.recipient, KeyUsage.KEY_AGREEMENT)
        if peer is None or not frame.verify_mac(ours, (peer, esme.security.ka_key.public_key())):
            return "our MAC does not verify"
    if theirs.payload[:1] == bytes([ACCESS_RESPONSE]):
        if ours.payload[:1] != bytes([ACCESS_RESPONSE]):
            return "not a DLMS access-response"
        a, b = decode_response(ours.payload), decode_response(theirs.payload)
        if a.invoke_id != b.invoke_id:
            return "invoke id differs"
        if a.results != b.results:
            return f"results {a.results} vs {b.results}"
        for x, y in zip(a.data, b.data, strict=True):
            if not _same_dlms(x, y):
                return f"data shape {dlms_shape(x)} vs {dlms_shape(y)}"
    else:
        try:
            x, y = der.parse(ours.payload), der.parse(theirs.payload)
        except Exception as e:
            return f"payload not DER: {e}"
        if not _same_der(x, y):
            return f"DER tag tree {x.shape()} vs {y.shape()}"
        firmware = ours.message_code == 0x0012 and x.tag == der.SEQUENCE and bool(x.children)
        status = (x, y) if x.tag == der.INTEGER else (x.child(0), y.child(0)) if firmware else None
        if status is not None and status[0].as_int() != status[1].as_int():
            return f"status {status[0].as_int()} vs {status[1].as_int()}"
    mine, rtds_plain = our_plaintexts(rtds, esme, ours), rtds_plaintexts(rtds, theirs)
    if len(mine) != len(rtds_plain):
        return f"{len(mine)} encrypted blocks vs {len(rtds_plain)}"
    for p, q in zip(mine, rtds_plain, strict=True):
        if not _same_dlms(dd.decode(p), dd.decode(q)):
            return f"plaintext shape {dlms_shape(dd.decode(p))} vs {dlms_shape(dd.decode(q))}"
    return None


def _alert_code(raw: bytes) -> int:
    from gbdcc.adapters.gbcs.alerts import decode_alert

    return decode_alert(frame.decode_message(raw).payload).alert_code


def alert_codes(raws: tuple[bytes, ...] | list[bytes]) -> list[int]:
    return [_alert_code(r) for r in raws]


# --- hand-built commands -----------------------------------------------------------------------------

_COUNTERS: dict[int, int] = {}


def next_counter(esme: Esme) -> int:
    """A fresh originator counter for commands to ``esme`` (above every RTDS counter)."""
    n = _COUNTERS.get(id(esme), 1 << 40) + 1
    _COUNTERS[id(esme)] = n
    return n


def dlms_command(rtds: Rtds, esme: Esme, code: int, requests: list[tuple[int, int, str, int, dd.DlmsValue]], *,
                 originator: Eui64 = SUPPLIER, signed: bool | None = None, counter: int | None = None) -> bytes:
    """An access-request (kind, class id, OBIS, attribute / method, data) from ``originator``; signed by
    it when the message code is critical (or ``signed``)."""
    from gbdcc.adapters.gbcs.header import CraFlag, OtherInformation
    from gbdcc.adapters.gbcs.payload.dlms_apdu import AccessRequest, Spec, invoke_id
    from gbdcc.adapters.wan.devices.base import obis
    from gbdcc.adapters.wan.devices.security import CRITICAL_MESSAGE_CODES

    n = counter if counter is not None else next_counter(esme)
    specs = tuple(Spec(kind, class_id, obis(text), member) for kind, class_id, text, member, _ in requests)
    payload = AccessRequest(invoke_id(n), specs, tuple(d for *_, d in requests)).encode()
    header = GroupingHeader(CraFlag.COMMAND, n, originator, esme.eui, OtherInformation(code))
    sign = code in CRITICAL_MESSAGE_CODES if signed is None else signed
    return command_bytes(rtds, header, payload, esme, originator if sign else None)


def asn1_command(rtds: Rtds, esme: Esme, code: int, payload: bytes, *, originator: Eui64 = SUPPLIER,
                 signed: bool = True, counter: int | None = None) -> bytes:
    from gbdcc.adapters.gbcs.header import CraFlag, OtherInformation

    n = counter if counter is not None else next_counter(esme)
    header = GroupingHeader(CraFlag.COMMAND, n, originator, esme.eui, OtherInformation(code))
    return command_bytes(rtds, header, payload, esme, originator if signed else None)


def access_response(result: HanResult) -> Any:
    assert result.response is not None, alert_codes(result.alerts)
    return decode_response(frame.decode_message(result.response).payload)


def get(rtds: Rtds, esme: Esme, at: datetime, class_id: int, text: str, attribute: int,
        code: int = 0x003B) -> tuple[int, dd.DlmsValue]:
    """One GET: (result, value)."""
    from gbdcc.adapters.gbcs.payload import dlms_apdu

    r = access_response(esme.handle(dlms_command(rtds, esme, code, [(dlms_apdu.GET, class_id, text, attribute,
                                                                       dd.DlmsValue("null-data"))]), at))
    return r.results[0][1], r.data[0]


def top_up_command(rtds: Rtds, esme: Esme, utrn: str) -> bytes:
    from gbdcc.adapters.gbcs.payload import dlms_apdu

    return dlms_command(rtds, esme, 0x0007, [(dlms_apdu.ACTION, 115, "0-0:19.40.0.255", 1, dd.octets(utrn.encode()))])


def utrn_for(rtds: Rtds, esme: Esme, counter: int, value: int, value_class: int = VALUE_CLASS_POUNDS) -> str:
    return make_utrn(rtds.private("90b3d51f30010000-pp-ka"), esme.security.ka_key.public_key(), SUPPLIER,
                     esme.eui, counter, value, value_class)
