"""Simulated Communications Hub: CHF (device log / whitelist, HAN relay) and GPF — SIMULATION.

The hub is the SM WAN endpoint (:class:`gbdcc.adapters.wan.csp.HubEndpoint`). A WAN message is routed
by its grouping-header recipient: to the CHF itself, the GPF, or over the HAN to a device in the CHF
device log (the whitelist; 8.11 CCS01 / CCS02 maintain it and raise 0x8F12 "CHF Device Log Changed").
A GSME is reached through the GPF (battery-powered, it never talks to the CHF directly).

Instrumented Test Communications Hubs (R-TEST-1) record every HAN message in :attr:`trace`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from gbdcc.adapters.gbcs.frame import GbcsMessage, decode_message
from gbdcc.adapters.gbcs.payload import dlms_apdu
from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_apdu import decode_request
from gbdcc.adapters.wan.csp import HanResult
from gbdcc.adapters.wan.devices.base import NULL, SUCCESS, SimDevice, encode_access_response
from gbdcc.adapters.wan.devices.esme import Esme
from gbdcc.adapters.wan.devices.han import Gpf, Gsme, Ihd, Ppmid
from gbdcc.adapters.wan.devices.security import DeviceSecurity
from gbdcc.adapters.wan.scheduler import Scheduler
from gbdcc.domain.errors import GbdccError
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType

ALERT_CHF_DEVICE_LOG_CHANGED = 0x8F12
CCS01_ADD, CCS02_REMOVE = 0x0001, 0x0002
DEVICE_LOG_OBIS = "0-0:30.3.0.255"  # COSEM class 104 (ZigBee network control), GBCS CCS01/CCS02


@dataclass(frozen=True, slots=True)
class DeviceLogEntry:
    eui: Eui64
    install_code: bytes
    device_type_code: int | None = None


class Chf(SimDevice):
    """Communications Hub Function: device log (whitelist) and firmware."""

    device_type = DeviceType.CHF

    def __init__(self, security: DeviceSecurity, *, firmware_version: str = "2.1.0") -> None:
        super().__init__(security, firmware_version=firmware_version)
        self.device_log: dict[Eui64, DeviceLogEntry] = {}
        self.objects.on(dlms_apdu.GET, 1, "0-0:0.2.1.255", 2,
                        lambda v, at: (SUCCESS, dd.octets(self.firmware_version.encode())))
        self.use_cases[CCS01_ADD] = self._device_log_change
        self.use_cases[CCS02_REMOVE] = self._device_log_change

    def _device_log_change(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """8.11 Update HAN Device Log: CCS01 add (EUI, type, install code) / CCS02 remove (EUI)."""
        request = decode_request(msg.payload)
        for spec, value in zip(request.specs, request.data, strict=False):
            if spec.kind != dlms_apdu.ACTION:
                continue
            if spec.member == 1 and value.type == "structure":
                eui = Eui64.from_bytes(value.value[0].value)
                code = value.value[1].value if len(value.value) > 1 else None
                install = value.value[2].value if len(value.value) > 2 else b""
                self.device_log[eui] = DeviceLogEntry(eui, install, code)
                self.log_event(at, ALERT_CHF_DEVICE_LOG_CHANGED, f"added {eui}")
            elif spec.member == 2 and value.type == "octet-string":
                eui = Eui64.from_bytes(value.value)
                self.device_log.pop(eui, None)
                self.log_event(at, ALERT_CHF_DEVICE_LOG_CHANGED, f"removed {eui}")
        results = tuple((s.kind, SUCCESS) for s in request.specs)
        response = encode_access_response(request.invoke_id, tuple(NULL for _ in request.specs), results)
        return response, [ALERT_CHF_DEVICE_LOG_CHANGED]


@dataclass(frozen=True, slots=True)
class HanTrace:
    """One HAN hop seen by an instrumented test hub (R-TEST-1)."""

    at: datetime
    source: Eui64 | None
    destination: Eui64 | None
    kind: str  # "wan-in", "han-out", "han-in", "wan-out", "dropped"
    message_code: int | None
    size: int
    note: str = ""


@dataclass
class CommunicationsHub:
    """CHF + optional GPF and the HAN devices joined to it. Implements ``HubEndpoint``."""

    chf: Chf
    gpf: Gpf | None = None
    devices: dict[Eui64, SimDevice] = field(default_factory=dict)
    ihds: list[Ihd] = field(default_factory=list)
    instrumented: bool = False
    trace: list[HanTrace] = field(default_factory=list)
    powered: bool = True
    on_alert: Callable[[bytes], None] | None = None  # pushes spontaneous alerts up the WAN
    scheduler: Scheduler | None = None  # time for what the hub and its devices do later

    def attach_runtime(self, scheduler: Scheduler | None, on_alert: Callable[[bytes], None] | None) -> None:
        """Connect the hub and every device on it to the running SM WAN: its scheduler, and the path for
        alerts raised unasked (the WAN adapter sets this when the hub is attached)."""
        self.scheduler = scheduler
        self.on_alert = on_alert
        for device in (self.chf, self.gpf, *self.devices.values()):
            if device is not None:
                device.attach(scheduler, self._push)

    def _push(self, raw: bytes) -> None:
        if self.scheduler is not None:
            self._trace(self.scheduler.now(), None, None, "wan-out", raw, "unsolicited alert")
        if self.on_alert is not None:
            self.on_alert(raw)

    @property
    def eui(self) -> Eui64:
        return self.chf.eui

    def join(self, device: SimDevice, *, install_code: bytes = b"") -> None:
        """Put a device on the HAN (and in the device log, as a completed 8.11 add + join would)."""
        self.devices[device.eui] = device
        device.attach(self.scheduler, self._push)
        self.chf.device_log.setdefault(device.eui, DeviceLogEntry(device.eui, install_code,
                                                                 device.device_type.gbcs_number))

    def receive(self, payload: bytes, at: datetime) -> HanResult:
        try:
            recipient = decode_message(payload).header.recipient
        except GbdccError:
            recipient = None
        self._trace(at, None, recipient, "wan-in", payload)
        if recipient == self.chf.eui:
            return self._out(at, self.chf.handle(payload, at), self.chf.eui)
        if self.gpf is not None and recipient == self.gpf.eui:
            return self._out(at, self.gpf.handle(payload, at), self.gpf.eui)
        device = self.devices.get(recipient) if recipient is not None else None
        if device is None or recipient not in self.chf.device_log:
            self._trace(at, None, recipient, "dropped", payload, "recipient not in the CHF device log")
            return HanResult()
        if isinstance(device, Gsme):
            if self.gpf is None:
                self._trace(at, None, recipient, "dropped", payload, "GSME without a GPF")
                return HanResult()
            self.gpf.synchronise(device, at)
        self._trace(at, self.chf.eui, recipient, "han-out", payload)
        result = device.handle(payload, at)
        for raw in ((result.response,) if result.response else ()) + result.alerts:
            self._trace(at, recipient, self.chf.eui, "han-in", raw)
        return self._out(at, result, recipient)

    def _out(self, at: datetime, result: HanResult, source: Eui64) -> HanResult:
        for raw in ((result.response,) if result.response else ()) + result.alerts:
            self._trace(at, source, None, "wan-out", raw)
        return result

    # --- power (DOMAIN.md §7: 0x8F57 supply interrupted, 0x8F35 / 0x8F36 restored)
    def power_outage(self, at: datetime) -> list[bytes]:
        """Mains lost: the ESME logs 0x8F57; the hub's last-gasp sends it (simulated assumption)."""
        self.powered = False
        return self._power_alerts(at, lambda e: e.power_lost(at))

    def power_restored(self, at: datetime) -> list[bytes]:
        self.powered = True
        return self._power_alerts(at, lambda e: e.power_restored(at))

    def _power_alerts(self, at: datetime, change: Callable[[Esme], list[int]]) -> list[bytes]:
        alerts: list[bytes] = []
        for device in self.devices.values():
            if isinstance(device, Esme):
                alerts += [device.security.alert(code, at) for code in change(device)]
        for raw in alerts:
            self._trace(at, None, None, "wan-out", raw, "power alert")
            if self.on_alert is not None:
                self.on_alert(raw)
        return alerts

    def _trace(self, at: datetime, source: Eui64 | None, destination: Eui64 | None, kind: str,
               raw: bytes, note: str = "") -> None:
        if not self.instrumented:
            return
        try:
            code: int | None = decode_message(raw).message_code
        except GbdccError:
            code = None
        self.trace.append(HanTrace(at, source, destination, kind, code, len(raw), note))


def build_hub(chf: Chf, gpf: Gpf | None = None, *, esme: Esme | None = None, gsme: Gsme | None = None,
              ppmid: Ppmid | None = None, ihd: Ihd | None = None, instrumented: bool = False
              ) -> CommunicationsHub:
    """A hub with the given devices joined."""
    hub = CommunicationsHub(chf, gpf, instrumented=instrumented)
    for device in (esme, gsme, ppmid):
        if device is not None:
            hub.join(device)
    if ihd is not None:
        hub.ihds.append(ihd)
    return hub
