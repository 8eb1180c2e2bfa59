"""Helpers of the GSME / hub / HAN device tests (SIMULATION): a simulated premises at RTDS time, RTDS
commands re-addressed to its devices, and the structural comparison of our responses with the RTDS
response vectors.

RTDS device private keys were never published, so our devices hold keys of their own: a command is
taken from the RTDS vector (or built from a template by the transform), given our device's EUI as
recipient, MAC'd with the RTDS ACB key and our device's KA key, and — where the RTDS command is
signed — signed again with the RTDS originator's digital-signing key.

Structure (what must equal the RTDS response): message kind and code, a header date-time or none, the
supplementary fields of other-information; for
GBZ, every component's extended header control (encrypted or not, last), cluster, frame control and
command, then its body
— Read Attributes Response records (attribute, status, type), Default Response (command, status),
cluster-specific responses as the list of their fields' widths (:data:`ZCL_LAYOUTS`, repeated records
compared as a set); for DLMS the result codes and the data type trees; for ASN.1 the tag trees.
Log reads differ in how many entries each device holds, so an answer "entry found" (Publish …) and
"not found" (Default Response 0x8B) to the same Get are the same structure *kind*; where both are
found, the layouts must match; likewise an empty repetition (array, repeated ZCL record) fits any.
Request bodies naming the RTDS estate's devices are rewritten to name ours (:func:`for_our_premises`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from gbdcc.adapters.gbcs import crypto
from gbdcc.adapters.gbcs.frame import (
    FrameKind,
    GbcsMessage,
    decode_message,
    encode_general_signing,
    encode_mac_command,
    split_messages,
    verify_mac,
    verify_signed,
)
from gbdcc.adapters.gbcs.header import CraFlag, GroupingHeader, OtherInformation
from gbdcc.adapters.gbcs.keys import KeyRing
from gbdcc.adapters.gbcs.payload import asn1, dlms_apdu, gbz
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue
from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.base import SimDevice
from gbdcc.adapters.wan.devices.factory import device_security, simulate_premises
from gbdcc.adapters.wan.devices.han import Gsme, Hcalcs
from gbdcc.adapters.wan.devices.hub import CommunicationsHub
from gbdcc.adapters.wan.devices.prepayment import make_utrn
from gbdcc.adapters.wan.devices.security import derived_keys
from gbdcc.adapters.wan.devices.trust import TrustAnchors
from gbdcc.adapters.wan.estate import Premises, generate_estate
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType
from gbdcc.domain.smki import KeyUsage

ORACLES = Path(__file__).resolve().parents[5].parent / "shared" / "oracles"
SEED = b"han-device-tests-seed-0123456789"
INSTALLED = datetime(2014, 6, 1, tzinfo=UTC)  # our premises' installation: half a year before RTDS time
RTDS_NOW = datetime(2015, 3, 20, 12, 0, tzinfo=UTC)  # "now" of the sweep (RTDS vectors date 2014-2015)
ACB = Eui64.parse("90-B3-D5-1F-30-00-00-02")
SUPPLIER = Eui64.parse("90-B3-D5-1F-30-01-00-00")
NETWORK_OPERATOR = Eui64.parse("90-B3-D5-1F-30-02-00-00")
#: RTDS estate device (last EUI byte) → the device type our premises plays it with
RTDS_DEVICES = {0xA1: DeviceType.GSME, 0xA2: DeviceType.CHF, 0xA3: DeviceType.GPF, 0xA4: DeviceType.PPMID,
                0xA5: DeviceType.HCALCS}


@cache
def ring() -> KeyRing:
    return KeyRing.load(ORACLES / "keys" / "rtds")


def rtds_certificate(name: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate((ORACLES / "keys" / "rtds" / f"{name}.pem").read_bytes())


def top_up_certificate() -> x509.Certificate:
    """The RTDS supplier's prepayment top-up key agreement certificate (the UTRN check, GBCS 14)."""
    return rtds_certificate("90b3d51f30010000-pp-ka")


def anchors(*, top_up: bool = True) -> TrustAnchors:
    """Trust anchor cells of the RTDS ACB, supplier and network operator (DS and KA) and, with
    ``top_up``, the supplier's prepayment top-up key."""
    names = [f"{party}-{usage}" for party in ("90b3d51f30000002", "90b3d51f30010000", "90b3d51f30020000")
             for usage in ("ds", "ka")]
    return TrustAnchors.from_certificates((rtds_certificate(n) for n in names),
                                          prepayment=[top_up_certificate()] if top_up else [])


def utrn_for(target: SimDevice, counter: int, pennies: int) -> str:
    """A UTRN the RTDS supplier makes for ``target`` with its prepayment top-up key (GBCS 14): UTRN
    counter ``counter`` · 2³² (its bits 32-41 carry ``counter``), ``pennies`` (value class pence)."""
    top_up_key = load_pem_private_key((ORACLES / "keys" / "rtds" / "90b3d51f30010000-pp-ka.key").read_bytes(), None)
    assert isinstance(top_up_key, ec.EllipticCurvePrivateKey)
    return make_utrn(top_up_key, target.security.ka_key.public_key(), SUPPLIER, target.eui, counter << 32, pennies)


def premises() -> Premises:
    return next(p for p in generate_estate(200, seed=1)
                if p.device(DeviceType.GSME) and p.device(DeviceType.ESME) and p.prepayment)


def make_hub(started: datetime = INSTALLED, *, with_hcalcs: bool = True, the_premises: Premises | None = None
             ) -> CommunicationsHub:
    """Our premises (prepayment, dual fuel, PPMID, IHD) installed at ``started``, plus an HCALCS."""
    hub = simulate_premises(the_premises or premises(), derived_keys(SEED), anchors(), started, instrumented=True)
    if with_hcalcs:
        eui = Eui64.parse("00-DB-12-34-56-78-FF-A5")
        hub.join(Hcalcs(device_security(eui, derived_keys(SEED), anchors())))
    return hub


def device(hub: CommunicationsHub, device_type: DeviceType) -> SimDevice:
    if device_type == DeviceType.CHF:
        return hub.chf
    if device_type == DeviceType.GPF:
        assert hub.gpf is not None
        return hub.gpf
    return next(d for d in hub.devices.values() if d.device_type == device_type)


def for_our_premises(xml: bytes, hub: CommunicationsHub) -> bytes:
    """A DUIS request naming the RTDS estate's devices (…90-A0 ESME, …A1 GSME, …) in its body names
    ours instead; the RequestID (and so the transform's device type) is left as it is."""
    head, sep, body = xml.partition(b"</sr:Header>")
    for suffix, device_type in {0xA0: DeviceType.ESME, **RTDS_DEVICES}.items():
        try:
            ours = device(hub, device_type).eui
        except StopIteration:
            continue
        rtds = f"00-DB-12-34-56-78-90-{suffix:02X}"
        body = body.replace(rtds.encode(), str(ours).encode()).replace(rtds.replace("-", "").encode(),
                                                                       str(ours).replace("-", "").encode())
    return head + sep + body


def readdress(header: GroupingHeader, payload: bytes, target: SimDevice, *, signed: bool,
              counter: int | None = None) -> bytes:
    """An RTDS command for our ``target``: same header fields (or another originator ``counter``), our
    EUI, MAC'd with the RTDS ACB key and the target's KA key, signed by the RTDS originator's DS key when
    the RTDS command is signed."""
    keys = ring()
    ours = GroupingHeader(CraFlag.COMMAND, header.originator_counter if counter is None else counter,
                          header.originator, target.eui, header.other_information, header.date_time)
    acb_ka = keys.private_key(ACB, KeyUsage.KEY_AGREEMENT)
    assert acb_ka is not None
    pair = (acb_ka, target.security.ka_key.public_key())
    signature = None
    if signed:
        ds = keys.private_key(header.originator, KeyUsage.DIGITAL_SIGNATURE)
        assert ds is not None, f"no RTDS DS key for {header.originator}"
        unsigned = encode_general_signing(header=ours, payload=payload, signature_length_byte=False)
        signature = crypto.sign(ds, unsigned[1:])
    return encode_mac_command(ours, payload, pair, signature=signature)


def vector(folder: str, stem: str, kind: str) -> list[GbcsMessage]:
    raw = bytes.fromhex((ORACLES / "rtds-gbcs" / folder / f"{stem}_{kind}_GBCS.HEX").read_text().strip())
    return [decode_message(p) for p in split_messages(raw)]


def send_vector(hub: CommunicationsHub, target: SimDevice, folder: str, stem: str, at: datetime,
                counter: int | None = None) -> Any:
    """The RTDS command of ``stem`` re-addressed to ``target`` through the hub."""
    cmd = vector(folder, stem, "COMMAND")[0]
    return hub.receive(readdress(cmd.header, cmd.payload, target, signed=cmd.signature is not None,
                                 counter=counter), at)


def top_up_command(target: SimDevice, utrn: str, counter: int) -> bytes:
    """A CS01b top-up (Prepayment Consumer Top Up, GBCS 13.3) from the RTDS supplier to ``target``."""
    return gbz_command(target, 0x0097, [z.Component(0x0705, z.FC_CLUSTER_SPECIFIC, 0x04,
                                                    bytes([0, len(utrn)]) + utrn.encode())], counter)


def with_history(hub: CommunicationsHub) -> CommunicationsHub:
    """Give the premises the past the RTDS log reads look into, by real commands at past times (small
    originator counters, below the RTDS ones): a monthly billing calendar from 2015-02-01 (GCS25),
    a tariff change on 2014-12-15 (GCS01b), the prepayment configuration with its non-disablement
    calendar on 2014-12-16 (GCS05), top-ups on 2014-12-20 and 2015-01-05 (CS01b, part of each
    recovering payment debt), a command with a bad MAC on 2014-12-31 (security log), and a HAN
    network data recording started on the sweep's day (GCS31). The consumer tops up only then (the
    model's own top-up habit is off, so the UTRN counters stay those of the history)."""
    gsme = device(hub, DeviceType.GSME)
    assert isinstance(gsme, Gsme)
    gsme.model = replace(gsme.model, top_up_pennies=0)
    send_vector(hub, gsme, "6.8_GCS25", "GCS25_6.8_SUCCESS", datetime(2014, 7, 1, 1, tzinfo=UTC), counter=1)
    send_vector(hub, gsme, "1.2.1_GCS01b", "GCS01b_1.2.1_IMMEDIATE_TOU_SUCCESS",
                datetime(2014, 12, 15, 10, tzinfo=UTC), counter=2)
    send_vector(hub, gsme, "2.1_GCS05", "GCS05_2.1_IMMEDIATE_SUCCESS", datetime(2014, 12, 16, 10, tzinfo=UTC),
                counter=3)
    for n, day in enumerate((datetime(2014, 12, 20, 9, tzinfo=UTC), datetime(2015, 1, 5, 18, tzinfo=UTC)), start=1):
        hub.receive(top_up_command(gsme, utrn_for(gsme, n, 1500), 3 + n), day)
    bad = bytearray(top_up_command(gsme, utrn_for(gsme, 5, 100), 9))
    bad[-1] ^= 0xFF
    hub.receive(bytes(bad), datetime(2014, 12, 31, 12, tzinfo=UTC))
    send_vector(hub, gsme, "14.1_GCS31", "GCS31_14.1_SUCCESS", RTDS_NOW.replace(hour=8), counter=1)
    return hub


# --- checking our response -------------------------------------------------------------------------


def verify(ours: GbcsMessage, target: SimDevice) -> bool:
    """Our response's signature (device DS key) or MAC (device KA ↔ RTDS party KA key)."""
    if ours.kind == FrameKind.SIGNED:
        return verify_signed(ours, target.security.ds_key.public_key())
    party = ring().private_key(ours.header.recipient, KeyUsage.KEY_AGREEMENT)
    assert party is not None
    return verify_mac(ours, (party, target.security.ka_key.public_key()))


def decryptor(target: SimDevice | None) -> Callable[[GbcsMessage, bytes], bytes]:
    """Decrypts an encrypted block of a response: with the remote party's RTDS key and the device's
    public KA key (``target``, ours) or, for RTDS responses, the RTDS device certificates."""
    keys = ring()

    def run(msg: GbcsMessage, block: bytes) -> bytes:
        h = msg.header
        party = h.other_information.supplementary_remote_party_id or h.recipient
        private = keys.private_key(party, KeyUsage.KEY_AGREEMENT)
        public = target.security.ka_key.public_key() if target is not None else keys.public_key(
            h.originator, KeyUsage.KEY_AGREEMENT)
        assert private is not None and public is not None, f"no KA key pair for {party} / {h.originator}"
        return crypto.decrypt_payload(crypto.encryption_key((private, public), h), h.originator, block)

    return run


# widths of ZCL fields: n = n-byte integer, "s" = length-prefixed string, ("*", [...]) = repeated record
_SNAPSHOT_HEADER = [4, 4, 1, 1, 1, 4, 1]
ZCL_LAYOUTS: dict[tuple[int, int], list[Any]] = {
    (0x0700, 0x00): [4, "s", 4, 4, 1, 2, 1, 1, 4, 2, 4],  # Publish Price
    (0x0700, 0x09): [4, 4, 4, 3, 1, 1],  # Publish Billing Period
    (0x0702, 0x06): [*_SNAPSHOT_HEADER, 6, 1, 6, 6, 6, 6, 1, 6, 6, 6, 6],  # Publish Snapshot (type 6)
    (0x0702, 0x07): [2, 4, 1, 2, 2, ("*", [3])],  # Get Sampled Data Response
    (0x0702, 0x0C): [4, 4, 4, 1],  # Supply Status Response
    (0x0702, 0x0D): [2],  # Start Sampling Response
    (0x0705, 0x01): [*_SNAPSHOT_HEADER, 4, 4, 4, 4, 4, 4],  # Publish Prepay Snapshot (type 0)
    (0x0705, 0x02): [1, 4, 4, 4],  # Change Payment Mode Response
    (0x0705, 0x03): [1, 4, 1, 4],  # Consumer Top Up Response
    (0x0705, 0x05): [1, 1, ("*", ["s", 4, 4])],  # Publish Top Up Log
    (0x0705, 0x06): [1, 1, ("*", [4, 4, 1, 4])],  # Publish Debt Log
    (0x0707, 0x01): [4, 4, 4, 1, 1, 1, 1, 1, ("*", [2, 1])],  # Publish Day Profile
    (0x0707, 0x02): [4, 4, 4, 1, 7],  # Publish Week Profile
    (0x0707, 0x03): [4, 4, 4, 1, 1, ("*", [4, 1])],  # Publish Seasons
    (0x0707, 0x04): [4, 4, 4, 4, 1, 1, 1, 1, ("*", [4, 1])],  # Publish Special Days
    (0x0708, 0x04): [1, 1, ("*", [2, 1])],  # Report Event Configuration
    (0x0709, 0x01): [2, 1, 1, 1, ("*", [1, 2, 4, "s"])],  # Publish Event Log
    (0x0709, 0x02): [1],  # Clear Event Log Response
}


def layout(cluster: int, command: int, payload: bytes) -> Any:
    """The field layout of a cluster-specific response; raises if the payload does not fit it."""
    spec = ZCL_LAYOUTS.get((cluster, command))
    if spec is None:
        return ("unparsed", len(payload))
    pos, out = 0, []
    for item in spec:
        if isinstance(item, tuple):
            records = set()
            while pos < len(payload):
                record = []
                for width in item[1]:
                    n = 1 + payload[pos] if width == "s" else width
                    record.append(width)
                    pos += n
                records.add(tuple(record))
            out.append(("*", tuple(sorted(records, key=str))))
            continue
        pos += 1 + payload[pos] if item == "s" else item
        out.append(item)
    assert pos == len(payload), f"{cluster:#06x}/{command:#04x}: {len(payload) - pos} bytes beyond the layout"
    return tuple(out)


def _plaintexts(msg: GbcsMessage, decrypt: Callable[[GbcsMessage, bytes], bytes]) -> list[tuple[dict[str, Any], bytes]]:
    out = []
    for c in gbz.decode(msg.payload)["components"]:
        raw = bytes.fromhex(c["zcl_payload"])
        if c["control"] & z.CONTROL_ENCRYPTED:
            n = int.from_bytes(raw[:2], "big")
            assert len(raw) == 2 + n and raw[2:7] == b"\x31\x00\x00\x00\x00", "GBZ encrypted block layout"
            raw = decrypt(msg, raw[7:])
        out.append((c, raw))
    return out


def gbz_structure(msg: GbcsMessage, decrypt: Callable[[GbcsMessage, bytes], bytes]) -> list[Any]:
    """Per component: ((cluster, sequence), encrypted, last, body)."""
    out: list[Any] = []
    for c, plain in _plaintexts(msg, decrypt):
        fc, cmd = c["frame_control"], c["command"]
        if cmd == z.READ_ATTRIBUTES_RESPONSE and not fc & 1:
            body: Any = ("read", fc, tuple((r.attribute, r.status, r.zcl_type) for r in z.decode_read_response(plain)))
        elif cmd == z.DEFAULT_RESPONSE and not fc & 1 and plain[1:2] == bytes([z.STATUS_NOT_FOUND]):
            body = ("not-found", fc, plain[0])
        elif cmd == z.DEFAULT_RESPONSE and not fc & 1:
            body = ("default", fc, plain.hex())
        else:
            body = ("entry", cmd, fc, layout(c["cluster"], cmd, plain))
        out.append(((c["cluster"], c["sequence"]), bool(c["control"] & z.CONTROL_ENCRYPTED),
                    bool(c["control"] & z.CONTROL_LAST), body))
    return out


def compatible(ours: Any, theirs: Any) -> bool:
    """Equal, except that an empty repetition (no log entries, no special days…) fits any repetition:
    how many entries a device holds is its history, not the structure."""
    if isinstance(ours, tuple) and isinstance(theirs, tuple):
        if len(ours) == 2 and ours[0] in ("*", "array") and theirs[:1] == ours[:1] and () in (ours[1], theirs[1]):
            return True
        return len(ours) == len(theirs) and all(compatible(a, b) for a, b in zip(ours, theirs, strict=True))
    return bool(ours == theirs)


def _groups(items: list[Any]) -> list[tuple[Any, list[Any]]]:
    groups: list[tuple[Any, list[Any]]] = []
    for key, enc, _last, body in items:
        if groups and groups[-1][0] == key:
            groups[-1][1].append((enc, body))
        else:
            groups.append((key, [(enc, body)]))
    return groups


def _covered(items: list[Any], by: list[Any]) -> bool:
    return all(any(compatible(a, b) for b in by) for a in items)


def gbz_equal(ours: list[Any], theirs: list[Any]) -> str | None:
    """None when equal in structure, else where they differ (see module docstring)."""
    if not ours or not ours[-1][2] or any(item[2] for item in ours[:-1]):
        return "GBZ 'last component' flag misplaced"
    a, b = _groups(ours), _groups(theirs)
    if [k for k, _ in a] != [k for k, _ in b]:
        return f"components differ: ours {[k for k, _ in a]} vs RTDS {[k for k, _ in b]}"
    for (key, mine), (_, rtds) in zip(a, b, strict=True):
        if any(body[0] == "not-found" for _, body in mine + rtds):  # a log read: entries found or not
            found_mine = [e for e in mine if e[1][0] != "not-found"]
            found_rtds = [e for e in rtds if e[1][0] != "not-found"]
            if found_rtds and not _covered(found_mine, found_rtds):
                return f"component {key}: log entries {found_mine} vs RTDS {found_rtds}"
        elif not (_covered(mine, rtds) and _covered(rtds, mine)):
            return f"component {key}: ours {mine} vs RTDS {rtds}"
    return None


def dlms_tree(value: DlmsValue) -> Any:
    if value.type == "array":
        return ("array", tuple(sorted({repr(dlms_tree(v)) for v in value.value})))
    if value.type == "structure":
        return ("structure", tuple(dlms_tree(v) for v in value.value))
    if value.type == "compact-array":
        return ("compact-array", repr(value.value[0]))
    return value.type


def dlms_structure(payload: bytes) -> Any:
    r = dlms_apdu.decode_response(payload)
    return (tuple(r.results), tuple(dlms_tree(d) for d in r.data))


def asn1_tree(nodes: list[dict[str, Any]]) -> Any:
    out = []
    for n in nodes:
        kids = n.get("children")
        if kids is None:
            out.append(n["tag"])
        elif n["tag"] == "SEQUENCE" and kids and all(k["tag"] == "SEQUENCE" for k in kids):
            out.append(("SEQUENCE OF", tuple(sorted({repr(asn1_tree([k])) for k in kids}))))
        else:
            out.append((n["tag"], asn1_tree(kids)))
    return tuple(out)


def other_information_fields(msg: GbcsMessage) -> tuple[str, ...]:
    """Which supplementary fields a message's other-information carries (GBCS 7.2.8)."""
    o = msg.header.other_information
    fields = {"remote party": o.supplementary_remote_party_id, "remote counter": o.supplementary_remote_party_counter,
              "originator counter": o.supplementary_originator_counter,
              "certificate": o.supplementary_remote_party_ka_certificate}
    return tuple(name for name, value in fields.items() if value is not None)


def compare(ours: GbcsMessage, theirs: GbcsMessage, target: SimDevice) -> str | None:
    """None when our response has the RTDS response's structure, else the difference."""
    if (ours.kind, ours.header.message_code) != (theirs.kind, theirs.header.message_code):
        return (f"kind / code {ours.kind} {ours.header.message_code:#06x} vs {theirs.kind} "
                f"{theirs.header.message_code:#06x}")
    if not verify(ours, target):
        return "our MAC / signature does not verify"
    if (ours.header.date_time is None) != (theirs.header.date_time is None):
        return f"header date-time {'present' if ours.header.date_time else 'absent'}, RTDS's not"
    if other_information_fields(ours) != other_information_fields(theirs):
        return f"other-information {other_information_fields(ours)} vs RTDS {other_information_fields(theirs)}"
    first = theirs.payload[:1]
    if first == b"\xda":
        a, b = dlms_structure(ours.payload), dlms_structure(theirs.payload)
        return None if compatible(a, b) else f"DLMS {a} vs RTDS {b}"
    if theirs.payload[:2] == z.PROFILE_SE.to_bytes(2, "big"):
        return gbz_equal(gbz_structure(ours, decryptor(target)), gbz_structure(theirs, decryptor(None)))
    a, b = asn1_tree(asn1.decode(ours.payload)), asn1_tree(asn1.decode(theirs.payload))
    return None if a == b else f"ASN.1 {a} vs RTDS {b}"


def command(target: SimDevice, message_code: int, payload: bytes, counter: int, *,
            originator: Eui64 = SUPPLIER, signed: bool = False) -> bytes:
    """A command of our own making (payload, message code) for ``target``, as :func:`readdress` frames."""
    header = GroupingHeader(CraFlag.COMMAND, counter, originator, target.eui, OtherInformation(message_code))
    return readdress(header, payload, target, signed=signed)


def gbz_command(target: SimDevice, message_code: int, components: list[z.Component], counter: int, *,
                signed: bool = False) -> bytes:
    return command(target, message_code, z.encode_gbz(components), counter, signed=signed)


def answers(result: Any, target: SimDevice) -> list[tuple[dict[str, Any], bytes]]:
    """The components of our GBZ response with their (decrypted) ZCL payloads."""
    assert result.response is not None, f"no response; alerts {result.alerts}"
    msg = decode_message(result.response)
    assert verify(msg, target)
    return _plaintexts(msg, decryptor(target))


def alert_codes(raws: Any) -> list[int]:
    """The alert codes of GBZ / DLMS / ASN.1 alert messages."""
    out = []
    for raw in raws:
        msg = decode_message(raw)
        p = msg.payload
        if p[:2] == z.PROFILE_SE.to_bytes(2, "big"):
            out.append(int.from_bytes(p[3:5], "big"))
        elif p[:1] == b"\x0f":
            out.append(int.from_bytes(p[p.index(b"\x12", 6) + 1:p.index(b"\x12", 6) + 3], "big"))
        else:
            out.append(asn1.decode(p)[0]["children"][0]["value"])
    return out


def sampled_data_request(sample_id: int, earliest: datetime, samples: int) -> bytes:
    """ZSE Get Sampled Data: sample id, earliest sample time, sample type 0, number of samples."""
    return (sample_id.to_bytes(2, "little") + z.zigbee_time(earliest).to_bytes(4, "little") + b"\x00"
            + samples.to_bytes(2, "little"))
