"""A User's receive-response service (backs ``gbdcc duis receive``; real HTTP, used by the tests too).

The DCC POSTs each Service Response and Alert here (``application/xml``). Like a User's adapter and the
DCC Boxed Node-RED receiver, it answers 204 only for a DUIS message whose XML signature verifies with the
DCC's certificate, and 400 otherwise; each message is handed to ``on_message`` already parsed
(:class:`ReceivedMessage`), the GBCS payload decoded when ``keys`` (the User's GBCS keys) allow.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography import x509
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gbdcc.adapters.duis.namespaces import SR
from gbdcc.adapters.duis.safe_xml import parse_xml
from gbdcc.adapters.duis.signature import verify_signature
from gbdcc.adapters.gbcs.decoder import DecodedMessage, describe
from gbdcc.adapters.gbcs.keys import KeyRing
from gbdcc.domain.errors import GbdccError, MalformedRequest

NS = {"sr": SR}
MAX_MESSAGE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class ReceivedMessage:
    """A verified DUIS message as the receiver read it."""

    received_at: datetime
    body: bytes
    kind: str  # ResponseMessage | DeviceAlertMessage | DCCAlertMessage
    request_id: str | None
    response_id: str | None
    response_code: str | None
    srv: str | None
    alert_code: str | None
    gbcs: bytes | None
    decoded: DecodedMessage | None


def read_message(raw: bytes, dcc_certificate: x509.Certificate, keys: KeyRing | None = None) -> ReceivedMessage:
    """Parse and verify one DUIS message; raises ``GbdccError`` when it is not a valid signed one."""
    root = parse_xml(raw, max_bytes=MAX_MESSAGE_BYTES)
    if root.tag != f"{{{SR}}}Response":
        raise MalformedRequest(f"not a DUIS Response: root is {root.tag}", rule="DUIS-RESPONSE")
    verify_signature(root, dcc_certificate)
    body = root.find("sr:Body", NS)
    kind = next((str(el.tag).split("}")[-1] for el in body if isinstance(el.tag, str)), "") if body is not None else ""
    payload = root.findtext(".//sr:GBCSPayload", namespaces=NS)
    gbcs = base64.b64decode(payload) if payload else None
    decoded = None
    if gbcs is not None:
        try:
            decoded = describe(gbcs, keys)
        except GbdccError:
            decoded = None
    return ReceivedMessage(
        received_at=datetime.now(UTC), body=raw, kind=kind,
        request_id=root.findtext("sr:Header/sr:RequestID", namespaces=NS),
        response_id=root.findtext("sr:Header/sr:ResponseID", namespaces=NS),
        response_code=root.findtext("sr:Header/sr:ResponseCode", namespaces=NS),
        srv=root.findtext(".//sr:ServiceReferenceVariant", namespaces=NS),
        alert_code=root.findtext(".//sr:AlertCode", namespaces=NS) or root.findtext(".//sr:DCCAlertCode",
                                                                                   namespaces=NS),
        gbcs=gbcs, decoded=decoded)


def create_receiver_app(dcc_certificate: x509.Certificate, on_message: Callable[[ReceivedMessage], None], *,
                        keys: KeyRing | None = None,
                        on_refused: Callable[[bytes, str], None] | None = None) -> Starlette:
    """An ASGI app accepting DCC messages on any path."""

    async def receive(request: Request) -> Response:
        raw = await request.body()
        if len(raw) > MAX_MESSAGE_BYTES:
            return Response("too large\n", status_code=413)
        if not request.headers.get("content-type", "").startswith("application/xml"):
            if on_refused:
                on_refused(raw, "not application/xml")
            return Response("expected application/xml\n", status_code=400)
        try:
            message = read_message(raw, dcc_certificate, keys)
        except GbdccError as err:
            if on_refused:
                on_refused(raw, str(err))
            return Response(f"{err}\n", status_code=400)
        on_message(message)
        return Response(status_code=204)

    return Starlette(routes=[Route("/{path:path}", receive, methods=["POST"])])


class ReceiverServer:
    """A receive-response service on a local port, in a background thread (journeys, tests, demo)."""

    def __init__(self, dcc_certificate: x509.Certificate, *, host: str = "127.0.0.1", port: int = 0,
                 keys: KeyRing | None = None) -> None:
        import threading

        from gbdcc.adapters.http.background import BackgroundServer

        self.messages: list[ReceivedMessage] = []
        self.refused: list[tuple[bytes, str]] = []
        self._lock = threading.Lock()
        app = create_receiver_app(dcc_certificate, self._got, keys=keys, on_refused=self._refused)
        self._server = BackgroundServer(app, host=host, port=port, name="gbdcc-receiver")
        self.url = f"http://{host}:{self._server.port}/duis"

    def _got(self, message: ReceivedMessage) -> None:
        with self._lock:
            self.messages.append(message)

    def _refused(self, raw: bytes, why: str) -> None:
        with self._lock:
            self.refused.append((raw, why))

    def start(self) -> ReceiverServer:
        self._server.start()
        return self

    def for_request(self, request_id: str) -> list[ReceivedMessage]:
        with self._lock:
            return [m for m in self.messages if m.request_id == request_id]

    def stop(self) -> None:
        self._server.stop()
