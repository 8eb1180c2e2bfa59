"""A simulated GBCS device: authenticate → execute → respond / alert (SIMULATION).

Execution goes through a small interface so each device type only declares what it does:

* ``use_cases``: message code → handler taking the authenticated message and returning the response
  payload and the alert codes to raise;
* otherwise DLMS commands are executed generically against the device's COSEM object model
  (:class:`DlmsObjects`: (kind, class id, OBIS, attribute / method) → handler), producing a DLMS
  access-response (GBCS 7.2.x; layout checked against the RTDS 4.5.0 response vectors). As the RTDS
  vectors show, a device stops at the first request that fails: every later request of the command is
  answered ``other-reason`` (250) without being executed.

Every device also executes the security-credential use cases (CS02a-g, :mod:`.credentials`) against
its trust anchors, and holds future-dated work (:meth:`SimDevice.hold`): with a scheduler attached it
runs at its time and its alerts (0x8F66 / 0x8F67) go up the SM WAN unasked; without one (a bare unit
test) held work runs when the device is next used at or after its time (:meth:`SimDevice.catch_up`) and
alerts raised unasked are delivered with the next response (:attr:`SimDevice.unsent`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from gbdcc.adapters.gbcs.frame import GbcsMessage
from gbdcc.adapters.gbcs.header import GroupingHeader
from gbdcc.adapters.gbcs.payload import dlms_apdu
from gbdcc.adapters.gbcs.payload._bytes import PayloadError
from gbdcc.adapters.gbcs.payload.dlms_apdu import AccessResponse, Spec, decode_request
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue, octets
from gbdcc.adapters.wan.csp import HanResult
from gbdcc.adapters.wan.devices.credentials import DeviceCredentials, register_credentials
from gbdcc.adapters.wan.devices.security import ALERT_INTEGRITY_FAILED, DeviceSecurity, SecurityEvent
from gbdcc.adapters.wan.errors import DeviceRefusal
from gbdcc.adapters.wan.scheduler import Scheduler
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType

NULL = DlmsValue("null-data")
SUCCESS = 0
HARDWARE_FAULT = 1  # DLMS data-access-result "hardware-fault"
TEMPORARY_FAILURE = 2  # "temporary-failure"
READ_WRITE_DENIED = 3  # "read-write-denied"
OBJECT_UNDEFINED = 4  # DLMS data-access-result / action-result "object-undefined"
OBJECT_UNAVAILABLE = 11  # "object-unavailable"
TYPE_UNMATCHED = 12  # "type-unmatched"
SCOPE_OF_ACCESS_VIOLATED = 13  # "scope-of-access-violated"
OTHER_REASON = 250  # "other-reason": also every request after a failed one (not executed)
FIRMWARE_VERSION_OBIS = "0-0:0.2.1.255"  # class 1 active firmware identifier (11.2)
RAISED_KEPT = 16  # alerts raised unasked a device keeps for inspection (tests, tools): bounded at scale

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
        return self.run(decode_request(payload), at, self.lookup)

    def lookup(self, spec: Spec) -> DlmsHandler | None:
        return self.handlers.get(_key(spec))

    @staticmethod
    def run(request: dlms_apdu.AccessRequest, at: datetime,
            lookup: Callable[[Spec], DlmsHandler | None]) -> bytes:
        """Execute the requests in order until one fails; the rest are answered other-reason (250)."""
        data: list[DlmsValue] = []
        results: list[tuple[int, int]] = []
        failed = False
        for spec, value in zip(request.specs, request.data, strict=False):
            if failed:
                result, out = OTHER_REASON, NULL
            else:
                handler = lookup(spec)
                result, out = handler(value, at) if handler else (OBJECT_UNDEFINED, NULL)
                if result != SUCCESS:
                    failed, out = True, NULL
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


@dataclass
class HeldWork:
    """Future-dated work a device holds (a future-dated command, GBCS 7.2.x / 13.3): ``run(due)`` executes
    it and returns the alert messages the device sends (0x8F66 actioned / 0x8F67 not actioned).
    ``key`` identifies what it would change, so a later command for the same thing (or a cancellation,
    execution date-time ``NEVER`` / 9999-12-31) replaces or cancels it."""

    due: datetime
    key: tuple[object, ...]
    run: Callable[[datetime], list[bytes]]
    description: str = ""
    done: bool = False


class SimDevice:
    """Base of the simulated devices that hold SMKI credentials (ESME, GSME, CHF, GPF, PPMID, HCALCS)."""

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
        self.held: list[HeldWork] = []  # future-dated work, by due time
        self.unsent: list[bytes] = []  # alerts raised unasked while no runtime was attached
        self.raised: deque[bytes] = deque(maxlen=RAISED_KEPT)  # the latest alerts raised unasked (sent or not)
        self._header: tuple[GbcsMessage, GroupingHeader] | None = None  # of the command being answered
        self.credentials: DeviceCredentials | None = None
        self.clock_offset = timedelta(0)  # the device's clock minus true time (set by its clock commands)
        self.objects.on(dlms_apdu.GET, 1, FIRMWARE_VERSION_OBIS, 2,  # 11.2 Read Firmware Version
                        lambda v, at: (SUCCESS, octets(self.firmware_version.encode())))
        register_credentials(self)

    def attach(self, scheduler: Scheduler | None, push_alert: Callable[[bytes], None] | None) -> None:
        """Connect the device to its runtime (called by ``CommunicationsHub.attach_runtime`` / ``join``).
        Held future-dated work is (re)scheduled on the new scheduler."""
        self.scheduler = scheduler
        self._push_alert = push_alert
        for work in self.held:
            self._schedule(work)

    def raise_alert(self, code: int, at: datetime) -> bytes:
        """Raise an alert unasked (not as part of a response): built, then pushed up the SM WAN via the
        hub when a runtime is attached, else kept in :attr:`unsent` and delivered with the next
        response. Returns the alert message either way."""
        raw = self.alert_message(code, at)
        self.emit(raw)
        return raw

    def physical_tamper(self, code: int, at: datetime, detail: str = "") -> bytes:
        """Unauthorised physical access detected, or its end (GBCS alerts 0x8F3F, 0x8F73-0x8F77 and the
        closed / removed / ended alerts 0x81A1, 0x81B9, 0x81BC, 0x81C1-0x81C3): recorded in the security
        log (ECS35b / CS11 reads) and raised unasked, stamped with the device's clock."""
        when = self.clock(at)
        self.security.log.append(SecurityEvent(when, code, detail or f"physical tamper 0x{code:04X}"))
        return self.raise_alert(code, when)

    def alert_message(self, code: int, at: datetime) -> bytes:
        """An alert in this device's format (default: the DLMS data-notification of ``security``;
        the GSME sends GBZ alerts, the GPF its ASN.1 device log alert)."""
        return self.security.alert(code, at)

    def emit(self, raw: bytes) -> None:
        """Send an alert message unasked (see :meth:`raise_alert`); the latest are kept in :attr:`raised`."""
        self.raised.append(raw)
        if self._push_alert is not None:
            self._push_alert(raw)
        else:
            self.unsent.append(raw)

    def clock(self, at: datetime) -> datetime:
        """The device's own clock at true time ``at`` (ECS70 / GCS28 set :attr:`clock_offset`)."""
        return at + self.clock_offset

    def time(self, at: datetime) -> datetime:
        """The device's own clock (the meters' name for :meth:`clock`)."""
        return self.clock(at)

    # --- future-dated work
    def hold(self, work: HeldWork) -> HeldWork:
        """Hold future-dated work; an earlier held item with the same key is superseded."""
        self.cancel_held(work.key)
        self.held.append(work)
        self.held.sort(key=lambda w: w.due)
        self._schedule(work)
        return work

    def cancel_held(self, key: tuple[object, ...]) -> bool:
        """Cancel held work with this key (a future-dated command's cancellation); True if any was held."""
        found = [w for w in self.held if w.key == key]
        for w in found:
            w.done = True
            self.held.remove(w)
        return bool(found)

    def _schedule(self, work: HeldWork) -> None:
        if self.scheduler is None:
            return
        delay = max(0.0, (work.due - self.scheduler.now()).total_seconds())
        def fire() -> None:
            self._fire(work)

        self.scheduler.call_later(delay, fire)

    def _fire(self, work: HeldWork) -> list[bytes]:
        if work.done:
            return []
        work.done = True
        if work in self.held:
            self.held.remove(work)
        alerts = work.run(work.due)
        for raw in alerts:
            self.emit(raw)
        return alerts

    def catch_up(self, at: datetime) -> None:
        """Run held work that is due at ``at`` (what a device without a scheduler does when next used)."""
        for work in [w for w in self.held if w.due <= at]:
            self._fire(work)

    @property
    def eui(self) -> Eui64:
        return self.security.eui

    def handle(self, raw: bytes, at: datetime) -> HanResult:
        """Authenticate, execute and answer one command (GBCS 4.3, 7.2). Alerts raised unasked since the
        last command (no runtime attached) come first in the result's alerts."""
        self.catch_up(at)
        try:
            result = self._handle(raw, at)
        finally:
            self._header = None
        if self.unsent:
            late, self.unsent = tuple(self.unsent), []
            return HanResult(result.response, late + result.alerts)
        return result

    def _handle(self, raw: bytes, at: datetime) -> HanResult:
        try:
            msg = self.security.authenticate(raw, at)
        except DeviceRefusal as refusal:
            return HanResult(None, (self.alert_message(refusal.alert_code, at),))
        try:
            payload, alerts = self.execute(msg, at)
            response = self.respond_to(msg, payload, at)
        except UnsupportedUseCase:
            return HanResult()
        except PayloadError:
            return HanResult(None, (self.alert_message(ALERT_INTEGRITY_FAILED, at),))
        except DeviceRefusal as refusal:  # authentic but not executable as sent
            return HanResult(None, (self.alert_message(refusal.alert_code, at),))
        self.executed.append(msg.message_code)
        return HanResult(response, tuple(self.alert_message(code, at) for code in alerts))

    def respond_to(self, msg: GbcsMessage, payload: bytes, at: datetime) -> bytes:
        """The response to an executed command (:meth:`DeviceSecurity.response`, stamped with the
        device's clock), with the header its encrypted data was made for."""
        return self.security.response(msg, payload, at=self.clock(at), header=self.response_header(msg))

    def response_header(self, command: GbcsMessage) -> GroupingHeader:
        """The response's grouping header (:meth:`DeviceSecurity.response_header`), made once per
        command: a response to an Unknown Remote Party takes a counter of the device's."""
        if self._header is None or self._header[0] is not command:
            self._header = (command, self.security.response_header(command))
        return self._header[1]

    def encrypt_for(self, command: GbcsMessage, plaintext: bytes) -> bytes:
        """Sensitive data of the response to ``command``, encrypted for its remote party (GBCS 7.2.4)."""
        return self.security.encrypt_for(command, plaintext, self.response_header(command))

    def execute(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        handler = self.use_cases.get(msg.message_code)
        if handler is not None:
            return handler(msg, at)
        if msg.payload[:1] == bytes([dlms_apdu.ACCESS_REQUEST]):
            return self.objects.execute(msg.payload, at), []
        raise UnsupportedUseCase(f"0x{msg.message_code:04X} on {self.device_type}")

    def log_event(self, at: datetime, code: int, detail: str = "") -> None:
        self.events.append(EventRecord(at, code, detail))
