"""Ports of the Change of Supplier functions (implemented by ``adapters/cos`` and ``adapters/smki``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import CertificateRecord


class CertificateFacts(Protocol):
    """What an X.509 certificate says (subject EUI-64, role, key usage, validity): the SMKI adapter."""

    def facts(self, der: bytes, *, prepayment: bool = False) -> CertificateRecord: ...


class CosSigner(Protocol):
    """A CoS Party's signing key (kept by that party only): signs the bytes of a CS02b command."""

    @property
    def party(self) -> Eui64: ...

    def sign(self, data: bytes) -> bytes: ...


class CosAuditLog(Protocol):
    """A CoS Party's own audit log, apart from the DCC's (append-only, durable before it returns)."""

    def append(self, entry: Mapping[str, object]) -> None: ...


@dataclass(frozen=True, slots=True)
class CosCommand:
    """What a CoS Party is asked to sign: a CS02b command (its header facts and the bytes to sign) and the
    6.23 that asked for it (the requesting User, the MPxN it names, the replacement certificates)."""

    request_id: str
    requester: Eui64
    device_id: Eui64
    mpxn: str
    message_code: int
    originator: Eui64
    recipient: Eui64
    to_sign: bytes
    replacement_certificates: tuple[tuple[bytes, bool], ...]  # (DER, is the prepayment top-up one)


class CosCountersigner(Protocol):
    """A CoS Party as the transform sees it: its EUI-64 and its signature — or its refusal."""

    @property
    def party(self) -> Eui64: ...

    def countersign(self, command: CosCommand) -> bytes: ...
