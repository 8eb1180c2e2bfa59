"""The CPL model (R-PKI-2, R-SEC-3): one canonical spelling, strict reading, release notes refused, and the
matching that commissioning (8.1.1) and firmware updates (11.1) rely on."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from gbdcc.domain import cpl
from gbdcc.domain.errors import CplMalformed, CplReleaseNotes, DeviceNotCertified, FirmwareNotCertified
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus

T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)
HASH_A, HASH_B = "a" * 64, "b" * 64


def entry(model: str = "SM-ESME", kind: str = "ESME", firmware: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {"device_type": kind, "manufacturer": "SimMeter Ltd", "model": model, "hardware_version": "HW1",
            "firmware": firmware or [{"version": "00000002", "sha256": HASH_B},
                                     {"version": "00000001", "sha256": HASH_A}]}


def source(*entries: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"version": 3, "issued_at": "2026-06-01T09:00:00Z", "entries": list(entries), **extra}


def device(model: str | None = "SM-ESME", firmware: str | None = None, kind: DeviceType = DeviceType.ESME) -> Device:
    return Device(Eui64(0x00DB123456789001), kind, SmiStatus.INSTALLED_NOT_COMMISSIONED, T0,
                  manufacturer="SimMeter Ltd", model=model, firmware_version=firmware)


def test_the_canonical_document_is_the_only_spelling_and_reads_back() -> None:
    listed = cpl.build(source(entry("SM-GSME", "GSME"), entry()))
    doc = cpl.canonical_bytes(listed)
    assert cpl.parse_document(doc) == listed
    assert [e.model for e in listed.entries] == ["SM-ESME", "SM-GSME"]  # sorted by device type, then model
    assert [f.version for f in listed.entries[0].firmware] == ["00000001", "00000002"]
    # the same list written any other way is not accepted as a signed document
    pretty = json.dumps(json.loads(doc), indent=1).encode()
    with pytest.raises(CplMalformed, match="canonical form"):
        cpl.parse_document(pretty)


@pytest.mark.parametrize(("change", "named"), [
    (lambda d: d.update(format="other/1"), "format"),
    (lambda d: d.update(version=0), "version"),
    (lambda d: d["entries"][0].update(device_type="TOASTER"), "device_type"),
    (lambda d: d["entries"][0]["firmware"][0].update(sha256="XYZ"), "sha256"),
    (lambda d: d["entries"][0].update(colour="red"), "unknown colour"),
    (lambda d: d["entries"].append(dict(d["entries"][0])), "listed twice"),
    (lambda d: d.update(issued_at="2026-06-01"), "issued_at"),
])
def test_r_pki_2_a_cpl_off_the_format_is_refused_naming_the_field(change: Any, named: str) -> None:
    data = source(entry())
    data["format"] = cpl.FORMAT
    change(data)
    with pytest.raises(CplMalformed, match=named) as refused:
        cpl.build(data)
    assert refused.value.rule == "R-PKI-2"


@pytest.mark.parametrize("key", ["release_notes", "ReleaseNotes", "manufacturer release notes", "Release-Note"])
def test_r_sec_3_a_cpl_input_with_manufacturer_release_notes_is_refused(key: str) -> None:
    with_notes = entry()
    with_notes["firmware"][0][key] = "fixes the tariff switch bug"
    with pytest.raises(CplReleaseNotes, match="not published on the Certified Products List") as refused:
        cpl.build(source(with_notes))
    assert refused.value.rule == "R-SEC-3" and refused.value.code == "GBDCC-853"
    assert "entries[0].firmware[0]" in refused.value.reason


def test_r_sec_3_release_notes_at_the_top_level_of_a_signed_document_are_refused_too() -> None:
    doc = json.dumps({**source(entry()), "format": cpl.FORMAT, "release_notes": "x"}, sort_keys=True,
                     separators=(",", ":")).encode()
    with pytest.raises(CplReleaseNotes):
        cpl.parse_document(doc)


def test_r_pki_2_check_device_finds_the_model_and_its_recorded_firmware() -> None:
    listed = cpl.build(source(entry()))
    assert listed.check_device(device()).model == "SM-ESME"
    assert listed.check_device(device(firmware="00000002")).model == "SM-ESME"
    for bad, why in ((device(model="SM-X"), "model is not on"), (device(firmware="00000009"), "firmware version"),
                     (device(model=None), "records no manufacturer"), (device(kind=DeviceType.GSME), "model is not")):
        with pytest.raises(DeviceNotCertified, match=why) as refused:
            listed.check_device(bad)
        assert refused.value.rule == "R-PKI-2" and refused.value.response_code == "E5"


def test_r_pki_2_check_image_needs_the_hash_under_that_version_and_the_devices_model() -> None:
    listed = cpl.build(source(entry(), entry("SM-GSME", "GSME", [{"version": "00000007", "sha256": "c" * 64}])))
    assert listed.check_image(HASH_A, "00000001", [device()]).model == "SM-ESME"
    with pytest.raises(FirmwareNotCertified, match="is not on the Certified Products List"):
        listed.check_image("d" * 64, "00000001", [])
    with pytest.raises(FirmwareNotCertified, match="not certified as version"):
        listed.check_image(HASH_A, "00000002", [])
    with pytest.raises(FirmwareNotCertified, match="not certified for GSME"):
        listed.check_image(HASH_A, "00000001", [device(model="SM-GSME", kind=DeviceType.GSME)])
