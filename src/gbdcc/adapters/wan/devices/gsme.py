"""Simulated Gas Smart Metering Equipment (GSME) — SIMULATION.

Battery powered: it needs the hub's GPF, which — while the two are joined — keeps the data-proxy
mirror of its state and answers the reads GBCS routes to it (``gpf.py``). The state
(:mod:`.gas_state`) moves with time (:mod:`.gas_advance`, a seeded half-hourly model
:mod:`.gas_model`): register, TOU / block registers, profile, daily and billing
logs, prepayment credit run down at the gas price, debt recovery, emergency credit, and the valve
closing for lack of credit with its alert.

Use cases (GBCS 13.3, message codes from ``gbcs-codes.json``):

* **GBZ** (GBCS 10.4, ZigBee SE 1.4 ZCL): every GSME use case of the payload table — tariff and
  prices (GCS01a/b), payment mode (GCS02/03), debt (GCS04), prepayment configuration (GCS05),
  emergency credit (GCS06), messages (GCS07), privacy PIN (GCS11), reads (GCS13a/b/c, GCS14, GCS15b-e,
  GCS16a/b, GCS17, GCS18, GCS20r, GCS21a/b/d/e/f/j/k/m, GCS33, GCS38, GCS46, GCS60), alert behaviour
  (GCS20), gas conversion / flow (GCS23, GCS24/24a), billing calendar (GCS25/25a), network data
  (GCS31), supply (GCS32, GCS39), CIN (GCS36), meter balance (GCS40a-d), MPRN (GCS41), supplier
  (GCS44), top-up (CS01b), event logs (CS10a/b, CS11) — component by component
  (:mod:`.gas_zcl`; clusters in :mod:`.gas_price`, :mod:`.gas_prepay`, :mod:`.gas_metering`,
  :mod:`.gas_device_mgmt`, :mod:`.gas_attributes`); consumption and prepayment data **encrypted** for
  the requester as GBCS requires (GCS13a/b/c, GCS14, GCS15b-d, GCS16a/b, GCS17, GCS18);
* **future-dated** components held and executed at their time with 0x8F66 / 0x8F67 (:mod:`.gas_future`);
* **ASN.1**: GCS28 clock synchronisation within the validity interval (result 2 outside it, the
  RTDS error vector), joins CS03B / CS03C, unjoins CS04B / CS04AC and CS07 join details
  (:mod:`.han_join`).

Alerts are GBZ alerts to the supplier (:mod:`.gas_alerts`); 0x8F1D "GSME Power Supply Loss" when
the battery is removed (:meth:`Gsme.battery_removed`) and 0x8F1F when the remaining battery life
falls below :data:`LOW_BATTERY_DAYS`. With a scheduler attached a prepayment GSME wakes every half
hour (GBCS: a GSME wakes at least every 30 minutes to serve the GPF) and future-dated work runs at
its time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from enum import IntEnum

from gbdcc.adapters.gbcs.frame import GbcsMessage
from gbdcc.adapters.gbcs.payload import gbz
from gbdcc.adapters.gbcs.payload._bytes import PayloadError
from gbdcc.adapters.wan.devices import der
from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.base import HeldWork, SimDevice
from gbdcc.adapters.wan.devices.gas_advance import ALERT_DISABLEMENT, advance, slot_of
from gbdcc.adapters.wan.devices.gas_alerts import future_dated_alert, gbz_alert
from gbdcc.adapters.wan.devices.gas_future import FutureDating, Held, timed
from gbdcc.adapters.wan.devices.gas_handlers import gsme_handlers
from gbdcc.adapters.wan.devices.gas_model import HALF_HOUR, GasModel
from gbdcc.adapters.wan.devices.gas_state import GasState
from gbdcc.adapters.wan.devices.gas_zcl import Context, ZclCommand, execute_all, failed
from gbdcc.adapters.wan.devices.han_join import JoinTable
from gbdcc.adapters.wan.devices.han_member import version_bytes
from gbdcc.adapters.wan.devices.security import DeviceSecurity
from gbdcc.adapters.wan.scheduler import Scheduler
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType

GCS28_CODE = 0x007F
CLOCK_OUTSIDE_VALIDITY = 2
CS03B, CS03C, CS04AC, CS04B, CS07 = 0x000E, 0x00AF, 0x000F, 0x0010, 0x0013
ALERT_BATTERY_LOSS = 0x8F1D  # GSME Power Supply Loss
ALERT_LOW_BATTERY = 0x8F1F  # Low Battery Capacity
LOW_BATTERY_DAYS = 180
WAN_ALERT = 0x40  # event configuration bit: send the alert over the SM WAN (simulation's reading of GCS20)
PREPAYMENT_CONTROL = 0x0C97  # ZSE payment control of the RTDS prepayment GSME (GCS21j)
PREPAYMENT = 0x0705
ORIGINATOR_PPMID = 0x02  # ZSE originating device: an IHD / PPMID on the HAN
#: GBZ use cases (GBCS 13.3) executed by the component engine
GBZ_CODES = frozenset({0x006B, 0x00A3, 0x006C, 0x006D, 0x006E, 0x006F, 0x0070, 0x0071, 0x0073, 0x0074, 0x00B8,
                       0x00B6, 0x0075, 0x00C3, 0x0076, 0x00C4, 0x00C5, 0x0077, 0x0096, 0x0078, 0x0079, 0x00AD,
                       0x00F1, 0x007B, 0x00B5, 0x009D, 0x009E, 0x009F, 0x00BF, 0x00DA, 0x00FB, 0x007C, 0x007D,
                       0x00FC, 0x007E, 0x00D8, 0x0080, 0x0081, 0x0082, 0x0083, 0x0084, 0x0085, 0x0086, 0x00B4,
                       0x00C0, 0x00C2, 0x0087, 0x0088, 0x0089, 0x008D, 0x012A, 0x0097, 0x0014, 0x00A1, 0x0015})
#: (cluster, response command) of cluster-specific responses GBCS classes as sensitive data
ENCRYPTED_RESPONSES = frozenset({(0x0702, 0x06), (0x0702, 0x07), (0x0705, 0x01), (0x0705, 0x06)})
#: message code → cluster whose Read Attributes Response is encrypted (consumption / prepayment data)
ENCRYPTED_READS = {0x0074: 0x0702, 0x00B8: 0x0702, 0x00B6: 0x0702, 0x0075: 0x0705}


def _held_key(held: Held) -> tuple[object, ...]:
    return ("gbz", held.counter, held.at)


class GasSupply(IntEnum):
    """ZSE Metering SupplyStatus (attribute 0x0014)."""

    OFF = 0
    ARMED = 1
    ON = 2


def encrypted(message_code: int, c: z.Component) -> bool:
    """Whether a response component carries data GBCS classes as sensitive (sent encrypted)."""
    if c.frame_control & z.FC_CLUSTER_SPECIFIC:
        return (c.cluster, c.command) in ENCRYPTED_RESPONSES
    return c.command == z.READ_ATTRIBUTES_RESPONSE and ENCRYPTED_READS.get(message_code) == c.cluster


def encrypt_sensitive(device: SimDevice, msg: GbcsMessage, components: list[z.Component]) -> list[z.Component]:
    """The response components with the sensitive ones encrypted for the remote party (GBCS 10.4.2.3)."""
    return [z.Component(c.cluster, c.frame_control, c.command, encrypted=device.encrypt_for(msg, c.payload),
                        sequence=c.sequence) if encrypted(msg.message_code, c) else c for c in components]


class Gsme(SimDevice):
    device_type = DeviceType.GSME

    def __init__(self, security: DeviceSecurity, started: datetime, *, firmware_version: str = "4.4.0",
                 model: GasModel | None = None, prepayment: bool = False, battery_days: int = 3650) -> None:
        super().__init__(security, firmware_version=firmware_version)
        self.model = model or GasModel(int.from_bytes(security.eui.to_bytes(), "big") & (2**63 - 1))
        self.state = GasState(battery_days=battery_days, updated=slot_of(started))
        self.state.config.firmware = version_bytes(firmware_version)
        if prepayment:
            self.state.prepay.payment_control = PREPAYMENT_CONTROL
        self.installed = started
        self.initial_battery_days = battery_days
        self.commissioned = False
        self.joins = JoinTable(DeviceType.GSME)
        self.future = FutureDating(on_hold=self._hold, on_cancel=self._cancel)
        self.handlers = gsme_handlers()
        self.wake_interval: timedelta | None = HALF_HOUR
        self._wake_at: datetime | None = None
        for code in GBZ_CODES:
            self.use_cases[code] = self._gbz
        self.use_cases[GCS28_CODE] = self._synchronise_clock
        for code in (CS03B, CS03C):
            self.use_cases[code] = lambda msg, at: (self.joins.join(msg.payload), [])
        for code in (CS04AC, CS04B):
            self.use_cases[code] = lambda msg, at: (self.joins.unjoin(msg.payload), [])
        self.use_cases[CS07] = lambda msg, at: (self.joins.details(), [])

    # --- the state as the rest of the simulation sees it
    @property
    def register_m3(self) -> float:
        return self.state.registers.total_m3

    @property
    def supply(self) -> GasSupply:
        return GasSupply(self.state.supply)

    @property
    def valve_open(self) -> bool:
        return self.state.supply == GasSupply.ON

    @property
    def mprn(self) -> str | None:
        return self.state.config.mprn

    @property
    def half_hours(self) -> dict[datetime, float]:
        return self.state.half_hours

    # --- time
    def advance(self, at: datetime) -> None:
        """Move the state to ``at``: held future-dated work runs at its time, alerts go out unasked."""
        now = self.time(at)
        self.catch_up(at)
        self._alerts(advance(self.state, self.model, now))
        days = max(self.initial_battery_days - (now - self.installed).days, 0)
        if days < LOW_BATTERY_DAYS <= self.state.battery_days:
            self.raise_alert(ALERT_LOW_BATTERY, now)
        self.state.battery_days = days

    def _alerts(self, raised: list[tuple[int, datetime]]) -> None:
        """Send what the state raised, unless GCS20 configured the event without "push to WAN"
        (bit 6 of its configuration; the disablement alert always goes)."""
        for code, when in raised:
            if self.state.config.event_configuration.get(code, WAN_ALERT) & WAN_ALERT or code == ALERT_DISABLEMENT:
                self.raise_alert(code, when)

    def _hold(self, held: Held) -> None:
        """Future-dated components (:mod:`.gas_future`) held as the base's future-dated work."""
        self.hold(HeldWork(held.at - self.clock_offset, _held_key(held), lambda due: self._run_held(held),
                           f"future-dated GBZ components of counter {held.counter}"))

    def _cancel(self, held: Held) -> None:
        self.cancel_held(_held_key(held))

    def _run_held(self, held: Held) -> list[bytes]:
        """At their time: the state advanced to it, the components run; the 0x8F66 / 0x8F67 alerts."""
        self.future.taken(held)
        self._alerts(advance(self.state, self.model, held.at))
        ctx = Context(self.state, held.at, held.message_code, held.counter, security=self.security)
        out = []
        for cmd in held.commands:
            answers = self.handlers.run(cmd, ctx)
            if timed(cmd) and isinstance(held.originator, Eui64):
                out.append(future_dated_alert(self.security, not failed(answers), held.at, recipient=held.originator,
                                              message_code=held.message_code, counter=held.counter,
                                              cluster=cmd.cluster, frame_control=cmd.frame_control,
                                              command=cmd.command))
        return out

    def attach(self, scheduler: Scheduler | None, push_alert: Callable[[bytes], None] | None) -> None:
        super().attach(scheduler, push_alert)
        self._schedule_wakeup()

    def _schedule_wakeup(self) -> None:
        """Wake every half hour in prepayment mode (one wake pending); held work wakes the device at
        its own time (the base's scheduling)."""
        scheduler = self.scheduler
        if scheduler is None:
            return
        now = self.time(scheduler.now())
        due = []
        if self.state.prepay.prepayment_mode and self.wake_interval is not None:
            due.append(slot_of(now) + self.wake_interval)
        if not due or (self._wake_at is not None and now <= self._wake_at <= min(due)):
            return
        target = self._wake_at = min(due)
        scheduler.call_later(max((target - now).total_seconds(), 0.0), lambda: self._wake(target))

    def _wake(self, target: datetime) -> None:
        if self.scheduler is None or target != self._wake_at:
            return  # detached, or superseded by an earlier wake
        self._wake_at = None
        self.advance(self.scheduler.now())
        self._schedule_wakeup()

    def battery_removed(self, at: datetime) -> bytes:
        """The battery is removed / fails: 0x8F1D raised unasked (GBCS GSME power supply loss)."""
        self.state.log(self.time(at), ALERT_BATTERY_LOSS)
        return self.raise_alert(ALERT_BATTERY_LOSS, self.time(at))

    # --- HAN-only prepayment messages from a joined PPMID (PCS01 / PCS02)
    def _local(self, command: int, payload: bytes, at: datetime) -> list[z.Component]:
        self.advance(at)
        now = self.time(at)
        ctx = Context(self.state, now, 0, 0, security=self.security)
        answers = self.handlers.run(ZclCommand(z.CONTROL_LAST, PREPAYMENT, z.FC_CLUSTER_SPECIFIC, 0, command, payload),
                                    ctx)
        for code in ctx.extra.get("alerts", []):
            self.raise_alert(code, now)
        return answers

    def local_top_up(self, utrn: str, at: datetime, *, source: Eui64) -> int:
        """PCS01: a UTRN entered on a joined PPMID; returns the Consumer Top Up result type."""
        self.state.log(self.time(at), 0x810E, source.to_bytes())  # Credit Added Locally (attempted)
        answers = self._local(0x04, bytes([ORIGINATOR_PPMID, len(utrn)]) + utrn.encode(), at)
        return answers[0].payload[0] if answers[0].command == 0x03 else z.STATUS_FAILURE

    def local_emergency_credit(self, at: datetime) -> bool:
        """PCS02: emergency credit asked for on a joined PPMID; whether it was activated."""
        return not failed(self._local(0x00, z.le(z.zigbee_time(self.time(at)), 4) + bytes([ORIGINATOR_PPMID]), at))

    # --- alerts
    def alert_message(self, code: int, at: datetime) -> bytes:
        return gbz_alert(self.security, code, at)

    # --- GBZ execution
    def _gbz(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        self.advance(at)
        now = self.time(at)
        command = gbz.decode(msg.payload)
        commands = [ZclCommand.from_gbz(c) for c in command["components"]]
        ctx = Context(self.state, now, msg.message_code, msg.header.originator_counter, security=self.security)
        planner = self.future.planner(self.handlers, ctx, msg.header.originator)
        out = execute_all(self.handlers, commands, ctx, planner)
        self._schedule_wakeup()  # a change to prepayment mode starts the half-hourly wakes
        return z.encode_gbz(encrypt_sensitive(self, msg, out)), list(ctx.extra.get("alerts", []))

    # --- ASN.1 use cases
    def _synchronise_clock(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """GCS28: SEQUENCE { validityIntervalStart, validityIntervalEnd GeneralizedTime }."""
        self.advance(at)
        top = der.parse(msg.payload)
        if top.tag != der.SEQUENCE or len(top.children) != 2 or any(
                c.tag != der.GENERALIZED_TIME for c in top.children):
            raise PayloadError("GCS28 payload is not SEQUENCE { GeneralizedTime, GeneralizedTime }")
        start, end = (c.time() for c in top.children)
        result = 0
        if start <= at <= end:
            self.clock_offset = timedelta(0)
            self.commissioned = True
            self.state.log(at, 0x8F69)  # device commissioned
        else:
            result = CLOCK_OUTSIDE_VALIDITY
        return der.sequence(der.generalized_time(self.time(at)), der.integer(result)), []
