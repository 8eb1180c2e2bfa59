"""In-memory security registers (R-SEC-1, R-SEC-2; ``domain.security``).

One map of the unit's state holds every record under a ``(kind, key)`` tuple; its values are immutable, so the
unit's shallow copy isolates it. The ``stored_*`` helpers (instants to UTC, naive ones refused) are shared with
the SQL repository, so both store and refuse alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from gbdcc.adapters.db.errors import NotStored, utc, utc_or_none
from gbdcc.adapters.db.memory.state import KeyedRecords
from gbdcc.domain.security import (
    CredentialToken,
    SecurityDispute,
    SigningSoftwareRelease,
    SoftwareCopy,
    VulnerabilityNotice,
)


def stored_token(t: CredentialToken) -> CredentialToken:
    return replace(t, issued_at=utc(t.issued_at, "issued_at"), ended_at=utc_or_none(t.ended_at, "ended_at"))


def stored_release(r: SigningSoftwareRelease) -> SigningSoftwareRelease:
    return replace(r, issued_at=utc(r.issued_at, "issued_at"))


def stored_copy(c: SoftwareCopy) -> SoftwareCopy:
    return replace(c, distributed_at=utc(c.distributed_at, "distributed_at"))


def stored_notice(n: VulnerabilityNotice) -> VulnerabilityNotice:
    return replace(n, issued_at=utc(n.issued_at, "issued_at"))


def stored_dispute(d: SecurityDispute) -> SecurityDispute:
    return replace(d, raised_at=utc(d.raised_at, "raised_at"),
                   default_notified_at=utc_or_none(d.default_notified_at, "default_notified_at"))


class InMemorySecurityRegisterRepository(KeyedRecords):
    def _map(self) -> dict[tuple[str, Any], Any]:
        return self._s().security

    def put_token(self, token: CredentialToken) -> None:
        self._map()[("token", token.token_id)] = stored_token(token)

    def get_token(self, token_id: str) -> CredentialToken | None:
        found: CredentialToken | None = self._map().get(("token", token_id))
        return found

    def tokens(self) -> Sequence[CredentialToken]:
        return sorted(self._all("token"), key=lambda t: (t.issued_at, t.token_id))

    def put_release(self, release: SigningSoftwareRelease) -> None:
        self._map()[("release", release.version)] = stored_release(release)

    def get_release(self, version: str) -> SigningSoftwareRelease | None:
        found: SigningSoftwareRelease | None = self._map().get(("release", version))
        return found

    def releases(self) -> Sequence[SigningSoftwareRelease]:
        return sorted(self._all("release"), key=lambda r: (r.issued_at, r.version))

    def add_copy(self, copy: SoftwareCopy) -> None:
        if ("release", copy.version) not in self._map():
            raise NotStored(f"no File Signing Software release {copy.version} stored")
        stored = stored_copy(copy)
        self._map()[("copy", self._next("copy"))] = stored

    def copies(self) -> Sequence[SoftwareCopy]:
        return [v for _, v in sorted((k[1], v) for k, v in self._map().items() if k[0] == "copy")]

    def add_notice(self, notice: VulnerabilityNotice) -> VulnerabilityNotice:
        stored = replace(stored_notice(notice), notice_id=None)
        stored = replace(stored, notice_id=self._next("notice"))
        self._map()[("notice", stored.notice_id)] = stored
        return stored

    def notices(self) -> Sequence[VulnerabilityNotice]:
        return sorted(self._all("notice"), key=lambda n: n.notice_id)

    def add_dispute(self, dispute: SecurityDispute) -> SecurityDispute:
        stored = stored_dispute(dispute)
        stored = replace(stored, dispute_id=self._next("dispute"))
        self._map()[("dispute", stored.dispute_id)] = stored
        return stored

    def put_dispute(self, dispute: SecurityDispute) -> None:
        if dispute.dispute_id is None or ("dispute", dispute.dispute_id) not in self._map():
            raise NotStored(f"security dispute {dispute.dispute_id} is not stored")
        self._map()[("dispute", dispute.dispute_id)] = stored_dispute(dispute)

    def get_dispute(self, dispute_id: int) -> SecurityDispute | None:
        found: SecurityDispute | None = self._map().get(("dispute", dispute_id))
        return found

    def disputes(self) -> Sequence[SecurityDispute]:
        return sorted(self._all("dispute"), key=lambda d: d.dispute_id)
