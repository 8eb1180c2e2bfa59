"""The storage port of the security registers (``domain.security``; R-SEC-1, R-SEC-2)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from gbdcc.domain.security import (
    CredentialToken,
    SecurityDispute,
    SigningSoftwareRelease,
    SoftwareCopy,
    VulnerabilityNotice,
)


class SecurityRegisterRepository(Protocol):
    """Tokens, File Signing Software releases and their copies, vulnerability notices, security disputes.
    Lists come in a stable order: tokens and releases by issue instant then id, the rest by id."""

    def put_token(self, token: CredentialToken) -> None:
        """Insert or replace the token with that id."""
        ...

    def get_token(self, token_id: str) -> CredentialToken | None: ...
    def tokens(self) -> Sequence[CredentialToken]: ...

    def put_release(self, release: SigningSoftwareRelease) -> None:
        """Insert or replace the release with that version."""
        ...

    def get_release(self, version: str) -> SigningSoftwareRelease | None: ...
    def releases(self) -> Sequence[SigningSoftwareRelease]: ...

    def add_copy(self, copy: SoftwareCopy) -> None:
        """Record a copy distributed (the release must be stored)."""
        ...

    def copies(self) -> Sequence[SoftwareCopy]: ...

    def add_notice(self, notice: VulnerabilityNotice) -> VulnerabilityNotice:
        """Record a notice with its recipients; returns it with its new ``notice_id``."""
        ...

    def notices(self) -> Sequence[VulnerabilityNotice]: ...

    def add_dispute(self, dispute: SecurityDispute) -> SecurityDispute:
        """Record a new dispute; returns it with its new ``dispute_id``."""
        ...

    def put_dispute(self, dispute: SecurityDispute) -> None:
        """Replace the stored dispute with that ``dispute_id`` (it must be stored)."""
        ...

    def get_dispute(self, dispute_id: int) -> SecurityDispute | None: ...
    def disputes(self) -> Sequence[SecurityDispute]: ...
