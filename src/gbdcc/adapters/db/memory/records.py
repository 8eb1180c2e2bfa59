"""In-memory SMKI certificate records, Smart Metering Inventory and audit trail."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime

from gbdcc.adapters.db.errors import utc, utc_or_none
from gbdcc.adapters.db.keys import serial_key
from gbdcc.adapters.db.memory.state import Repository
from gbdcc.adapters.db.names import normalise_dn
from gbdcc.domain.errors import DeviceAlreadyExists, DeviceUnknown
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, StatusChange
from gbdcc.domain.requests import AuditRecord
from gbdcc.domain.smki import CertificateKind, CertificateRecord, KeyUsage, RevocationReason


class InMemoryCertificateRepository(Repository):
    def put(self, record: CertificateRecord) -> None:
        key = (normalise_dn(record.issuer), serial_key(record.serial))
        stored = replace(record, not_before=utc(record.not_before, "not_before"),
                         not_after=utc_or_none(record.not_after, "not_after"),
                         revoked_at=utc_or_none(record.revoked_at, "revoked_at"))
        self._s().certificates.setdefault(key, stored)

    def authorities(self) -> Sequence[CertificateRecord]:
        return [r for _, r in sorted(self._s().certificates.items()) if r.kind is CertificateKind.CA]

    def revoke(self, issuer: str, serial: int, at: datetime, reason: RevocationReason) -> bool:
        key = (normalise_dn(issuer), serial_key(serial))
        record = self._s().certificates.get(key)
        if record is None:
            return False
        if record.revoked_at is None:
            self._s().certificates[key] = replace(record, revoked_at=utc(at, "revoked_at"), revocation_reason=reason)
        return True

    def by_issuer_serial(self, issuer: str, serial: int) -> CertificateRecord | None:
        return self._s().certificates.get((normalise_dn(issuer), serial_key(serial)))

    def by_serial(self, serial: int) -> Sequence[CertificateRecord]:
        found = sorted((k, r) for k, r in self._s().certificates.items() if r.serial == serial)
        return [r for _, r in found]

    def by_eui_usage(self, eui: Eui64, usage: KeyUsage) -> Sequence[CertificateRecord]:
        found = [(k, r) for k, r in self._s().certificates.items()
                 if r.subject_eui == eui and r.key_usage == usage]
        found.sort(key=lambda kr: kr[0])
        found.sort(key=lambda kr: kr[1].not_before, reverse=True)  # stable: newest first, then key
        return [r for _, r in found]


def _utc_device(d: Device) -> Device:
    history = tuple(StatusChange(c.status, utc(c.at, "history at"), c.cause) for c in d.history)
    return replace(d, status_at=utc(d.status_at, "status_at"), history=history)


class InMemoryInventoryRepository(Repository):
    def get(self, device_id: Eui64) -> Device | None:
        return self._s().devices.get(device_id)

    def add(self, device: Device) -> None:
        stored = _utc_device(device)
        if device.device_id in self._s().devices:
            raise DeviceAlreadyExists(f"device {device.device_id} is already in the SMI")
        self._s().devices[device.device_id] = stored

    def update(self, device: Device) -> None:
        stored = _utc_device(device)
        if device.device_id not in self._s().devices:
            raise DeviceUnknown(f"device {device.device_id} is not in the SMI")
        self._s().devices[device.device_id] = stored

    def delete(self, device_id: Eui64) -> None:
        self._s().devices.pop(device_id, None)

    def by_mpxn(self, mpxn: str, limit: int) -> Sequence[Device]:
        return self._where(lambda d: d.import_mpxn == mpxn, limit)

    def by_uprn(self, uprn: str, limit: int) -> Sequence[Device]:
        return self._where(lambda d: d.uprn == uprn, limit)

    def by_postcode(self, postcode: str, address_identifier: str | None, limit: int) -> Sequence[Device]:
        return self._where(
            lambda d: d.postcode == postcode
            and (address_identifier is None or d.address_identifier == address_identifier),
            limit,
        )

    def by_chf(self, chf_id: Eui64) -> Sequence[Device]:
        return self._where(lambda d: d.chf_id == chf_id, None)

    def _where(self, pred: Callable[[Device], bool], limit: int | None) -> list[Device]:
        found = [d for _, d in sorted(self._s().devices.items()) if pred(d)]
        return found if limit is None else found[: max(limit, 0)]


class InMemoryAuditRepository(Repository):
    def append(self, record: AuditRecord) -> int:
        state = self._s()
        seq = state.next_seq
        state.audit[seq] = replace(record, received_at=utc(record.received_at, "received_at"))
        state.next_seq = seq + 1
        return seq

    def for_request(self, request_id: str) -> Sequence[AuditRecord]:
        return [r for _, r in sorted(self._s().audit.items()) if r.request_id == request_id]

    def recent(self, limit: int) -> Sequence[AuditRecord]:
        return [r for _, r in sorted(self._s().audit.items(), reverse=True)[: max(limit, 0)]]
