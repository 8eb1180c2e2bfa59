"""Ports of the Change of Supplier functions (implemented by ``adapters/cos`` and ``adapters/smki``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from gbdcc.domain.cos import CosCell
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


@dataclass(frozen=True, slots=True)
class MigrationCommand:
    """What the TCoS Party is asked to sign for the ECoS migration campaign (R-COS-2): a CS02b
    transCoSByTransCoS (its header facts and the bytes to sign) putting ``replacement_certificate`` — the
    ECoS Party's, or the null one — in the device's Transitional CoS cell."""

    device_id: Eui64
    target: CosCell
    message_code: int
    originator: Eui64
    recipient: Eui64
    counter: int
    to_sign: bytes
    replacement_certificate: bytes  # DER


class MigrationSigner(Protocol):
    """The TCoS Party as the campaign's command builder sees it: its EUI-64 and its signature — or refusal."""

    @property
    def party(self) -> Eui64: ...

    def sign_migration(self, command: MigrationCommand) -> bytes: ...


class MigrationGbcs(Protocol):
    """The campaign's GBCS (``adapters/cos``): builds the CS02b transCoSByTransCoS for a device — signed by the
    TCoS Party, MAC'd by the ACB — and reads the device's response to it."""

    @property
    def originator(self) -> Eui64:
        """The TCoS Party's EUI-64: the grouping-header originator of every campaign command."""
        ...

    def build(self, device_id: Eui64, target: CosCell, counter: int) -> bytes:
        """The protected command (a ``GbdccError`` when it cannot be built or the TCoS Party refuses)."""
        ...

    def response_to(self, raw: bytes) -> tuple[Eui64, int] | None:
        """(device, originator counter) when ``raw`` is a response to a campaign command — a CS02b
        transCoSByTransCoS response addressed to the TCoS Party —, else None. Reads the header only."""
        ...

    def outcome(self, raw: bytes, device_id: Eui64) -> str | None:
        """None when the response is the device's (its signature verifies) and every replacement succeeded;
        otherwise why it does not confirm the change."""
        ...
