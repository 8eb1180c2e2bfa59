"""Ports: the small interfaces the use-case handlers need from the outside world.

Adapters implement them (``adapters/db`` for SQL and in-memory storage, ``adapters/duis`` for the XML
codec and signatures, ``adapters/smki`` for certificates). Handlers receive them from ``bootstrap``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from gbdcc.domain.coverage import WanCoverage
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device
from gbdcc.domain.parties import User
from gbdcc.domain.requests import AuditRecord
from gbdcc.domain.smki import CertificateRecord, KeyUsage
from gbdcc.service.messages import InboundRequest, OutboundResponse


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class UserRepository(Protocol):
    def get(self, user_id: Eui64) -> User | None: ...
    def put(self, user: User) -> None:
        """Insert or replace the User (roles and response URL included)."""
        ...
    def list(self) -> Sequence[User]: ...


class CounterRepository(Protocol):
    def last(self, user_id: Eui64) -> int | None: ...
    def advance(self, user_id: Eui64, counter: int) -> bool:
        """Record ``counter`` as the User's latest if it is strictly greater than the stored one.

        Returns False (and changes nothing) when it is not: a replay (DUIS 3.2.3). Must be atomic
        against concurrent calls for the same User within the unit of work's transaction.
        """
        ...


class CertificateRepository(Protocol):
    def put(self, record: CertificateRecord) -> None:
        """Insert the record (idempotent on issuer + serial)."""
        ...
    def by_issuer_serial(self, issuer: str, serial: int) -> CertificateRecord | None:
        """``issuer`` in the canonical form ``CertificateRecord.issuer`` uses (the SMKI adapter's
        ``normalise_issuer``: callers holding raw DUIS ``X509IssuerName`` text canonicalise it first).
        Storage compares it after folding RFC 4514 spacing only."""
        ...
    def by_eui_usage(self, eui: Eui64, usage: KeyUsage) -> Sequence[CertificateRecord]: ...


class InventoryRepository(Protocol):
    def get(self, device_id: Eui64) -> Device | None: ...
    def add(self, device: Device) -> None: ...
    def update(self, device: Device) -> None: ...
    def delete(self, device_id: Eui64) -> None: ...
    def by_mpxn(self, mpxn: str, limit: int) -> Sequence[Device]: ...
    def by_uprn(self, uprn: str, limit: int) -> Sequence[Device]: ...
    def by_postcode(self, postcode: str, address_identifier: str | None, limit: int) -> Sequence[Device]: ...
    def by_chf(self, chf_id: Eui64) -> Sequence[Device]: ...


class AuditRepository(Protocol):
    def append(self, record: AuditRecord) -> int:
        """Store the record; returns its sequence number."""
        ...
    def for_request(self, request_id: str) -> Sequence[AuditRecord]: ...
    def recent(self, limit: int) -> Sequence[AuditRecord]: ...


class UnitOfWork(Protocol):
    """One transaction over all repositories. Nothing is durable until ``commit`` returns."""

    users: UserRepository
    counters: CounterRepository
    certificates: CertificateRepository
    inventory: InventoryRepository
    audit: AuditRepository

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back unless committed."""
        ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> UnitOfWork:
        """A new unit; ``read_only`` units may run beside a writer and must not write."""
        ...




class DuisCodec(Protocol):
    """DUIS XML in and out (``adapters/duis``)."""

    def parse(self, raw: bytes) -> InboundRequest:
        """Parse safely and check the structure; raises ``MalformedRequest`` and subclasses."""
        ...
    def verify_signature(self, request: InboundRequest, certificate_der: bytes, at: datetime) -> None:
        """Verify the enveloped XML signature with the certificate as valid at ``at`` (the caller decided
        the certificate may be used); raises ``AuthenticationFailed`` with the reason."""
        ...
    def encode_response(self, response: OutboundResponse) -> bytes:
        """Build the compact DUIS Response and sign it with the DCC's XML-signing key."""
        ...


class CoverageDatabase(Protocol):
    """The SM WAN Coverage Database (SEC F7; simulated in ``adapters/wan``)."""

    def lookup(self, postcode: str, at: datetime) -> WanCoverage:
        """Coverage at ``postcode``; raises ``InvalidIdentifier`` for a postcode outside GB's CSP regions."""
        ...
