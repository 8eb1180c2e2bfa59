"""A simulated GBCS device: authenticate → execute → respond / alert (SIMULATION).

Execution goes through a small interface so each device type only declares what it does:

* ``use_cases``: message code → handler taking the authenticated message and returning the response
  payload and the alert codes to raise;
* otherwise DLMS commands are executed generically against the device's COSEM object model
  (:class:`DlmsObjects`: (kind, class id, OBIS, attribute / method) → handler), producing a DLMS
  access-response (GBCS 7.2.x; layout checked against the RTDS 4.5.0 response vectors).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from gbdcc.adapters.gbcs.frame import GbcsMessage
from gbdcc.adapters.gbcs.payload import dlms_apdu
from gbdcc.adapters.gbcs.payload._bytes import PayloadError
from gbdcc.adapters.gbcs.payload.dlms_apdu import AccessResponse, Spec, decode_request
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue
from gbdcc.adapters.wan.csp import HanResult
from gbdcc.adapters.wan.devices.security import ALERT_INTEGRITY_FAILED, DeviceSecurity
from gbdcc.adapters.wan.errors import DeviceRefusal
from gbdcc.adapters.wan.scheduler import Scheduler
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType

NULL = DlmsValue("null-data")
SUCCESS = 0
OBJECT_UNDEFINED = 4  # DLMS data-access-result / action-result "object-undefined"

#: (result code, returned data) for one access-request-specification.
DlmsOutcome = tuple[int, DlmsValue]
DlmsHandler = Callable[[DlmsValue, datetime], DlmsOutcome]
UseCaseHandler = Callable[[GbcsMessage, datetime], tuple[bytes, list[int]]]


def encode_access_response(invoke: int, data: tuple[DlmsValue, ...],
                           results: tuple[tuple[int, int], ...]) -> bytes:
    """A GBCS access-response (IEC 62056-5-3 §9.3): ``DA``, invoke id, date-time (empty),
    access-request-specification OPTIONAL (absent: ``00``), list of data, list of results — the byte
    layout of the RTDS 4.5.0 response vectors."""
    return AccessResponse(invoke, data, results).encode()


def decode_access_response(payload: bytes) -> AccessResponse:
    """Inverse of :func:`encode_access_response` (accepts the RTDS vectors)."""
    return dlms_apdu.decode_response(payload)


def obis(text: str) -> bytes:
    """``0-0:96.3.10.255`` → 6 bytes."""
    ab, rest = text.split(":")
    a, b = ab.split("-")
    return bytes(int(x) for x in (a, b, *rest.split(".")))


@dataclass
class DlmsObjects:
    """A device's COSEM object model as handlers."""

    handlers: dict[tuple[int, int, bytes, int], DlmsHandler] = field(default_factory=dict)

    def on(self, kind: int, class_id: int, obis_text: str, member: int, handler: DlmsHandler) -> None:
        self.handlers[(kind, class_id, obis(obis_text), member)] = handler

    def execute(self, payload: bytes, at: datetime) -> bytes:
        """Run every specification of an access-request; answer with the access-response."""
        request = decode_request(payload)
        data: list[DlmsValue] = []
        results: list[tuple[int, int]] = []
        for spec, value in zip(request.specs, request.data, strict=False):
            handler = self.handlers.get(_key(spec))
            result, out = handler(value, at) if handler else (OBJECT_UNDEFINED, NULL)
            data.append(out)
            results.append((dlms_apdu.GET if spec.kind == dlms_apdu.GET_WITH_SELECTION else spec.kind,
                            result))
        return encode_access_response(request.invoke_id, tuple(data), tuple(results))


def _key(spec: Spec) -> tuple[int, int, bytes, int]:
    kind = dlms_apdu.GET if spec.kind == dlms_apdu.GET_WITH_SELECTION else spec.kind
    return (kind, spec.class_id, spec.obis, spec.member)


class UnsupportedUseCase(Exception):
    """The simulation does not execute this message code on this device type."""


@dataclass(frozen=True, slots=True)
class EventRecord:
    at: datetime
    code: int
    detail: str = ""


class SimDevice:
    """Base of the simulated devices that hold SMKI credentials (ESME, GSME, CHF, GPF, PPMID)."""

    device_type: DeviceType = DeviceType.ESME

    def __init__(self, security: DeviceSecurity, *, firmware_version: str = "1.0.0") -> None:
        self.security = security
        self.firmware_version = firmware_version
        self.objects = DlmsObjects()
        self.use_cases: dict[int, UseCaseHandler] = {}
        self.events: list[EventRecord] = []
        self.executed: list[int] = []  # message codes executed, in order
        # Runtime hooks, set by the Communications Hub the device is joined to (``attach``): the
        # scheduler for anything the device does later (future-dated commands, state that moves on
        # its own) and the path for alerts it raises unasked. Both are None in a bare unit test.
        self.scheduler: Scheduler | None = None
        self._push_alert: Callable[[bytes], None] | None = None

    def attach(self, scheduler: Scheduler | None, push_alert: Callable[[bytes], None] | None) -> None:
        """Connect the device to its runtime (called by ``CommunicationsHub.attach_runtime`` / ``join``)."""
        self.scheduler = scheduler
        self._push_alert = push_alert

    def raise_alert(self, code: int, at: datetime) -> bytes:
        """Raise an alert unasked (not as part of a response): built, then pushed up the SM WAN via the
        hub when a runtime is attached. Returns the alert message either way."""
        raw = self.security.alert(code, at)
        if self._push_alert is not None:
            self._push_alert(raw)
        return raw

    @property
    def eui(self) -> Eui64:
        return self.security.eui

    def handle(self, raw: bytes, at: datetime) -> HanResult:
        """Authenticate, execute and answer one command (GBCS 4.3, 7.2)."""
        try:
            msg = self.security.authenticate(raw, at)
        except DeviceRefusal as refusal:
            return HanResult(None, (self.security.alert(refusal.alert_code, at),))
        try:
            payload, alerts = self.execute(msg, at)
        except UnsupportedUseCase:
            return HanResult()
        except PayloadError:
            return HanResult(None, (self.security.alert(ALERT_INTEGRITY_FAILED, at),))
        except DeviceRefusal as refusal:  # authentic but not executable as sent
            return HanResult(None, (self.security.alert(refusal.alert_code, at),))
        self.executed.append(msg.message_code)
        return HanResult(self.security.response(msg, payload),
                         tuple(self.security.alert(code, at) for code in alerts))

    def execute(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        handler = self.use_cases.get(msg.message_code)
        if handler is not None:
            return handler(msg, at)
        if msg.payload[:1] == bytes([dlms_apdu.ACCESS_REQUEST]):
            return self.objects.execute(msg.payload, at), []
        raise UnsupportedUseCase(f"0x{msg.message_code:04X} on {self.device_type}")

    def log_event(self, at: datetime, code: int, detail: str = "") -> None:
        self.events.append(EventRecord(at, code, detail))
