"""Simulated Communications Hub: CHF + GPF and the HAN devices joined to it — SIMULATION.

The hub is the SM WAN endpoint (:class:`gbdcc.adapters.wan.csp.HubEndpoint`). A WAN message is routed
by its grouping-header recipient: to the CHF (:mod:`.chf`), the GPF (:mod:`.gpf`), or over the HAN to
a device in the CHF device log (the whitelist). A GSME is battery powered: it needs a GPF on the hub,
and the GPF proxies it (answers its reads from a mirror) only while the two are joined (the GSME in
the GPF device log and the GPF in the GSME's join table); the mirror is refreshed when the GSME
wakes for a relayed command.

**Installer hook** (for the DCC runtime): ``CommunicationsHub.installer`` is
``Callable[[Eui64, DeviceLogEntry, datetime], SimDevice | Ihd | None] | None``. When the CHF accepts
an 8.11 CCS01 add for a device not yet on the HAN, the hub asks the hook for the device "present at
the premises"; if it returns one whose install code matches the log entry (an empty install code on
either side matches), the device joins the SMHAN after :data:`JOIN_DELAY` seconds on the scheduler
(at once when no scheduler is attached): it is put on the HAN, the CHF records the TC link key and
raises CS14 0x8F12 (device log with the link key hash) and 0x8183 "Device joined SMHAN" (data: the
device's Entity Identifier), so the DCC can move the device to InstalledNotCommissioned. A mismatched
install code raises 0x8F48 "Device joining failed" instead. An 8.11 CCS02 removal takes the device
off the HAN (and a GSME out of the GPF device log).

Joins the devices execute (CS03B / CS03C / CS04x) update the GPF device log (0x8071) when the other
party is the hub's GPF. What the ESME executes for an HCALCS (ECS46c schedule assignment, ECS47
activate / deactivate / reset) is passed to that HCALCS over the HAN.

Instrumented Test Communications Hubs (R-TEST-1) record every HAN message in :attr:`trace`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from gbdcc.adapters.gbcs.frame import GbcsMessage, decode_message
from gbdcc.adapters.gbcs.payload import dlms_apdu
from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload._bytes import PayloadError
from gbdcc.adapters.wan.csp import HanResult
from gbdcc.adapters.wan.devices.base import SimDevice
from gbdcc.adapters.wan.devices.chf import (
    ALERT_CHF_DEVICE_LOG_CHANGED,
    ALERT_DEVICE_JOINED_SMHAN,
    CCS01_ADD,
    CCS02_REMOVE,
    DEVICE_LOG_OBIS,
    Chf,
    DeviceLogEntry,
)
from gbdcc.adapters.wan.devices.esme import Esme
from gbdcc.adapters.wan.devices.han import Gpf, Gsme, Hcalcs, Ihd, Ppmid
from gbdcc.adapters.wan.devices.han_join import GPF, Joined
from gbdcc.adapters.wan.scheduler import Scheduler
from gbdcc.domain.errors import GbdccError
from gbdcc.domain.ids import Eui64

__all__ = ["ALERT_CHF_DEVICE_LOG_CHANGED", "CCS01_ADD", "CCS02_REMOVE", "DEVICE_LOG_OBIS", "JOIN_DELAY", "Chf",
           "CommunicationsHub", "DeviceLogEntry", "HanTrace", "Installer", "build_hub"]

JOIN_DELAY = 10.0  # seconds between the CHF accepting a device and the device joining the SMHAN
ALERT_JOIN_FAILED = 0x8F48  # Device joining failed
ECS46C, ECS47 = 0x0054, 0x0055
HCALCS_SWITCH_OBIS = {bytes([0, 0, 94, 44, 0, 21 + i]): i + 1 for i in range(5)}
ECS47_SCRIPT_OBIS = bytes([0, 0, 10, 0, 103, 255])
Installer = Callable[[Eui64, DeviceLogEntry, datetime], "SimDevice | Ihd | None"]


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
    installer: Installer | None = None  # the devices present at the premises (see module docstring)

    def __post_init__(self) -> None:
        self.chf.on_log_change = self._log_changed
        for device in (self.chf, self.gpf):  # their unasked alerts go up the hub's WAN path, as the devices'
            if device is not None:
                device.attach(self.scheduler, self._push)

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

    # --- joining the HAN
    def join(self, device: SimDevice | Ihd, *, install_code: bytes = b"") -> None:
        """Put a device on the HAN (and in the device log, as a completed 8.11 add + join would). A
        GSME is also joined with the hub's GPF, as its installation does (CS03B)."""
        code = device.device_type.gbcs_number
        self.chf.device_log.setdefault(device.eui, DeviceLogEntry(device.eui, install_code, code))
        self.chf.link_established(device.eui)
        if isinstance(device, Ihd):
            if device not in self.ihds:
                self.ihds.append(device)
            return
        self.devices[device.eui] = device
        device.attach(self.scheduler, self._push)
        joins = getattr(device, "joins", None)
        if joins is not None:
            joins.on_change = lambda change, entry, d=device: self._joins_changed(d, change, entry)
        if isinstance(device, Gsme) and self.gpf is not None:
            self.gpf.gsme = device
            if not device.joins.joined(self.gpf.eui):
                device.joins.add(self.gpf.eui, GPF)

    def _joins_changed(self, device: SimDevice, change: str, entry: Joined) -> None:
        """A device's join table changed: keep the GPF device log in step for GSME ↔ GPF joins."""
        if self.gpf is None or entry.eui != self.gpf.eui or not isinstance(device, Gsme):
            return
        at = self.scheduler.now() if self.scheduler is not None else device.state.updated or device.installed
        self.gpf.gsme = device
        self.gpf.log_device(device.eui, device.device_type.gbcs_number, at, add=change == "joined")

    def detach(self, eui: Eui64, at: datetime) -> None:
        """Take a device off the HAN (after a CCS02 removal)."""
        device = self.devices.pop(eui, None)
        if device is not None:
            device.attach(None, None)
            if isinstance(device, Gsme) and self.gpf is not None:
                self.gpf.log_device(eui, device.device_type.gbcs_number, at, add=False)
                if self.gpf.gsme is device:
                    self.gpf.gsme = None
        self.ihds = [i for i in self.ihds if i.eui != eui]

    def _log_changed(self, change: str, entry: DeviceLogEntry, at: datetime) -> None:
        if change == "removed":
            self.detach(entry.eui, at)
            return
        present = self.installer(entry.eui, entry, at) if self.installer is not None else None
        if present is None or present.eui in self.devices:
            return
        if self.scheduler is not None:
            self.scheduler.call_later(JOIN_DELAY, lambda: self._joined(present, entry))
        else:
            self._joined(present, entry, at)

    def _joined(self, device: SimDevice | Ihd, entry: DeviceLogEntry, at: datetime | None = None) -> None:
        when = at or (self.scheduler.now() if self.scheduler is not None else None)
        if when is None or entry.eui not in self.chf.device_log:
            return
        own_code = getattr(device, "install_code", b"") or b""
        if own_code and entry.install_code and own_code != entry.install_code:
            self.chf.emit(self.chf.chf_alert(ALERT_JOIN_FAILED, when, (dd.octets(entry.eui.to_bytes()),)))
            return
        self.join(device, install_code=entry.install_code)
        self.chf.log_event(when, ALERT_DEVICE_JOINED_SMHAN, f"{entry.eui} joined")
        self.chf.emit(self.chf.alert_message(ALERT_CHF_DEVICE_LOG_CHANGED, when))
        self.chf.emit(self.chf.chf_alert(ALERT_DEVICE_JOINED_SMHAN, when, (dd.octets(entry.eui.to_bytes()),)))

    # --- the SM WAN side
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
            if self.gpf.serves(device):
                self.gpf.synchronise(device, at)
        self._trace(at, self.chf.eui, recipient, "han-out", payload)
        result = device.handle(payload, at)
        for raw in ((result.response,) if result.response else ()) + result.alerts:
            self._trace(at, recipient, self.chf.eui, "han-in", raw)
        if result.response is not None:
            self.chf.last_contact[device.eui] = at
            if isinstance(device, Esme):
                self._esme_to_hcalcs(payload, result.response, at)
        self.refresh_displays(at)
        return self._out(at, result, recipient)

    def _out(self, at: datetime, result: HanResult, source: Eui64) -> HanResult:
        for raw in ((result.response,) if result.response else ()) + result.alerts:
            self._trace(at, source, None, "wan-out", raw)
        return result

    # --- HAN messages between devices
    def _esme_to_hcalcs(self, command: bytes, response: bytes, at: datetime) -> None:
        """Pass to the HCALCS what the ESME executed for it (ECS46c / ECS47, every result success)."""
        hcalcs = [d for d in self.devices.values() if isinstance(d, Hcalcs)]
        try:
            msg: GbcsMessage = decode_message(command)
            if not hcalcs or msg.message_code not in (ECS46C, ECS47):
                return
            request = dlms_apdu.decode_request(msg.payload)
            if any(r for _, r in dlms_apdu.decode_response(decode_message(response).payload).results):
                return
        except (GbdccError, PayloadError):
            return
        pairs = list(zip(request.specs, request.data, strict=False))
        for device in hcalcs:
            switch = next((HCALCS_SWITCH_OBIS[s.obis] for s, v in pairs
                           if s.obis in HCALCS_SWITCH_OBIS and v.value == device.eui.to_bytes()), None)
            if msg.message_code == ECS46C and switch is not None:
                device.assign(switch, tuple(v for s, v in pairs if s.obis not in HCALCS_SWITCH_OBIS), at)
            elif msg.message_code == ECS47 and device.switch is not None:
                script = next((int(v.value) for s, v in pairs if s.obis == ECS47_SCRIPT_OBIS), None)
                minutes = next((int(v.value) for s, v in pairs if s.kind == dlms_apdu.SET), 0)
                if script is not None:
                    device.command(script, minutes, at)

    def refresh_displays(self, at: datetime) -> None:
        """What the meters publish on the HAN, shown by the IHDs and PPMIDs."""
        values: dict[str, object] = {"at": at}
        for device in self.devices.values():
            if isinstance(device, Gsme):
                values.update(gas_m3=round(device.register_m3, 3), gas_credit=device.state.prepay.meter_balance,
                              gas_supply=device.supply.name.lower(),
                              messages=[m.decode("ascii", "replace") for _, m in device.state.config.messages])
            elif isinstance(device, Esme):
                values.update(electricity_supply=str(getattr(device, "supply", "")))
        for ihd in self.ihds:
            ihd.show(**values)
        for ppmid in (d for d in self.devices.values() if isinstance(d, Ppmid)):
            ppmid.shown.update(values)

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
              ppmid: Ppmid | None = None, ihd: Ihd | None = None, hcalcs: Hcalcs | None = None,
              instrumented: bool = False) -> CommunicationsHub:
    """A hub with the given devices joined (a GSME also with the GPF)."""
    hub = CommunicationsHub(chf, gpf, instrumented=instrumented)
    for device in (esme, gsme, ppmid, hcalcs):
        if device is not None:
            hub.join(device)
    if ihd is not None:
        hub.join(ihd)
    return hub
