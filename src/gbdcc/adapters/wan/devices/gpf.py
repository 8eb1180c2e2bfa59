"""Gas Proxy Function of a simulated Communications Hub — SIMULATION.

The GPF is the always-on half of the gas meter (GBCS 10.4.1): the battery-powered GSME wakes every
half hour and refreshes the GPF's **mirror** of its data; the GPF answers the reads GBCS routes to
it from that mirror — GCS13a/b/c registers, GCS14 prepayment values, GCS16b prepayment daily read
log, GCS60a meter balance, GCS61 daily consumption log — with its own keys (originator = the GPF),
encrypted as the GSME would. It only serves a GSME in its **device log** (the GSME ↔ GPF join,
CS03B / installation); without one every read is refused (0xC0).

Its own use cases: GCS09 Change of Tenancy date (stored, restricts the householder's view of the
logs), GCS59 restore GPF device log (ASN.1, per-entry result 0) and the GCS62 alert 0x8071
"GPF Device Log Changed" (ASN.1 { code, time, [{ id, type }] } MAC'd for the ACB, message code
0x00B2) whenever the device log changes; 11.2 firmware read (class 1 ``0-0:0.2.1.255``).
"""

from __future__ import annotations

from datetime import datetime

from gbdcc.adapters.gbcs.frame import GbcsMessage
from gbdcc.adapters.gbcs.payload import gbz
from gbdcc.adapters.gbcs.payload._bytes import PayloadError
from gbdcc.adapters.wan.devices import der
from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.base import SimDevice
from gbdcc.adapters.wan.devices.gas_advance import slot_of
from gbdcc.adapters.wan.devices.gas_handlers import gpf_handlers
from gbdcc.adapters.wan.devices.gas_state import GasState
from gbdcc.adapters.wan.devices.gas_zcl import Context, ZclCommand, execute_all
from gbdcc.adapters.wan.devices.gsme import Gsme, encrypt_sensitive
from gbdcc.adapters.wan.devices.security import DeviceSecurity
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType

ALERT_GPF_DEVICE_LOG_CHANGED = 0x8071
GCS62_MESSAGE_CODE = 0x00B2
GCS09, GCS59 = 0x0072, 0x008C
#: GBZ reads the GPF answers from its mirror (GCS13a/b/c, GCS14, GCS16b, GCS60a, GCS61)
MIRROR_READS = frozenset({0x0074, 0x00B8, 0x00B6, 0x0075, 0x0096, 0x012A, 0x00A0})


class Gpf(SimDevice):
    device_type = DeviceType.GPF

    def __init__(self, security: DeviceSecurity, *, firmware_version: str = "2.1.0") -> None:
        super().__init__(security, firmware_version=firmware_version)
        self.device_log: dict[Eui64, int] = {}  # Entity Identifier → GBCS device type
        self.gsme: Gsme | None = None  # the GSME whose data the GPF proxies (set by the hub)
        self.mirror_state: GasState | None = None  # the GSME's state as last published
        self.mirror_at: datetime | None = None
        self.mirror: dict[str, object] = {}  # a summary of it: register_m3, valve_open, at
        self.local = GasState()  # what the GPF holds itself (change of tenancy)
        self.handlers = gpf_handlers()
        for code in MIRROR_READS | {GCS09}:
            self.use_cases[code] = self._gbz
        self.use_cases[GCS59] = self._restore

    @property
    def change_of_tenancy_at(self) -> datetime | None:
        return self.local.config.change_of_tenancy_at

    def serves(self, gsme: Gsme) -> bool:
        """The GSME is in the GPF device log and joined with this GPF."""
        return gsme.eui in self.device_log and gsme.joins.joined(self.eui)

    def synchronise(self, gsme: Gsme, at: datetime) -> None:
        """The GSME wakes and publishes its data to the GPF's mirror (GBCS 10.4.1)."""
        gsme.advance(at)
        self.mirror_state, self.mirror_at = None, at  # copied when a read needs it
        self.mirror = {"register_m3": round(gsme.register_m3, 3), "valve_open": gsme.valve_open, "at": at}

    def _current_mirror(self, at: datetime) -> GasState | None:
        gsme = self.gsme
        if gsme is None or not self.serves(gsme):
            return None
        wake = slot_of(at)
        if self.mirror_at is None or self.mirror_at < wake:
            self.synchronise(gsme, wake)
        if self.mirror_state is None:
            self.mirror_state = gsme.state.copy()
        return self.mirror_state

    # --- device log
    def log_device(self, eui: Eui64, device_type: int, at: datetime, *, add: bool = True) -> None:
        """Add / remove a device in the GPF device log; a change raises 0x8071 (GCS62)."""
        before = dict(self.device_log)
        if add:
            self.device_log[eui] = device_type
        else:
            self.device_log.pop(eui, None)
        if self.device_log != before:
            self.log_event(at, ALERT_GPF_DEVICE_LOG_CHANGED, f"{'added' if add else 'removed'} {eui}")
            self.raise_alert(ALERT_GPF_DEVICE_LOG_CHANGED, at)

    def _entries(self) -> bytes:
        rows = (der.sequence(der.octets(e.to_bytes()), der.integer(t)) for e, t in self.device_log.items())
        return der.sequence(*rows)

    def alert_message(self, code: int, at: datetime) -> bytes:
        if code == ALERT_GPF_DEVICE_LOG_CHANGED:
            body = der.sequence(der.integer(code), der.generalized_time(at), self._entries())
            return self.security.notification(GCS62_MESSAGE_CODE, body, fallback_code=code)  # to the ACB
        return super().alert_message(code, at)

    def _restore(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """GCS59 (8.12.2): SEQUENCE { SEQUENCE OF SEQUENCE { id, type } } replaces the device log."""
        top = der.parse(msg.payload)
        if top.tag != der.SEQUENCE or len(top.children) != 1:
            raise PayloadError("GCS59 payload is not SEQUENCE { SEQUENCE OF ... }")
        rows = []
        self.device_log.clear()
        for item in top.child(0).children:
            eui, device_type = Eui64.from_bytes(item.child(0).content), item.child(1).as_int()
            self.device_log[eui] = device_type
            rows.append(der.sequence(item.der, der.integer(0)))
        self.log_event(at, ALERT_GPF_DEVICE_LOG_CHANGED, "restored")
        return der.sequence(der.sequence(*rows)), [ALERT_GPF_DEVICE_LOG_CHANGED]

    # --- GBZ reads from the mirror
    def _gbz(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        commands = [ZclCommand.from_gbz(c) for c in gbz.decode(msg.payload)["components"]]
        state = self.local if msg.message_code == GCS09 else self._current_mirror(at)
        if state is None:
            out = [commands[0].default_response(z.STATUS_REFUSED)] + [
                z.not_executed(c.cluster, c.frame_control) for c in commands[1:]]
            out = [z.Component(a.cluster, a.frame_control, a.command, a.payload, sequence=c.sequence)
                   for a, c in zip(out, commands, strict=True)]
        else:
            ctx = Context(state, at, msg.message_code, msg.header.originator_counter)
            out = execute_all(self.handlers, commands, ctx)
        return z.encode_gbz(encrypt_sensitive(self, msg, out)), []
