"""The storage and trust-anchor reads of the post-commissioning report (R-POST-1)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Protocol

from gbdcc.domain.compliance.post_commissioning import CommissionedMeter, RecoveryCheck
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import CertificateRecord


class PostCommissioningRepository(Protocol):
    """``UnitOfWork.post_commissioning``."""

    def commissioned_meters(self, as_of: datetime, update_srvs: Collection[str]) -> Sequence[CommissionedMeter]:
        """Every Smart Meter (ESME, GSME) whose SMI history has a ``Commissioned`` entry at or before ``as_of``,
        by device ID, with its first credentials update by ``as_of`` (a request of ``update_srvs`` to it,
        ``responded`` with I0, at or after commissioning). One statement: the updates and the Registered
        Supplier are correlated index range scans per meter."""
        ...
    def recovery_certificates(self, as_of: datetime) -> Sequence[CertificateRecord]:
        """The Recovery digital-signing Organisation Certificates in the SMKI Repository valid at ``as_of``,
        newest first."""
        ...


class RecoveryCells(Protocol):
    """What each device's Recovery trust anchor cell holds (IEWP 5.6(c))."""

    @property
    def source(self) -> str:
        """Where the cells are read (said in the report's notes)."""
        ...
    def check(self, device_ids: Sequence[Eui64], certificate: CertificateRecord) -> Mapping[Eui64, RecoveryCheck]:
        """Per device: whether its Recovery cell holds ``certificate`` (HOLDS / DIFFERS / EMPTY); devices whose
        cells cannot be read are absent."""
        ...
