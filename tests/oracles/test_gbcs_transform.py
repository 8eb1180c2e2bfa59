"""DUIS → GBCS transform against the RTDS 4.5.0 vectors (same EUIs, counters and keys).

For every template paired with a vector by file-name stem, transform the template and compare with the
vector's Pre-Command (critical) or MAC'd command. The originator counter comes from the vector
message whose counter is the request's (else the first message: DCC-originated commands carry the
ACB's own counter). Commands the DCC signs itself (CS02b handover / TransCoS, CS03A2/CS03C/CS04AC
non-critical) cannot be byte-exact — ECDSA is randomised — so those compare with the signature
removed, and our signature and MAC must verify. A table of mismatches is written to
``var/gbcs_transform_mismatches.txt``.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest

from gbdcc.adapters.duis.safe_xml import parse_xml
from gbdcc.adapters.gbcs import frame
from gbdcc.adapters.gbcs.cli_transform import parse_device_types
from gbdcc.adapters.gbcs.keys import KeyRing
from gbdcc.adapters.gbcs.transform import TransformContext, build, transform
from gbdcc.adapters.wan.devices import der
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.smki import KeyUsage

pytestmark = pytest.mark.oracle

SR = "{http://www.dccinterface.co.uk/ServiceUserGateway}"
# RTDS estate defaults plus the IHD the CS03A2 vector joins (…A5).
DEVICE_TYPES = parse_device_types(["00-DB-12-34-56-78-90-A5=IHD"])
# The RTDS estate's Users (remote-party roles) and the registered supplier of its devices.
ROLES = {"90-B3-D5-1F-30-01-00-00": "SUPPLIER", "90-B3-D5-1F-30-02-00-00": "NETWORK_OPERATOR"}
REGISTERED_SUPPLIER = Eui64.parse("90-B3-D5-1F-30-01-00-00")
# The RTDS estate plays several device models at one EUI (…A0 is single-phase, polyphase, and a
# model of an older GBCS version in turn); the inventory fact each vector's model implies:
POLYPHASE = ("ECS23b_", "ECS26k_", "ECS29f_")
LEGACY = ("ECS08_", "GCS25_", "ECS26d_", "ECS26e_", "ECS26i_", "GCS21d_", "GCS21e_", "GCS60_", "CCS05CCS04_")


def device_facts(stem: str) -> frozenset[str]:
    return frozenset({"polyphase"} if stem.startswith(POLYPHASE) else {"legacy-gbcs"} if stem.startswith(LEGACY)
                     else set())


def context(stem: str, rid: RequestId, ring: KeyRing, counter: int) -> TransformContext:
    return TransformContext(
        keys=ring, counter=counter, device_type=DEVICE_TYPES.get(str(rid.target)),
        user_role=ROLES.get(str(rid.originator)), device_facts=device_facts(stem),
        remote_party=REGISTERED_SUPPLIER,
    )
MATCHED_AT_LEAST = 266

PRIORITY = [
    "CCS01_8.11_SUCCESS", "CCS02_8.11_SUCCESS",
    "CS03A1_8.7.1_SUCCESS", "CS03A2Critical_8.7.1_SUCCESS", "CS03A2NonCritical_8.7.2_SUCCESS",
    "CS03B_8.7.2_SUCCESS", "CS03CCritical_8.7.1_SUCCESS", "CS03CNonCritical_8.7.2_SUCCESS",
    "CS04ACCritical_8.8.1_SUCCESS", "CS04ACNonCritical_8.8.2_SUCCESS", "CS04B_8.8.2_SUCCESS",
    "ECS70Commission_8.1.1_SUCCESS", "ECS70_6.11_SUCCESS", "GCS28Commission_8.1.1_SUCCESS", "GCS28_6.11_SUCCESS",
    "ECS17b_4.1.1_SINGLE_SUCCESS", "ECS17b_4.1.1_TWIN_SUCCESS", "GCS13a_4.1.1_SUCCESS_RELIABLE_GSME",
    "GCS13a_4.1.1_SUCCESS_RELIABLE_GPF", "GCS13a_4.1.1_SUCCESS_UNRELIABLE",
    "ECS22b_4.8.1_SINGLE_SUCCESS", "ECS22b_4.8.1_TWIN_SUCCESS", "GCS17_4.8.1_SUCCESS",
    "ECS01a_1.1.1_IMMEDIATE_TOU_SUCCESS", "ECS01a_1.1.1_IMMEDIATE_BLOCK_SUCCESS",
    "ECS01a_1.1.1_FUTURE_DATED_TOU_BLOCK_SUCCESS", "ECS01a_1.1.1_CANCELLATION_TOU_BLOCK_SUCCESS",
    "GCS01a_1.1.1_IMMEDIATE_TOU_SUCCESS", "GCS01a_1.1.1_CANCELLATION_BLOCK_SUCCESS",
    "ECS42_7.1_SUCCESS", "ECS43_7.2_SUCCESS", "GCS32_7.2_SUCCESS", "ECS45_7.4_SUCCESS", "GCS33_7.4_SUCCESS",
    "ECS39a_6.20.1_SINGLE_SUCCESS", "ECS39a_6.20.1_TWIN_SUCCESS", "GCS41_6.20.1_SUCCESS",
    "CS08_11.2_SUCCESS", "ECS52_11.2_SUCCESS", "GCS38_11.2_SUCCESS",
    "CS02bSupplierBySupplier_6.15.1_IMMEDIATE_SUCCESS", "CS02bSupplierBySupplier_6.15.1_CANCELLATION_SUCCESS",
    "CS02bNOByNO_6.15.1_SUCCESS", "CS02bNOByNOHandover_6.21_SUCCESS",
    "CS02bSupplierBySupplierHandover_6.21_SUCCESS", "CS02bSupplierByTransCoS_6.23_IMMEDIATE_SUCCESS",
    "CS02bSupplierByTransCoS_6.23_CANCELLATION_SUCCESS", "CS02bSupplierByTransCoS_6.23_FUTURE_DATED_SUCCESS",
    "CS02aMAC_6.24.1_SUCCESS", "CS02fMAC_6.24.1_SUCCESS",
]
# Known gaps (reasons in the mismatch table and the lead's report), excluded from the priority assert.
PRIORITY_KNOWN_GAPS = {
    "CS03CNonCritical_8.7.2_SUCCESS",  # PPMID target: CS03A2 chosen over CS03C (needs the other device's type)
}


def _pairs(oracles: Path) -> list[tuple[str, Path, Path]]:
    vectors = {p.name: p for p in (oracles / "rtds-gbcs").glob("*/*.HEX")}
    out = []
    for t in sorted((oracles / "duis-templates").glob("*_REQUEST_DUIS.XML")):
        stem = t.name.removesuffix("_REQUEST_DUIS.XML")
        for suffix in ("_PRECOMMAND_GBCS.HEX", "_COMMAND_GBCS.HEX"):
            if stem + suffix in vectors:
                out.append((stem, t, vectors[stem + suffix]))
                break
    return out


def _strip_signature(msg: frame.GbcsMessage) -> bytes:
    gs = msg.general_signing
    return gs[: msg.content_end]


#: The 6.23 templates carry replacement certificates issued in 2025; their RTDS vectors the 2015 ones. The
#: CS02b embeds the request's certificates, so the vector's are put into the request before comparing.
COS_STEMS = ("CS02bSupplierByTransCoS_6.23_",)
_COS_CERTIFICATES = ("DigitalSigningCertificate", "KeyAgreementCertificate", "KeyAgreementTopUpCertificate")


def _vector_certificates_into(root: Any, payload: bytes) -> None:
    replacements = der.parse(payload).child(1).children
    for name, replacement in zip(_COS_CERTIFICATES, replacements, strict=True):
        element = root.find(f".//{SR}SupplierReplacementCertificates/{SR}{name}")
        element.text = base64.b64encode(replacement.child(0).der).decode()


def _compare(stem: str, template: Path, vector: Path, ring: KeyRing) -> str | None:
    """None when equal, else the reason."""
    root = parse_xml(template.read_bytes())
    rid = RequestId.parse(root.findtext(f"{SR}Header/{SR}RequestID") or "")
    raw = vector.read_text().strip()
    parts = frame.split_messages(bytes.fromhex(raw))
    msgs = [frame.decode_message(p) for p in parts]
    idx = next((i for i, m in enumerate(msgs) if m.header.originator_counter == rid.counter), 0)
    expected, exp_msg = parts[idx], msgs[idx]
    if stem.startswith(COS_STEMS):
        _vector_certificates_into(root, exp_msg.payload)
    ctx = context(stem, rid, ring, exp_msg.header.originator_counter)
    try:
        ours = transform(root, ctx)
    except Exception as exc:
        return f"error: {exc}"
    if ours == expected:
        return None
    header, payload, uc, variant = build(root, ctx)
    if variant.mode.endswith("+signed"):
        mine = frame.decode_message(ours)
        if _strip_signature(mine) == _strip_signature(exp_msg):
            pub = ring.public_key(header.originator, KeyUsage.DIGITAL_SIGNATURE)
            assert pub is not None and frame.verify_signed(mine, pub)
            return "signed-by-DCC (equal except the randomised ECDSA signature and the MAC over it)"
    if header.encode() != exp_msg.header.encode():
        return f"grouping header differs ({uc.name}, mode {variant.mode})"
    return f"payload differs ({uc.name}: {len(payload)} vs {len(exp_msg.payload)} bytes)"


@pytest.fixture(scope="module")
def results(oracles: Path) -> dict[str, str | None]:
    ring = KeyRing.load(oracles / "keys" / "rtds")
    out = {stem: _compare(stem, t, v, ring) for stem, t, v in _pairs(oracles)}
    report = Path(__file__).resolve().parents[2] / "var" / "gbcs_transform_mismatches.txt"
    report.parent.mkdir(exist_ok=True)
    lines = [f"{stem}\t{why}" for stem, why in sorted(out.items()) if why]
    report.write_text(f"{len(out) - len(lines)}/{len(out)} byte-exact\n" + "\n".join(lines) + "\n")
    return out


def test_all_pairs_found(results: dict[str, str | None]) -> None:
    assert len(results) == 279


def test_priority_use_cases_match(results: dict[str, str | None]) -> None:
    bad = {
        s: results[s]
        for s in PRIORITY
        if s not in PRIORITY_KNOWN_GAPS and results[s] is not None and not str(results[s]).startswith("signed-by-DCC")
    }
    assert not bad, bad


def test_total_byte_exact(results: dict[str, str | None]) -> None:
    exact = sum(1 for why in results.values() if why is None)
    assert exact >= MATCHED_AT_LEAST, f"{exact} byte-exact"


def test_device_types_default_to_rtds_estate() -> None:
    assert DEVICE_TYPES[str(Eui64.parse("00-DB-12-34-56-78-90-A1"))] == "GSME"
