"""Ports of the device request pipeline: the GBCS transform, the SM WAN and delivery to Users.

Implemented by ``adapters/gbcs`` (:class:`CommandTransformer`), ``adapters/wan`` (:class:`Wan`, the
simulated CSPs and hubs) and ``adapters/delivery`` (:class:`ResponseDelivery`, HTTP POST). Failures cross
these ports as domain errors: a WAN that cannot reach a hub raises a ``DeviceUnreachable`` (E20), a
transform that cannot be built a ``GbdccError`` naming its rule.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.parties import UserRole
from gbdcc.service.messages import InboundRequest


@dataclass(frozen=True, slots=True)
class TransformTarget:
    """What the transform needs to know about the target beyond the request (DUIS 3.5, GBCS 7.2).

    ``device_facts``: device-model facts some use cases depend on (``polyphase``, ``legacy-gbcs``).
    ``remote_party``: for requests the DCC makes on a User's behalf, that User.
    """

    device_id: Eui64
    device_type: str
    role: UserRole
    device_facts: frozenset[str] = frozenset()
    remote_party: Eui64 | None = None


@dataclass(frozen=True, slots=True)
class TransformedCommand:
    """A GBCS command (or Pre-Command) with the grouping-header facts the pipeline tracks."""

    gbcs: bytes
    precommand: bool  # True: an unsigned Pre-Command for the User to sign (CV4)
    originator: Eui64  # grouping-header originator (the User, or the ACB / TransCoS)
    counter: int  # originator counter of the command
    message_code: int
    use_case: str  # GBCS use case name (e.g. ECS17b)


class UplinkKind(StrEnum):
    RESPONSE = "response"
    ALERT = "alert"
    COMMAND = "command"  # not expected from a hub; refused


@dataclass(frozen=True, slots=True)
class UplinkHeader:
    """The grouping header of a GBCS message that came up the SM WAN."""

    kind: UplinkKind
    originator: Eui64
    recipient: Eui64
    counter: int
    message_code: int
    alert_code: int | None = None  # device alerts: the GBCS alert code of the payload
    authentic: bool | None = None  # alerts to the ACB: MAC verified (None: not checkable by the DCC)
    success: bool | None = None  # responses: every item's result is success (None: not decodable)
    subject: Eui64 | None = None  # alerts naming another device (e.g. the one that joined the SMHAN)


#: Gives a new originator counter for a DCC-originated command: (originator, recipient, at least) → counter.
DccCounter = Callable[[Eui64, Eui64, int], int]


class CommandTransformer(Protocol):
    """DUIS → GBCS (``adapters/gbcs``), and the GBCS checks the DCC makes on messages it relays."""

    def plan(self, request: InboundRequest, target: TransformTarget) -> str:
        """The GBCS use case the request maps to, without building it (the admission check of a CV1).
        Raises a ``GbdccError`` (``UnsupportedUseCase``) when no use case fits the body and device."""
        ...

    def transform(self, request: InboundRequest, target: TransformTarget, dcc_counter: DccCounter
                  ) -> TransformedCommand:
        """The command for a request: a Pre-Command for a critical User-originated SRV, otherwise the
        command MAC'd by the ACB (DCC-originated ones with a counter from ``dcc_counter``). Raises a
        ``GbdccError`` (e.g. ``UnsupportedUseCase``) when no GBCS use case fits."""
        ...

    def check_signed_precommand(self, signed: bytes, precommand: bytes,
                                signer_certificates_der: Sequence[bytes]) -> None:
        """CV5 correlation: ``signed`` must be ``precommand`` byte for byte up to the signature
        (``PreCommandMismatch`` otherwise) and its signature must verify with one of the User's
        digital-signing certificates (``SignedPreCommandInvalid``)."""
        ...

    def protect_signed_precommand(self, signed: bytes, device_id: Eui64) -> bytes:
        """The command to send for a correlated signed Pre-Command: MAC'd by the ACB for the device."""
        ...

    def inspect_uplink(self, raw: bytes) -> UplinkHeader:
        """Read the header of a response or alert from a hub (``GbcsError`` when it is not GBCS)."""
        ...


@dataclass(frozen=True, slots=True)
class WanAccepted:
    """The CSP took the command for the hub; a response may follow (or not: E21 at the deadline)."""

    hub_id: Eui64
    message_id: int
    sent_at: datetime


class Wan(Protocol):
    """The SM WAN as the DCC sees it (simulated in ``adapters/wan``). Uplinks — responses and alerts —
    arrive through the callback given to :meth:`subscribe`, from the WAN's own thread."""

    def send(self, hub_id: Eui64, command: bytes, request_id: RequestId | None = None, *,
             migration: Eui64 | None = None) -> WanAccepted:
        """Hand a command to the CSP; raises ``DeviceUnreachable`` (E20) when the hub cannot be reached.
        ``request_id`` names the Service Request it carries, ``migration`` the device whose Change of Supplier
        migration command it is (a remote CSP reports a refusal against either)."""
        ...

    def subscribe(self, on_uplink: Callable[[Eui64, bytes, datetime], None]) -> None:
        """Register the receiver of every uplink: (hub ID, GBCS bytes, received at)."""
        ...


@dataclass(frozen=True, slots=True)
class DeliveryOutcome:
    ok: bool
    status: int | None  # HTTP status when one was received
    error: str | None = None
    seconds: float = 0.0


class ResponseDelivery(Protocol):
    """POST a signed DUIS message to a User's receive-response address (DUIS: 2xx means received)."""

    def post(self, url: str, body: bytes, timeout_s: float) -> DeliveryOutcome: ...
