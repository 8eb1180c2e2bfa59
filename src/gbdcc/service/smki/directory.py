"""Certificate search and retrieval over the SMKI repository (SEC L; the SMKI Repository Interface).

A User looks certificates up to verify what the DCC hands it: an Organisation Certificate by its subject
EUI-64 (optionally a Remote Party Role), a Device Certificate by the device's EUI-64 (subjectAltName), then
the certificate itself by serial number. The DCC Boxed SMKI service answers the same two questions, and
its clients (the Node-RED nodes) use them to verify the MACs and signatures of GBCS responses.

Simulated devices have no stored certificates (their keys derive from the estate seed, see
``adapters/smki/device_keys``): the first search for one issues its certificates through
:class:`SimulatedDeviceCertificates` and stores them, so the retrieval by serial that follows finds them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import (
    CertificateKind,
    CertificateRecord,
    CertificateStatus,
    KeyUsage,
    RemotePartyRole,
    certificate_status,
)
from gbdcc.service.ports import Clock, UnitOfWorkFactory


class SimulatedDeviceCertificates(Protocol):
    """The Device Certificates of a simulated device (digital signing and key agreement)."""

    def records(self, device_id: Eui64) -> Sequence[CertificateRecord]: ...


@dataclass(frozen=True, slots=True)
class CertificateQuery:
    """Search by subject: an organisation's EUI-64 (``device`` False) or a device's (``device`` True)."""

    subject: Eui64
    device: bool
    role: RemotePartyRole | None = None
    usage: KeyUsage | None = None
    status: CertificateStatus | None = None


@dataclass(frozen=True, slots=True)
class CertificateEntry:
    record: CertificateRecord
    status: CertificateStatus

    @property
    def device(self) -> bool:
        return self.record.kind is CertificateKind.DEVICE


class SmkiDirectory:
    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, simulated: SimulatedDeviceCertificates,
                 *, test_pki: bool = False) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._simulated = simulated
        self._test_pki = test_pki

    def search(self, query: CertificateQuery) -> list[CertificateEntry]:
        """Every certificate of the subject that matches the query, digital signing before key agreement."""
        kind = CertificateKind.DEVICE if query.device else CertificateKind.ORGANISATION
        records = [r for r in self._stored(query.subject) if r.kind is kind]
        if query.device and not records:
            records = self._issue_simulated(query.subject)
        entries = [self._entry(r) for r in records
                   if (query.role is None or r.role is query.role)
                   and (query.usage is None or r.key_usage is query.usage)]
        return [e for e in entries if query.status is None or e.status is query.status]

    def retrieve(self, serial: int) -> CertificateEntry | None:
        """The end-entity certificate with that serial (CA certificates are not served here)."""
        with self._uow_factory(read_only=True) as uow:
            records = [r for r in uow.certificates.by_serial(serial) if r.kind is not CertificateKind.CA]
        return self._entry(records[0]) if records else None

    def _stored(self, subject: Eui64) -> list[CertificateRecord]:
        with self._uow_factory(read_only=True) as uow:
            return [r for usage in (KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_AGREEMENT)
                    for r in uow.certificates.by_eui_usage(subject, usage)]

    def _issue_simulated(self, device_id: Eui64) -> list[CertificateRecord]:
        """A device of the SMI that holds certificates (not Type 2) and has none stored is simulated."""
        with self._uow_factory(read_only=True) as uow:
            device = uow.inventory.get(device_id)
        if device is None or device.device_type.is_type2:
            return []
        records = list(self._simulated.records(device_id))
        with self._uow_factory() as uow:
            for record in records:
                uow.certificates.put(record)
            uow.commit()
        return records

    def _entry(self, record: CertificateRecord) -> CertificateEntry:
        return CertificateEntry(record, certificate_status(record, self._clock.now(), test_pki=self._test_pki))
