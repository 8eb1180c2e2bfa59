"""The Certified Products List (CPL): the device models SECCo lists as certified and, per model, the
firmware versions certified for it with the SHA-256 hash of each image (R-PKI-2, R-SEC-3).

The CPL document is JSON, and exactly one byte string stands for a given list: :func:`canonical_bytes`
writes it with sorted keys, no whitespace and ASCII escapes, its entries sorted by (device type,
manufacturer, model, hardware version) and each entry's firmware by version. :func:`parse_document`
accepts only bytes in that form, so what SECCo signed and what the DCC reads are the same bytes
(the signature itself is checked by ``adapters.smki.cpl_file``).

R-SEC-3 — Manufacturer Release Notes are not published on the CPL. gbdcc **refuses** (does not strip) any
CPL input that carries them, at signing and at loading: a field named like release notes anywhere in the
input is a :class:`~gbdcc.domain.errors.CplReleaseNotes`. Refusing tells the producer of the input that it
put something on the list that must not be published; stripping would hide that, and would make the
signed list differ silently from the input it came from.

Matching (:meth:`CertifiedProductsList.check_device`): a device is certified when an entry has its device
type, manufacturer and model and — when the SMI records the device's firmware version — lists that version.
The SMI records no hardware version (DUIS 12.2 carries none), so the entry's ``hardware_version`` is
published and shown but not matched.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from gbdcc.domain.errors import CplMalformed, CplReleaseNotes, DeviceNotCertified, FirmwareNotCertified
from gbdcc.domain.inventory import Device, DeviceType

FORMAT = "gbdcc-cpl/1"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_RELEASE_NOTES = re.compile(r"release[\s_\-.]*notes?", re.IGNORECASE)
_DOC_KEYS = frozenset({"format", "version", "issued_at", "entries"})
_ENTRY_KEYS = frozenset({"device_type", "manufacturer", "model", "hardware_version", "firmware"})
_FIRMWARE_KEYS = frozenset({"version", "sha256"})
MAX_TEXT = 64
MAX_FIRMWARE_VERSION = 8  # DUIS sr:FirmwareVersion is 1-8 characters


@dataclass(frozen=True, slots=True, order=True)
class CertifiedFirmware:
    """One certified firmware version of a device model and the SHA-256 (hex) of its image."""

    version: str
    sha256: str


@dataclass(frozen=True, slots=True)
class CplEntry:
    """A certified device model (manufacturer, model, hardware version, device type) and its firmware."""

    device_type: DeviceType
    manufacturer: str
    model: str
    hardware_version: str
    firmware: tuple[CertifiedFirmware, ...]

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.device_type.value, self.manufacturer, self.model, self.hardware_version)

    def matches(self, device_type: DeviceType, manufacturer: str | None, model: str | None) -> bool:
        return (self.device_type is device_type and self.manufacturer == manufacturer
                and self.model == model)


@dataclass(frozen=True, slots=True)
class CertifiedProductsList:
    """One version of the CPL. Build it with :func:`build`; read signed bytes with :func:`parse_document`."""

    version: int
    issued_at: datetime
    entries: tuple[CplEntry, ...]

    def firmware_count(self) -> int:
        return sum(len(e.firmware) for e in self.entries)

    def check_device(self, device: Device) -> CplEntry:
        """R-PKI-2: the entry that certifies ``device``'s model (and recorded firmware version), or
        :class:`DeviceNotCertified` naming what is missing."""
        what = f"{device.device_type} {device.device_id} ({device.manufacturer!r} {device.model!r})"
        if not device.manufacturer or not device.model:
            raise DeviceNotCertified(f"{what}: the SMI records no manufacturer / model for it, so it cannot be "
                                     f"found on the Certified Products List (version {self.version})")
        models = [e for e in self.entries if e.matches(device.device_type, device.manufacturer, device.model)]
        if not models:
            raise DeviceNotCertified(f"{what}: the device model is not on the Certified Products List in force "
                                     f"(version {self.version})")
        if device.firmware_version is None:
            return models[0]
        for entry in models:
            if any(f.version == device.firmware_version for f in entry.firmware):
                return entry
        raise DeviceNotCertified(f"{what}: firmware version {device.firmware_version!r} is not certified for the "
                                 f"model on the Certified Products List in force (version {self.version})")

    def check_image(self, sha256: str, version: str, devices: Iterable[Device]) -> CplEntry:
        """R-PKI-2 for 11.1 Update Firmware: the image hash is on the CPL under ``version`` and, for every
        device named that the SMI knows, under that device's model."""
        holders = [e for e in self.entries if any(f.sha256 == sha256 for f in e.firmware)]
        if not holders:
            raise FirmwareNotCertified(f"firmware image SHA-256 {sha256} is not on the Certified Products List in "
                                       f"force (version {self.version})")
        holders = [e for e in holders if CertifiedFirmware(version, sha256) in e.firmware]
        if not holders:
            raise FirmwareNotCertified(f"firmware image SHA-256 {sha256} is not certified as version {version!r} "
                                       f"on the Certified Products List (version {self.version})")
        for device in devices:
            if not any(e.matches(device.device_type, device.manufacturer, device.model) for e in holders):
                raise FirmwareNotCertified(
                    f"firmware image SHA-256 {sha256} is not certified for {device.device_type} {device.device_id} "
                    f"({device.manufacturer!r} {device.model!r}) on the Certified Products List (version "
                    f"{self.version})")
        return holders[0]


def build(data: Mapping[str, Any], *, version: int | None = None, issued_at: datetime | None = None) \
        -> CertifiedProductsList:
    """A CPL from SECCo's input (the JSON shape of the document; ``format`` optional, ``version`` and
    ``issued_at`` may come from the arguments instead). Refuses release notes (R-SEC-3) and anything off
    the format (:class:`CplMalformed`, naming the field)."""
    refuse_release_notes(data)
    if not isinstance(data, Mapping):
        raise CplMalformed("a CPL is a JSON object")
    body = dict(data)
    body.setdefault("format", FORMAT)
    if version is not None:
        body["version"] = version
    if issued_at is not None:
        body["issued_at"] = _instant_text(issued_at)
    return _from_json(body)


def parse_document(document: bytes) -> CertifiedProductsList:
    """The CPL in a signed document's bytes, which must be in canonical form (R-PKI-2: the bytes SECCo
    signed are the only spelling of the list)."""
    try:
        data = json.loads(document.decode("ascii"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CplMalformed(f"the CPL document is not ASCII JSON ({exc})") from None
    refuse_release_notes(data)
    cpl = _from_json(data)
    if canonical_bytes(cpl) != document:
        raise CplMalformed("the CPL document is not in canonical form (sorted keys, no whitespace, entries and "
                           "firmware in order): its signed bytes would not be its only spelling")
    return cpl


def canonical_bytes(cpl: CertifiedProductsList) -> bytes:
    """The one byte string that stands for ``cpl`` (what SECCo signs)."""
    doc = {
        "format": FORMAT,
        "version": cpl.version,
        "issued_at": _instant_text(cpl.issued_at),
        "entries": [{
            "device_type": e.device_type.value, "manufacturer": e.manufacturer, "model": e.model,
            "hardware_version": e.hardware_version,
            "firmware": [{"version": f.version, "sha256": f.sha256} for f in e.firmware],
        } for e in cpl.entries],
    }
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def refuse_release_notes(value: object, path: str = "") -> None:
    """R-SEC-3: any key named like "release notes" (``release_notes``, ``ReleaseNotes``,
    ``manufacturer release notes`` …) anywhere in a CPL input is refused."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if _RELEASE_NOTES.search(str(key)):
                raise CplReleaseNotes(f"the CPL input carries Manufacturer Release Notes at {where!r}: they are not "
                                      "published on the Certified Products List; remove them and sign again")
            refuse_release_notes(item, where)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            refuse_release_notes(item, f"{path}[{i}]")


# -- reading the JSON shape -------------------------------------------------------------------------

def _from_json(data: object) -> CertifiedProductsList:
    doc = _object(data, _DOC_KEYS, "the CPL")
    if doc["format"] != FORMAT:
        raise CplMalformed(f"format is {doc['format']!r}, not {FORMAT!r}")
    version = doc["version"]
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version < 2**63:
        raise CplMalformed(f"version is a positive integer, not {version!r}")
    raw_entries = doc["entries"]
    if not isinstance(raw_entries, list):
        raise CplMalformed("entries is a list")
    entries = sorted((_entry(e, i) for i, e in enumerate(raw_entries)), key=lambda e: e.key)
    for a, b in itertools.pairwise(entries):
        if a.key == b.key:
            raise CplMalformed(f"device model {' / '.join(a.key)} is listed twice")
    return CertifiedProductsList(version, _instant(doc["issued_at"]), tuple(entries))


def _entry(data: object, i: int) -> CplEntry:
    where = f"entries[{i}]"
    e = _object(data, _ENTRY_KEYS, where)
    type_text = e["device_type"]
    if type_text not in DeviceType.__members__:
        raise CplMalformed(f"{where}.device_type is one of {', '.join(DeviceType)}, not {type_text!r}")
    raw_firmware = e["firmware"]
    if not isinstance(raw_firmware, list) or not raw_firmware:
        raise CplMalformed(f"{where}.firmware is a non-empty list of certified versions")
    firmware = sorted(_firmware(f, f"{where}.firmware[{j}]") for j, f in enumerate(raw_firmware))
    versions = [f.version for f in firmware]
    if len(set(versions)) != len(versions):
        raise CplMalformed(f"{where}.firmware lists a version twice")
    return CplEntry(DeviceType(type_text), _text(e, "manufacturer", where), _text(e, "model", where),
                    _text(e, "hardware_version", where), tuple(firmware))


def _firmware(data: object, where: str) -> CertifiedFirmware:
    f = _object(data, _FIRMWARE_KEYS, where)
    version = _text(f, "version", where, limit=MAX_FIRMWARE_VERSION)
    digest = f["sha256"]
    if not isinstance(digest, str) or not _SHA256.match(digest):
        raise CplMalformed(f"{where}.sha256 is 64 lower-case hex digits (the SHA-256 of the image)")
    return CertifiedFirmware(version, digest)


def _object(data: object, keys: frozenset[str], where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise CplMalformed(f"{where} is a JSON object")
    missing, extra = keys - data.keys(), data.keys() - keys
    if missing or extra:
        raise CplMalformed(f"{where}: fields are {', '.join(sorted(keys))}"
                           + (f"; missing {', '.join(sorted(missing))}" if missing else "")
                           + (f"; unknown {', '.join(sorted(map(str, extra)))}" if extra else ""))
    return data


def _text(data: Mapping[str, Any], name: str, where: str, limit: int = MAX_TEXT) -> str:
    value = data[name]
    if not isinstance(value, str) or not 1 <= len(value) <= limit or value != value.strip() \
            or not value.isprintable():
        raise CplMalformed(f"{where}.{name} is printable text of 1-{limit} characters without outer spaces")
    return value


def _instant(value: object) -> datetime:
    if not isinstance(value, str) or not value.endswith("Z"):
        raise CplMalformed(f"issued_at is a UTC instant like 2026-12-01T00:00:00Z, not {value!r}")
    try:
        at = datetime.fromisoformat(value[:-1]).replace(tzinfo=UTC)
    except ValueError:
        raise CplMalformed(f"issued_at is a UTC instant like 2026-12-01T00:00:00Z, not {value!r}") from None
    if _instant_text(at) != value:
        raise CplMalformed(f"issued_at is written to the second, like 2026-12-01T00:00:00Z, not {value!r}")
    return at


def _instant_text(at: datetime) -> str:
    if at.tzinfo is None:
        raise CplMalformed("issued_at must be timezone-aware")
    return at.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"


@dataclass(frozen=True, slots=True)
class CplRecord:
    """A CPL version as the DCC stores it once verified: the signed file as received (re-verified before
    use), its canonical document and the signer's facts. The CPL in force is the highest version stored."""

    version: int
    issued_at: datetime
    loaded_at: datetime
    signer: str  # the file-signing certificate's subject (RFC 4514)
    signer_serial: str  # hex
    party_signifier: str  # SECCo's Party Signifier in the signer's subject (B1.22)
    sha256: str  # of the signed file
    entries: int
    signed_file: bytes
