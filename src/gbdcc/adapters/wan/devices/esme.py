"""Simulated Electricity Smart Metering Equipment (ESME) — SIMULATION.

Every ESME use case of the GBCS use-case table (``adapters/gbcs/payload/usecases/esme/``; GBCS 13.3) is
executed against the meter's state, data-driven:

* a COSEM object model (:mod:`.esme_objects`): every attribute a use case reads or writes, stored with
  the type of a new meter's value — SET checks the type (``type-unmatched``) and stores, GET returns
  the stored value, an object the meter variant lacks is ``object-undefined``; passive values
  (tariffs, prices, payment mode, prepayment configuration, debt recovery rates, schedules, load
  limits…) become active at their execution date-time: at once (``NOW``), held and activated at
  their time with a signed 0x8F66 alert to the commanding party (message code 0x00CC, as the RTDS
  vectors), or cancelled (``NEVER``);
* live attributes computed from the meter's state (registers, maximum demand, power, supply state,
  balances, debts, clock, identity) override the stored ones;
* methods (scripts: supply enable / disable / arm, tariff block counter reset, auxiliary load control;
  credit adjust / set / emergency credit; debt activation and adjustment; register and log resets;
  clock; UTRN top-up) and log buffers (``get-with-selection`` on class 7: event, security, power and
  ALCS logs, debt payments, prepayment credits, export daily reads, export and reactive profiles,
  voltage profiles, boost button) answered as compact-arrays in the RTDS layout;
* protected reads (class 30 ``get_protected_attributes``: ECS17b / d / e, ECS19, ECS20b / c, ECS21a / b,
  ECS22b, ECS66) **encrypted** for the requester (or the Unknown Remote Party of ECS21b "URP");
* ASN.1 use cases CS03A1 (join), CS04AC (unjoin), CS06 (activate firmware, future-datable); the
  security credential use cases CS02a-g come from the base class (:mod:`.credentials`).

State that moves: registers come from the premises' deterministic consumption model
(:mod:`.consumption`, a pure function of time — a meter created lazily reads the registers of
everything since installation) minus the energy of the periods without supply. :meth:`Esme.advance`
steps half hour by half hour from the last time the meter was used: the active calendar's
TOU / block rate receives the energy (48 TOU registers, 8 × 4 block registers and counters;
secondary element: 4 TOU registers), maximum demand and load limiting are updated, the price of the
rate, the standing charge and time-based debt recovery are charged to the meter balance; at midnight
the daily read and prepayment daily read logs are written, and the billing calendar writes the
billing data log. In prepayment mode the credit runs down: low credit (0x810D), emergency credit
available (0x8119) and — at the exact second the credit reaches the disablement threshold — supply
interruption (0x8F0F; 0x81AA when emergency credit is exhausted) are alerts raised unasked (pushed up
the SM WAN when a runtime is attached; with a scheduler the meter wakes itself at the predicted
time). A top-up (CS01a) is verified as GBCS 14 defines (:mod:`.prepayment`), collects payment-based
debt, repays emergency credit and arms the supply (0x8F32; the simulated consumer then presses the
button at once).

Variants: A single element (default), B twin element (secondary element registers and tariff),
C polyphase (phase 2 / 3 voltage objects). Monetary values are 1/100 000 £.

Not simulated: reactive energy other than a fixed fraction of import, RMS voltage events (voltage is
a quiet synthetic profile; counters stay 0 until reset), non-disablement calendars (stored, not
applied), the debt recovery rate cap (stored), local (PPMID / keypad) interaction, DST (UTC throughout;
season starts repeat every year).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import IntEnum, StrEnum

from gbdcc.adapters.gbcs.alerts import encode_dlms_alert
from gbdcc.adapters.gbcs.frame import GbcsMessage
from gbdcc.adapters.gbcs.header import decode_dlms_datetime
from gbdcc.adapters.gbcs.payload import dlms_apdu
from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_apdu import Spec, decode_request, invoke_id
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue
from gbdcc.adapters.wan.devices import der
from gbdcc.adapters.wan.devices import esme_objects as eo
from gbdcc.adapters.wan.devices.base import (
    NULL,
    OBJECT_UNAVAILABLE,
    OTHER_REASON,
    READ_WRITE_DENIED,
    SUCCESS,
    TYPE_UNMATCHED,
    DlmsHandler,
    DlmsObjects,
    DlmsOutcome,
    HeldWork,
    SimDevice,
    UnsupportedUseCase,
    obis,
)
from gbdcc.adapters.wan.devices.consumption import (
    ConsumptionModel,
    CustomerClass,
    ProfileConsumption,
    hash_unit,
    next_half_hour,
)
from gbdcc.adapters.wan.devices.dlms_logs import (
    U32,
    event_log,
    security_log,
    selection_range,
    u32,
    within,
)
from gbdcc.adapters.wan.devices.esme_objects import Key, k
from gbdcc.adapters.wan.devices.gbz_codec import zigbee_time
from gbdcc.adapters.wan.devices.han_join import JOIN_OK, JoinTable
from gbdcc.adapters.wan.devices.prepayment import UtrnGuard, authenticate_top_up
from gbdcc.adapters.wan.devices.security import DeviceSecurity
from gbdcc.adapters.wan.errors import DeviceRefusal
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType

HALF_HOUR = timedelta(minutes=30)
PROFILE_CAPACITY = 48 * 31 * 13  # ~13 months of half-hour entries (SMETS2 keeps 13 months)
DAILY_CAPACITY = 731  # daily read log entries (GBCS: 731 days)
LOG_CAPACITY = 100
TOU_REGISTERS, BLOCKS, BLOCK_REGISTERS = 48, 4, 8  # TOU rates; blocks per block rate; block rates
SECONDARY_TOU = 4
ALERT_SUPPLY_ARMED = 0x8F32  # Supply Armed
ALERT_SUPPLY_INTERRUPTED = 0x8F57  # Supply interrupted
ALERT_SUPPLY_RESTORED = 0x8F35  # Supply Outage Restored
ALERT_SUPPLY_RESTORED_LONG = 0x8F36  # Supply Outage Restored - Outage >= 3 minutes
ALERT_LOW_CREDIT = 0x810D  # Combined Credit Below Low Credit Threshold (prepayment mode)
ALERT_EC_AVAILABLE = 0x8119  # Emergency Credit Has Become Available (prepayment mode)
ALERT_EC_ACTIVATED = 0x81AB
ALERT_EC_EXHAUSTED = 0x81AA
ALERT_ARMED_BY_EC = 0x8168  # Supply Disabled then Armed - Activate Emergency Credit triggered
ALERT_DISABLEMENT = 0x8F0F  # Credit Below Disablement Threshold (prepayment mode)
ALERT_LOAD_LIMIT = 0x8F01  # Active Power Import above Load Limit Threshold
ALERT_LOAD_LIMIT_DISABLED = 0x8F33  # Supply Disabled then Armed - Load Limit triggered
ALERT_LOAD_LIMIT_RESTORED = 0x8F34
ALERT_DEBT_CLEARED = {1: 0x81A7, 2: 0x81A8, 3: 0x81A9}
ALERT_EVENT_LOG_CLEARED = 0x8F52
ALERT_BILLING_DATA_LOG = 0x8F0A
ALERT_FUTURE_ACTIONED, ALERT_FUTURE_NOT_ACTIONED = 0x8F66, 0x8F67
ALERT_JOIN_OK, ALERT_UNJOIN_OK = 0x8F49, 0x8F4B
ALERT_FIRMWARE_CHANGED = 0x8F43
FUTURE_DATED_DLMS_ALERT, FUTURE_DATED_FIRMWARE_ALERT = 0x00CC, 0x00CA
MPAN_OBIS = "0-0:94.44.34.11"  # GBCS: MPAN (class 1), set by ECS39a
UNIT_WH, UNIT_VARH = eo.UNIT_WH, eo.UNIT_VARH

ConsumptionProfile = Callable[[datetime], float]
"""Instantaneous import in kW at a given time."""


def domestic_profile(base_kw: float = 0.25, peak_kw: float = 1.2) -> ConsumptionProfile:
    """A smooth daily curve: a base load plus morning and evening peaks (illustrative)."""

    def kw(at: datetime) -> float:
        h = at.hour + at.minute / 60
        morning = math.exp(-((h - 7.5) ** 2) / 2)
        evening = math.exp(-((h - 18.5) ** 2) / 4)
        return base_kw + peak_kw * (0.5 * morning + evening)

    return kw


class SupplyState(IntEnum):
    """COSEM disconnect control ``control_state`` (class 70 attribute 3)."""

    DISABLED = 0  # disconnected
    ENABLED = 1  # connected
    ARMED = 2  # ready for reconnection


class EsmeVariant(StrEnum):
    """SMETS2 ESME variants (DUIS ESMEVariant)."""

    SINGLE = "A"
    TWIN = "B"
    POLYPHASE = "C"


class PaymentMode(IntEnum):
    CREDIT = 1
    PREPAYMENT = 2


# --- object keys the meter computes or acts on
FIRMWARE = k(1, "0-0:0.2.1.255", 2)
CLOCK = "0-0:1.0.0.255"
ACCOUNT = "0-0:19.0.0.255"
METER_BALANCE, EMERGENCY_CREDIT, ACCUMULATED_DEBT = "0-0:19.10.0.255", "0-0:19.10.1.255", "0-0:19.10.2.255"
PRICES, STANDING_CHARGE, SECONDARY_PRICES = "0-0:19.20.0.255", "0-0:19.20.4.255", "0-0:19.20.5.255"
DEBTS = {1: "0-0:19.20.1.255", 2: "0-0:19.20.2.255", 3: "0-0:19.20.3.255"}
PRIMARY_CALENDAR, SECONDARY_CALENDAR = "0-0:13.0.0.255", "0-0:13.0.1.255"
MD_IMPORT, MD_IMPORT_CONFIGURABLE, MD_EXPORT = "1-0:1.6.0.255", "1-0:1.6.1.255", "1-0:2.6.0.255"
MD_RESET_TIME = {MD_IMPORT: "0-0:94.44.5.0", MD_IMPORT_CONFIGURABLE: "0-0:94.44.5.1", MD_EXPORT: "0-0:94.44.5.2"}
SUPPLY_SCRIPTS, TARIFF_SCRIPTS, ALCS_SCRIPTS, APC_SCRIPTS = (
    "0-0:10.0.106.255", "0-0:10.0.100.255", "0-0:10.0.103.255", "0-0:10.0.107.255")
SUPPLY_ENABLE, SUPPLY_DISABLE, SUPPLY_ARM = 51, 52, 54
RESET_BLOCK_COUNTERS = 99
LOAD_LIMIT_COUNTER = "0-0:94.44.42.255"
EVENT_LOG, SECURITY_LOG, POWER_LOG, ALCS_LOG, BOOST_LOG = (
    "0-0:99.98.0.255", "0-0:99.98.1.255", "0-0:99.98.4.255", "0-17:99.98.2.255", "0-0:99.98.20.255")
POWER_EVENTS = frozenset({ALERT_SUPPLY_INTERRUPTED, ALERT_SUPPLY_RESTORED, ALERT_SUPPLY_RESTORED_LONG})
TARIFF_CODES = frozenset({0x0019, 0x00A2, 0x00B7, 0x00C7})  # ECS01a-d

_I32 = ("double-long",)


def _i32(v: int) -> DlmsValue:
    return DlmsValue("double-long", max(-(1 << 31), min((1 << 31) - 1, int(v))))


def _obis_text(raw: bytes) -> str:
    return f"{raw[0]}-{raw[1]}:{raw[2]}.{raw[3]}.{raw[4]}.{raw[5]}"


def _scaler_unit(scaler: int, unit: int) -> DlmsValue:
    return dd.structure(dd.DlmsValue("integer", scaler), dd.DlmsValue("enum", unit))


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Registers (and prepayment values) at one instant: daily reads and billing data log entries."""

    at: datetime
    total: int
    secondary: int
    tou: tuple[int, ...]
    tou2: tuple[int, ...]
    blocks: tuple[tuple[int, ...], ...]  # [block rate 1..8][block 1..4]
    prepay: tuple[int, ...]  # meter balance, EC balance, accumulated debt, payment debt, time debt 1, 2


@dataclass
class _Command:
    """One DLMS command being executed."""

    msg: GbcsMessage
    at: datetime
    now: datetime  # the meter's clock
    passives: list[Key] = field(default_factory=list)
    activations: dict[Key, DlmsValue] = field(default_factory=dict)
    alerts: list[int] = field(default_factory=list)
    failed: bool = False


class Esme(SimDevice):
    device_type = DeviceType.ESME

    def __init__(self, security: DeviceSecurity, started: datetime, *,
                 profile: ConsumptionProfile | None = None, firmware_version: str = "5.2.1",
                 import_wh: float = 0.0, installed: datetime | None = None,
                 variant: EsmeVariant | str = EsmeVariant.SINGLE, prepayment: bool = False,
                 model: ConsumptionModel | None = None, mpan: str | None = None,
                 credit: int | None = None) -> None:
        """``started``: when the simulation starts running this meter; ``installed``: when the meter was
        installed (the consumption model's origin; default ``started``) — a meter created lazily long
        after installation reads the registers of everything since. ``model`` / ``profile``: the
        consumption (default: drawn from the EUI); ``credit``: opening meter balance (1/100 000 £)."""
        super().__init__(security, firmware_version=firmware_version)
        self.variant = EsmeVariant(variant)
        self.started = started
        self.installed = installed or started
        self.profile = profile
        key = security.eui.hex
        if model is not None:
            self.model = model
        elif profile is not None:
            self.model = ProfileConsumption(profile, self.installed)
        else:
            self.model = ConsumptionModel.for_premises(key, self.installed, prepayment=prepayment)
        self.twin = self.variant == EsmeVariant.TWIN
        self.model2 = (ConsumptionModel(key + "/secondary", self.installed, customer=CustomerClass.ECONOMY7,
                                        annual_import_kwh=1500.0) if self.twin else None)
        self._base_wh = int(import_wh)
        self.supply = SupplyState.ENABLED
        self.powered = True
        self._off: list[list[datetime | None]] = []  # [start, end or None]: no energy flows
        self._registers: dict[tuple[str, datetime], int] = {}  # memo of register values by time
        self._outage_from: datetime | None = None
        self._credit_cut = False
        self.commissioned = False
        self.tariff: dict[str, object] = {"unit_rate_pence_per_kwh": 24.5, "standing_charge_pence": 53.0}
        self.settings: dict[Key, DlmsValue] = eo.catalogue(
            phases=3 if self.variant == EsmeVariant.POLYPHASE else 1, twin=self.twin)
        self._tariff_keys: set[Key] = set()
        s = self.settings
        s[k(1, "0-0:96.1.1.255", 2)] = dd.octets(security.eui.to_bytes())
        s[k(1, "0-0:96.1.2.255", 2)] = dd.octets(b"GBDCC-SIM")
        s[k(1, "0-0:96.1.4.255", 2)] = dd.octets(f"ESME-{self.variant.value}".encode())
        s[k(1, "0-0:96.1.6.255", 2)] = dd.octets(b"SMETS2")
        if mpan:
            s[k(1, MPAN_OBIS, 2)] = dd.octets(mpan.encode())
        if prepayment:
            s[k(111, ACCOUNT, 2)] = dd.structure(dd.DlmsValue("enum", 2), dd.DlmsValue("enum", 2))
        # metrology at the start: every register from the consumption model
        self._updated = started
        total = self.import_register(started)
        self.tou = [0] * TOU_REGISTERS
        self.tou[0] = total
        self.tou2 = [0] * SECONDARY_TOU
        self.tou2[0] = self.secondary_register(started)
        self.blocks = [[0] * BLOCKS for _ in range(BLOCK_REGISTERS)]
        self.block_counters = [[0] * BLOCKS for _ in range(BLOCK_REGISTERS)]
        self.md: dict[str, tuple[int, datetime | None]] = {
            MD_IMPORT: (0, None), MD_IMPORT_CONFIGURABLE: (0, None), MD_EXPORT: (0, None)}
        self.load_limit_count = 0
        self._load_limited_until: datetime | None = None
        # prepayment account
        if credit is None:
            credit = (500_000 + int(1_500_000 * hash_unit(key, "credit"))) if prepayment else 0
        self.balance = int(credit)
        self.ec_granted = 0
        self.debts = {1: 0, 2: 0, 3: 0}
        self.accumulated_debt = 0
        self.utrn_guard = UtrnGuard()
        self._residual: dict[str, float] = {}
        self._latched: set[str] = set()
        # logs
        self._daily: deque[Snapshot] = deque(maxlen=DAILY_CAPACITY)
        self._prepay_daily: deque[tuple[datetime, tuple[int, ...]]] = deque(maxlen=DAILY_CAPACITY)
        self._billing: deque[Snapshot] = deque(maxlen=13)  # billing calendar triggered (ECS20c)
        self._com_billing: deque[Snapshot] = deque(maxlen=13)  # change of mode / tariff (ECS20b)
        self._debt_payments: deque[tuple[datetime, int]] = deque(maxlen=LOG_CAPACITY)
        self._credits: deque[tuple[datetime, int]] = deque(maxlen=LOG_CAPACITY)
        self._alcs_log: deque[tuple[datetime, int, int, int]] = deque(maxlen=LOG_CAPACITY)
        self._boost_log: deque[tuple[datetime, int]] = deque(maxlen=LOG_CAPACITY)
        self._events_cleared = 0  # events before this index were cleared (ECS15a)
        self.switches = [False] * 5  # auxiliary load control switches (ALCS / HCALCS)
        self.apc_level: int | None = None
        self.joins = JoinTable(DeviceType.ESME)  # CS03A1: the PPMID / HCALCS joined to the ESME
        self.firmware_images: dict[bytes, bytes] = {}  # CS06: image hash → version (as distributed)
        self._calendar_cache: dict[tuple[object, ...], list[tuple[int, int]]] = {}
        self._price_cache: dict[tuple[str, int], dict[bytes, float]] = {}
        self._settings_version = 0  # bumped whenever a stored attribute changes (calendar cache key)
        self._preset: tuple[datetime | None, ...] | None = None  # ECS70 preset_adjusting_time
        self._wake_token = 0
        self._getters = self._live_attributes()
        self._methods = self._method_table()
        self._buffers = self._buffer_table()
        self._protected_reads = self._protected_table()
        self.use_cases.update({0x000D: self._join, 0x000F: self._unjoin, 0x0012: self._activate_firmware})

    # ================================================================== metrology
    def _flowing(self) -> bool:
        return self.powered and self.supply == SupplyState.ENABLED

    def _set_flow(self, at: datetime) -> None:
        """Open / close a no-energy interval when power or the load switch changed."""
        self._registers.clear()
        open_interval = bool(self._off) and self._off[-1][1] is None
        if self._flowing() and open_interval:
            self._off[-1][1] = at
        elif not self._flowing() and not open_interval:
            self._off.append([at, None])

    def _lost(self, t: datetime, fn: Callable[[datetime], int]) -> int:
        lost = 0
        for start, end in self._off:
            assert start is not None
            if start >= t:
                break
            stop = t if end is None or end > t else end
            lost += fn(stop) - fn(start)
        return lost

    def _memo(self, name: str, t: datetime, compute: Callable[[], int]) -> int:
        key = (name, t)
        got = self._registers.get(key)
        if got is None:
            if len(self._registers) > 64:
                self._registers.clear()
            got = self._registers[key] = compute()
        return got

    def import_register(self, t: datetime) -> int:
        """Active import (Wh): the model's energy to ``t`` less the periods without supply."""
        return self._memo("import", t, lambda: self._base_wh + self.model.import_wh(t)
                          - self._lost(t, self.model.import_wh))

    def export_register(self, t: datetime) -> int:
        return self._memo("export", t, lambda: self.model.export_wh(t) - self._lost(t, self.model.export_wh))

    def secondary_register(self, t: datetime) -> int:
        model2 = self.model2
        if model2 is None:
            return 0
        return self._memo("secondary", t, lambda: model2.import_wh(t) - self._lost(t, model2.import_wh))

    def reactive_import(self, t: datetime) -> int:
        return math.floor(self.import_register(t) * self.model.reactive_ratio)

    def _series(self, times: list[datetime], fn: Callable[[datetime], int], base: int = 0) -> list[int]:
        """``base + fn(t) - lost(t)`` for ascending ``times`` (one pass over the no-supply intervals)."""
        out = []
        closed, i = 0, 0
        intervals = self._off
        for t in times:
            while i < len(intervals) and intervals[i][1] is not None and intervals[i][1] <= t:  # type: ignore[operator]
                s, e = intervals[i]
                closed += fn(e) - fn(s)  # type: ignore[arg-type]
                i += 1
            partial = 0
            j = i
            while j < len(intervals) and intervals[j][0] < t:  # type: ignore[operator]
                s, e = intervals[j]
                stop = t if e is None or e > t else e
                partial += fn(stop) - fn(s)  # type: ignore[arg-type]
                j += 1
            out.append(base + fn(t) - closed - partial)
        return out

    @property
    def import_wh(self) -> int:
        """The active import register as of the last :meth:`advance`."""
        return self.import_register(self._updated)

    @property
    def export_wh(self) -> int:
        return self.export_register(self._updated)

    @property
    def mpan(self) -> str | None:
        raw = self.settings[k(1, MPAN_OBIS, 2)].value
        return raw.decode("ascii", "replace") if raw else None

    @property
    def payment_mode(self) -> PaymentMode:
        return PaymentMode(self.settings[k(111, ACCOUNT, 2)].value[0].value)

    @property
    def available_credit(self) -> int:
        return self.balance + self.ec_granted

    def _half_hour_boundaries(self, start: datetime | None, end: datetime | None) -> list[datetime]:
        first = max(self.installed, self._updated - timedelta(minutes=30 * PROFILE_CAPACITY))
        lo = next_half_hour(first)
        if start is not None:
            lo = max(lo, next_half_hour(start - timedelta(microseconds=1)))
        hi = self._updated if end is None else min(end, self._updated)
        out = []
        t = lo
        while t <= hi:
            out.append(t)
            t += HALF_HOUR
        return out

    @property
    def half_hours(self) -> list[tuple[datetime, int]]:
        """The half-hour import profile: (end of the half hour, Wh) since installation (13 months kept)."""
        return self._profile(None, None, self.import_register_fn)

    def import_register_fn(self, t: datetime) -> int:
        return self.model.import_wh(t)

    def _profile(self, start: datetime | None, end: datetime | None,
                 fn: Callable[[datetime], int]) -> list[tuple[datetime, int]]:
        bounds = self._half_hour_boundaries(start, end)
        if not bounds:
            return []
        values = self._series([bounds[0] - HALF_HOUR, *bounds], fn)
        return [(b, values[i + 1] - values[i]) for i, b in enumerate(bounds)]

    def _midnights(self, start: datetime | None, end: datetime | None) -> list[datetime]:
        first = self.installed
        lo = datetime(first.year, first.month, first.day, tzinfo=UTC) + timedelta(days=1)
        lo = max(lo, self._updated - timedelta(days=DAILY_CAPACITY))
        lo = datetime(lo.year, lo.month, lo.day, tzinfo=UTC)
        hi = self._updated if end is None else min(end, self._updated)
        out = []
        t = lo
        while t <= hi:
            if start is None or t >= start:
                out.append(t)
            t += timedelta(days=1)
        return out

    def daily_snapshots(self, start: datetime | None = None, end: datetime | None = None) -> list[Snapshot]:
        """Daily read log (midnight registers): recorded since the meter started running, computed from
        the consumption model for the days before (single-rate: TOU register 1 = total)."""
        recorded = {s.at: s for s in self._daily}
        days = self._midnights(start, end)
        early = [d for d in days if d not in recorded]
        totals = dict(zip(early, self._series(early, self.model.import_wh, self._base_wh), strict=True))
        seconds = dict(zip(early, self._series(early, self.model2.import_wh), strict=True)) if self.model2 else {}
        out = []
        for d in days:
            if d in recorded:
                out.append(recorded[d])
            else:
                total, sec = totals[d], seconds.get(d, 0)
                out.append(Snapshot(d, total, sec, (total, *(0,) * (TOU_REGISTERS - 1)),
                                    (sec, *(0,) * (SECONDARY_TOU - 1)),
                                    tuple((0,) * BLOCKS for _ in range(BLOCK_REGISTERS)), (0,) * 6))
        return out

    @property
    def daily_reads(self) -> list[tuple[datetime, int]]:
        """(midnight UTC, total import Wh) for every day since installation (731 kept)."""
        return [(s.at, s.total) for s in self.daily_snapshots()]

    def snapshot(self, at: datetime) -> Snapshot:
        return Snapshot(at, self.import_register(at), self.secondary_register(at), tuple(self.tou), tuple(self.tou2),
                        tuple(tuple(r) for r in self.blocks), self.prepay_values())

    def prepay_values(self) -> tuple[int, ...]:
        ec_balance = self.ec_granted - min(self.ec_granted, max(0, -self.balance)) if self.ec_granted else 0
        return (self.balance, ec_balance, self.accumulated_debt, self.debts[3], self.debts[1], self.debts[2])

    # --- stepping
    def advance(self, at: datetime) -> None:
        """Bring the meter's state to ``at`` (half hour by half hour since it was last used)."""
        t = self._updated
        while t < at:
            boundary = next_half_hour(t)
            end = min(boundary, at)
            t = self._step(t, end)
            self._updated = t
            if t == boundary:
                self._close_half_hour(t)
                if t.hour == 0 and t.minute == 0:
                    self._close_day(t)
        self._updated = max(self._updated, at)
        self._plan_wakeup()

    def _selector(self, t: datetime, calendar: str, special: str, default: int) -> int:
        """The script selector (TOU rate n, block rate 100 + n, secondary 200 + n) the activity calendar
        gives at the meter's time ``t`` (special days first, then season → week → day profile)."""
        local = self.time(t)
        key = (calendar, self._settings_version, local.date())
        actions = self._calendar_cache.get(key)
        if actions is None:
            try:
                cal = (self.settings[k(20, calendar, 3)], self.settings[k(20, calendar, 4)],
                       self.settings[k(20, calendar, 5)], self.settings.get(k(11, special, 2)))
            except KeyError:
                return default
            actions = _day_actions(cal, local.date(), default)
            if len(self._calendar_cache) > 512:
                self._calendar_cache.clear()
            self._calendar_cache[key] = actions
        minute = local.hour * 60 + local.minute
        chosen = actions[-1][1] if actions else default
        for start, selector in actions:
            if start <= minute:
                chosen = selector
        return chosen

    def _price(self, charge: str, price_id: bytes) -> float:
        """Money per Wh of a price list entry of a charge (class 113) — 1/100 000 £ per Wh."""
        key = (charge, self._settings_version)
        prices = self._price_cache.get(key)
        if prices is None:
            prices = {}
            value = self.settings.get(k(113, charge, 5))
            try:
                (commodity_scale, price_scale), table = value.value[0].value, value.value[2].value  # type: ignore[union-attr]
                factor = 10.0 ** (price_scale.value - commodity_scale.value + 5)
                prices = {e.value[0].value: float(e.value[1].value) * factor for e in table}
            except (AttributeError, IndexError, TypeError, ValueError):
                pass
            if len(self._price_cache) > 32:
                self._price_cache.clear()
            self._price_cache[key] = prices
        return prices.get(price_id, 0.0)

    def _flat(self, charge: str) -> float:
        """The first amount of a flat charge (standing charge, debt recovery rate) in 1/100 000 £."""
        value = self.settings.get(k(113, charge, 5))
        try:
            scale = value.value[0].value[1].value  # type: ignore[union-attr]
            amount = value.value[2].value[0].value[1].value  # type: ignore[union-attr]
            return float(amount) * 10.0 ** (int(scale) + 5)
        except (AttributeError, IndexError, TypeError):
            return 0.0

    def _rate_of(self, t: datetime) -> tuple[int, bytes]:
        """(selector, price id) of the primary element at ``t``: TOU rate n → ``0n``, block rate n →
        block id of the block the rate's counter is in."""
        sel = self._selector(t, PRIMARY_CALENDAR, "0-0:11.0.0.255", 1)
        if 101 <= sel <= 108:
            rate = sel - 100
            block = self._block_of(rate)
            return sel, eo.block_price_id(rate, block)
        sel = sel if 1 <= sel <= TOU_REGISTERS else 1
        return sel, eo.tou_price_id(sel)

    def _block_of(self, rate: int) -> int:
        thresholds = self.settings.get(k(21, f"0-0:16.0.{10 + rate}.255", 2))
        used = sum(self.block_counters[rate - 1])
        limits = [v.value for v in thresholds.value] if thresholds is not None else []
        return min(BLOCKS - 1, sum(1 for limit in limits if limit != 0xFFFFFFFF and used >= limit))

    def _charges(self, a: datetime, b: datetime) -> tuple[int, int, float, float, dict[int, float]]:
        """Energy (import, secondary), cost, standing charge and debt recovery of [a, b)."""
        e = self.import_register(b) - self.import_register(a)
        e2 = self.secondary_register(b) - self.secondary_register(a) if self.model2 is not None else 0
        _, price_id = self._rate_of(a)
        cost = e * self._price(PRICES, price_id)
        if e2:
            sel2 = self._selector(a, SECONDARY_CALENDAR, "0-0:11.0.1.255", 201)
            cost += e2 * self._price(SECONDARY_PRICES, eo.tou_price_id(max(1, min(SECONDARY_TOU, sel2 - 200))))
        seconds = (b - a).total_seconds()
        standing = self._flat(STANDING_CHARGE) * seconds / 86_400
        recovery = {}
        for n in (1, 2):
            if self.debts[n] > 0:
                period = self.settings[k(113, DEBTS[n], 8)].value or 86_400
                recovery[n] = self._flat(DEBTS[n]) * seconds / period
        return e, e2, cost, standing, recovery

    def _take(self, name: str, amount: float) -> int:
        """Integer money of a running float charge (the remainder carries over)."""
        total = self._residual.get(name, 0.0) + amount
        whole = math.floor(total)
        self._residual[name] = total - whole
        return whole

    def _apply(self, a: datetime, b: datetime) -> None:
        e, e2, cost, standing, recovery = self._charges(a, b)
        sel, _ = self._rate_of(a)
        if 101 <= sel <= 108:
            rate = sel - 100
            block = self._block_of(rate)
            self.blocks[rate - 1][block] += e
            self.block_counters[rate - 1][block] += e
        else:
            self.tou[sel - 1] += e
        if e2:
            sel2 = self._selector(a, SECONDARY_CALENDAR, "0-0:11.0.1.255", 201)
            self.tou2[max(1, min(SECONDARY_TOU, sel2 - 200)) - 1] += e2
        charge = self._take("energy", cost) + self._take("standing", standing)
        for n, amount in recovery.items():
            got = min(self.debts[n], self._take(f"debt{n}", amount))
            self.debts[n] -= got
            charge += got
            if self.debts[n] == 0:
                self.raise_alert(ALERT_DEBT_CLEARED[n], b)
        self.balance -= charge
        if self.payment_mode == PaymentMode.PREPAYMENT:
            self._credit_alerts(b)

    def _disablement_threshold(self) -> int:
        return int(self.settings[k(9000, "0-0:94.44.128.22", 2)].value)

    def _step(self, a: datetime, b: datetime) -> datetime:
        """Process [a, b) (within one half hour); stop early at the second the credit runs out."""
        prepay = self.payment_mode == PaymentMode.PREPAYMENT and self._flowing()
        if prepay:
            threshold = self._disablement_threshold()
            before = self.available_credit
            if before <= threshold:
                self._cut_for_credit(a)
                self._apply(a, b)
                return b
            _, _, cost, standing, recovery = self._charges(a, b)
            spend = cost + standing + sum(recovery.values()) + sum(self._residual.values())
            if before > threshold >= before - spend:
                lo, hi = a, b
                while (hi - lo).total_seconds() > 1:
                    mid = lo + (hi - lo) / 2
                    _, _, cost, standing, recovery = self._charges(a, mid)
                    if before - (cost + standing + sum(recovery.values())) <= threshold:
                        hi = mid
                    else:
                        lo = mid
                cut = hi.replace(microsecond=0) + (timedelta(seconds=1) if hi.microsecond else timedelta(0))
                cut = min(cut, b)
                self._apply(a, cut)
                if self.available_credit > threshold:  # rounding: take the last unit
                    self.balance = threshold - self.ec_granted
                self._cut_for_credit(cut)
                return cut
        self._apply(a, b)
        return b

    def _credit_alerts(self, at: datetime) -> None:
        low = self.settings[k(111, ACCOUNT, 16)].value
        if self.available_credit < low and "low" not in self._latched:
            self._latched.add("low")
            self.log_event(at, ALERT_LOW_CREDIT, "low credit")
            self.raise_alert(ALERT_LOW_CREDIT, at)
        threshold = self.settings[k(112, EMERGENCY_CREDIT, 10)].value
        if not self.ec_granted and self.balance < threshold and "ec" not in self._latched:
            self._latched.add("ec")
            self.raise_alert(ALERT_EC_AVAILABLE, at)

    def _cut_for_credit(self, at: datetime) -> None:
        self.supply = SupplyState.DISABLED
        self._credit_cut = True
        self._set_flow(at)
        self.log_event(at, ALERT_DISABLEMENT, "supply interrupted: credit below the disablement threshold")
        if self.ec_granted:
            self.raise_alert(ALERT_EC_EXHAUSTED, at)
        self.raise_alert(ALERT_DISABLEMENT, at)

    def _restore_after_credit(self, at: datetime, alert: int = ALERT_SUPPLY_ARMED) -> list[int]:
        """Credit is back above the disablement threshold: arm the supply (the simulated consumer then
        presses the button at once)."""
        if not self._credit_cut or self.available_credit <= self._disablement_threshold():
            return []
        self._credit_cut = False
        self.supply = SupplyState.ENABLED
        self._set_flow(at)
        self.log_event(at, alert, "supply armed, then enabled by the consumer")
        if self.available_credit >= self.settings[k(111, ACCOUNT, 16)].value:
            self._latched.discard("low")
        return [alert]

    def _close_half_hour(self, b: datetime) -> None:
        demand = 2 * (self.import_register(b) - self.import_register(b - HALF_HOUR))
        for obis_text in (MD_IMPORT, MD_IMPORT_CONFIGURABLE):
            if demand > self.md[obis_text][0]:
                self.md[obis_text] = (demand, b)
        export = 2 * (self.export_register(b) - self.export_register(b - HALF_HOUR))
        if export > self.md[MD_EXPORT][0]:
            self.md[MD_EXPORT] = (export, b)
        threshold = self.settings[k(71, "0-0:17.0.0.255", 4)].value
        if threshold and demand > threshold:
            self.load_limit_count += 1
            self.log_event(b, ALERT_LOAD_LIMIT, f"half-hour demand {demand} W above {threshold} W")
            self.raise_alert(ALERT_LOAD_LIMIT, b)
            if self.settings[k(9000, "0-0:94.44.0.3", 2)].value and self.supply == SupplyState.ENABLED:
                self.supply = SupplyState.ARMED
                self._set_flow(b)
                self.raise_alert(ALERT_LOAD_LIMIT_DISABLED, b)
                restore = b + timedelta(seconds=max(60, self.settings[k(71, "0-0:17.0.0.255", 7)].value))
                self.hold(HeldWork(restore, ("load-limit",), self._load_limit_restored, "load limit restoration"))

    def _load_limit_restored(self, due: datetime) -> list[bytes]:
        self.advance(due)
        if self.supply != SupplyState.ARMED:
            return []
        self.supply = SupplyState.ENABLED
        self._set_flow(due)
        return [self.security.alert(ALERT_LOAD_LIMIT_RESTORED, due)]

    def _close_day(self, midnight: datetime) -> None:
        self._daily.append(self.snapshot(midnight))
        self._prepay_daily.append((midnight, self.prepay_values()))
        local = self.time(midnight)
        for entry in self.settings[k(22, "0-0:15.0.0.255", 4)].value:
            if _date_matches(entry.value[1].value, local):
                self._billing.append(self.snapshot(midnight))
                self.log_event(midnight, ALERT_BILLING_DATA_LOG, "billing data log updated")
                break
        for entry in self.settings[k(22, "0-0:15.1.0.255", 4)].value:
            if _date_matches(entry.value[1].value, local):
                self.block_counters = [[0] * BLOCKS for _ in range(BLOCK_REGISTERS)]
                break

    def _plan_wakeup(self) -> None:
        """With a scheduler: wake at the predicted next credit event (low credit / disablement) so its
        alert goes out at its time, not at the next command."""
        if self.scheduler is None or self.payment_mode != PaymentMode.PREPAYMENT or not self._flowing():
            return
        now = self._updated
        credit = float(self.available_credit)
        low = self.settings[k(111, ACCOUNT, 16)].value
        targets = [self._disablement_threshold()] + ([low] if "low" not in self._latched else [])
        t = now
        horizon = now + timedelta(days=14)
        while t < horizon:
            end = next_half_hour(t)
            _, _, cost, standing, recovery = self._charges(t, end)
            credit -= cost + standing + sum(recovery.values())
            if any(credit <= target for target in targets):
                break
            t = end
        else:
            return
        self._wake_token += 1
        token = self._wake_token
        delay = max(1.0, (next_half_hour(t) - self.scheduler.now()).total_seconds())

        def wake() -> None:
            if token == self._wake_token and self.scheduler is not None:
                self.advance(self.scheduler.now())

        self.scheduler.call_later(delay, wake)

    # --- power (the hub calls these)
    def power_lost(self, at: datetime) -> list[int]:
        self.advance(at)
        self.powered = False
        self._set_flow(at)
        self._outage_from = at
        self.log_event(at, ALERT_SUPPLY_INTERRUPTED, "supply interrupted")
        return [ALERT_SUPPLY_INTERRUPTED]

    def power_restored(self, at: datetime) -> list[int]:
        self.advance(at)
        self.powered = True
        self._set_flow(at)
        started = self._outage_from or at
        self._outage_from = None
        code = ALERT_SUPPLY_RESTORED_LONG if at - started >= timedelta(minutes=3) else ALERT_SUPPLY_RESTORED
        self.log_event(at, code, f"supply restored after {(at - started).total_seconds():.0f} s")
        return [code]

    # ================================================================== execution
    def execute(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        handler = self.use_cases.get(msg.message_code)
        if handler is not None:
            self.advance(at)
            return handler(msg, at)
        if msg.payload[:1] != bytes([dlms_apdu.ACCESS_REQUEST]):
            raise UnsupportedUseCase(f"0x{msg.message_code:04X} on {self.device_type}")
        return self._dlms(msg, at)

    def _dlms(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        self.advance(at)
        request = decode_request(msg.payload)
        ctx = _Command(msg, at, self.clock(at))

        def lookup(spec: Spec) -> DlmsHandler | None:
            handler = self._lookup(spec, ctx)
            if handler is None:
                ctx.failed = True
                return None

            def run(value: DlmsValue, when: datetime) -> DlmsOutcome:
                result, out = handler(value, when)
                if result != SUCCESS:
                    ctx.failed = True
                return result, out

            return run

        payload = DlmsObjects.run(request, at, lookup)
        if not ctx.failed:
            self._activate_command(ctx)
        if msg.message_code in TARIFF_CODES:
            self.log_event(at, msg.message_code, f"tariff updated ({len(request.specs)} attributes)")
        return payload, ctx.alerts

    def _lookup(self, spec: Spec, ctx: _Command) -> DlmsHandler | None:
        key = (spec.class_id, spec.obis, spec.member)
        if spec.kind in (dlms_apdu.GET, dlms_apdu.GET_WITH_SELECTION):
            if spec.class_id == 7 and spec.member == 2:
                buffer = self._buffers.get(spec.obis)
                if buffer is None:
                    return None
                return lambda v, at: (SUCCESS, buffer(spec.selection, at))
            live = self._getters.get(key)
            if live is not None:
                return lambda v, at: (SUCCESS, live(at))
            if key in self.settings:
                return lambda v, at: (SUCCESS, self.settings[key])
            return None
        if spec.kind == dlms_apdu.SET:
            if key in self._getters and key not in self.settings:
                return lambda v, at: (READ_WRITE_DENIED, NULL)
            if key not in self.settings:
                return None
            return lambda v, at: self._set(key, v, ctx)
        if spec.kind == dlms_apdu.ACTION:
            if spec.class_id == 30 and spec.member == 1:
                read = self._protected_reads.get(spec.obis)
                if read is None:
                    return None
                return lambda v, at: (SUCCESS, self._protected(ctx.msg, v, read(v, ctx)))
            method = self._methods.get(key)
            if method is None:
                return None
            return lambda v, at: method(v, ctx)
        return None

    # --- SET and activation of passive values
    def _set(self, key: Key, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        template = self.settings[key]
        allowed = eo.ALTERNATIVE_TYPES.get(key)
        if allowed is not None:
            if value.type not in allowed:
                return TYPE_UNMATCHED, NULL
        elif not eo.conforms(value, template):
            return TYPE_UNMATCHED, NULL
        if key == k(1, MPAN_OBIS, 2) and (not value.value or len(value.value) % 13 or not value.value.isdigit()):
            return TYPE_UNMATCHED, NULL
        if key == k(1, "1-0:0.0.2.255", 2) and value.value and (len(value.value) != 13 or not value.value.isdigit()):
            return TYPE_UNMATCHED, NULL
        self.settings[key] = value
        self._settings_version += 1
        alias = eo.ALIASES.get(key)
        if alias is not None:
            self.settings[alias] = value
        if ctx.msg.message_code in TARIFF_CODES:
            self._tariff_keys.add(key)
        if eo.is_activation(key):
            ctx.activations[key] = value
        elif key in eo.ACTIVE_OF:
            ctx.passives.append(key)
        else:
            self._applied(key, ctx.at)
        return SUCCESS, NULL

    def _activate_command(self, ctx: _Command) -> None:
        """Activate the command's passive values by their execution date-times (see the module doc)."""
        if not ctx.passives and not ctx.activations:
            return
        plan: dict[Key | None, list[Key]] = {}
        group = [a for a in ctx.activations if all(eo.activation_attribute(p) != a for p in ctx.passives)]
        for passive in ctx.passives:
            own = eo.activation_attribute(passive)
            target = own if own in ctx.activations else (group[0] if group else None)
            plan.setdefault(target, []).append(passive)
        for a in ctx.activations:
            plan.setdefault(a, [])
        h = ctx.msg.header
        for activation, passives in plan.items():
            if activation is None:
                self._activate(passives, ctx.at)
                continue
            raw = ctx.activations[activation].value
            if raw == eo.NEVER:  # cancels the held activation (GBCS future-dated cancellation)
                self.cancel_held(("activation", activation))
                continue
            when = decode_dlms_datetime(raw) if raw != eo.NOW else None
            if when is None or when <= ctx.now:
                self._activate(passives, ctx.at)
                continue
            due = when - self.clock_offset

            def run(at: datetime, activation: Key = activation, passives: list[Key] = passives,
                    originator: Eui64 = h.originator, counter: int = h.originator_counter,
                    code: int = h.message_code, when: datetime = when) -> list[bytes]:
                self.advance(at)
                self._activate(passives, at)
                return [self._future_dated_alert(ALERT_FUTURE_ACTIONED, when, code, counter, activation, originator)]

            self.hold(HeldWork(due, ("activation", activation), run,
                               f"0x{h.message_code:04X} activation of {_obis_text(activation[1])}"))

    def _activate(self, passives: list[Key], at: datetime) -> None:
        for passive in passives:
            active = eo.ACTIVE_OF[passive]
            self.settings[active] = self.settings[passive]
            self._settings_version += 1
            self._applied(active, at)

    def _applied(self, key: Key, at: datetime) -> None:
        """Side effects of an attribute taking a new active value."""
        if key == k(111, ACCOUNT, 2):
            self._com_billing.append(self.snapshot(at))
            self._latched.clear()
            if self.payment_mode == PaymentMode.CREDIT and self._credit_cut:
                self._credit_cut = False
                self.supply = SupplyState.ENABLED
                self._set_flow(at)
        elif key in _TARIFF_ACTIVE and (not self._com_billing or self._com_billing[-1].at != at):
            self._com_billing.append(self.snapshot(at))  # tariff-triggered billing data log entry

    def _future_dated_alert(self, code: int, when: datetime, message_code: int, counter: int, activation: Key,
                            originator: Eui64) -> bytes:
        """0x8F66 / 0x8F67 for a DLMS future-dated command (message code 0x00CC, signed, to the
        commanding party): data = message code ‖ originator counter ‖ class ‖ OBIS ‖ attribute."""
        self.security.alert_counter += 1
        n = self.security.alert_counter
        class_id, logical_name, attribute = activation
        detail = (message_code.to_bytes(2, "big") + counter.to_bytes(8, "big") + class_id.to_bytes(2, "big")
                  + logical_name + bytes([attribute]))
        payload = encode_dlms_alert(code, when, dd.encode(dd.octets(detail)), 1, invoke_id=invoke_id(n))
        return self.security.notification(FUTURE_DATED_DLMS_ALERT, payload, recipient=originator, signed=True,
                                          counter=n, fallback_code=code)

    # --- live attributes
    def _live_attributes(self) -> dict[Key, Callable[[datetime], DlmsValue]]:
        g: dict[Key, Callable[[datetime], DlmsValue]] = {
            FIRMWARE: lambda at: dd.octets(self.firmware_version.encode()),
            k(3, "1-0:2.8.0.255", 2): lambda at: u32(self.export_register(self._updated)),
            k(3, "1-0:4.8.0.255", 2): lambda at: u32(0),
            k(3, LOAD_LIMIT_COUNTER, 2): lambda at: u32(self.load_limit_count),
            k(1, "0-0:94.44.34.20", 2): lambda at: dd.structure(
                u32(self.model.power_w(at) if self._flowing() else 0), _scaler_unit(0, eo.UNIT_W),
                u32(self.model2.power_w(at) if self.model2 is not None and self._flowing() else 0)),
            k(70, "0-0:96.3.10.255", 3): lambda at: dd.DlmsValue("enum", int(self.supply)),
            k(70, "0-0:96.3.10.255", 2): lambda at: dd.DlmsValue("boolean", self.supply == SupplyState.ENABLED),
            k(8, CLOCK, 2): lambda at: dd.octets(dd.date_time(self.time(at))),
            k(112, METER_BALANCE, 2): lambda at: _i32(self.balance),
            k(112, EMERGENCY_CREDIT, 2): lambda at: _i32(self.prepay_values()[1]),
            k(112, ACCUMULATED_DEBT, 2): lambda at: _i32(self.accumulated_debt),
        }
        for n in range(1, 6):
            g[k(70, f"0-{n}:96.3.10.255", 2)] = (lambda i: lambda at: dd.DlmsValue("boolean", self.switches[i]))(n - 1)
        for obis_text in (MD_IMPORT, MD_IMPORT_CONFIGURABLE, MD_EXPORT):
            g[k(4, obis_text, 2)] = (lambda o: lambda at: u32(self.md[o][0]))(obis_text)
            g[k(4, obis_text, 5)] = (lambda o: lambda at: dd.octets(self._md_time(o)))(obis_text)
        for n, text in DEBTS.items():
            g[k(113, text, 12)] = (lambda i: lambda at: _i32(self.debts[i]))(n)
        return g

    def _md_time(self, obis_text: str) -> bytes:
        captured = self.md[obis_text][1]
        return dd.date_time(self.time(captured)) if captured is not None else eo.NEVER

    # --- methods
    def _method_table(self) -> dict[Key, Callable[[DlmsValue, _Command], DlmsOutcome]]:
        m: dict[Key, Callable[[DlmsValue, _Command], DlmsOutcome]] = {
            k(9, SUPPLY_SCRIPTS, 1): self._supply_script,
            k(9, TARIFF_SCRIPTS, 1): self._tariff_script,
            k(9, ALCS_SCRIPTS, 1): self._alcs_script,
            k(9, APC_SCRIPTS, 1): self._apc_script,
            k(112, METER_BALANCE, 1): self._adjust_balance,
            k(112, EMERGENCY_CREDIT, 3): self._activate_emergency_credit,
            k(3, LOAD_LIMIT_COUNTER, 1): self._reset_load_limit_counter,
            k(7, EVENT_LOG, 1): self._clear_log,
            k(7, ALCS_LOG, 1): self._clear_log,
            k(8, CLOCK, 4): self._adjust_to_preset_time,
            k(8, CLOCK, 5): self._preset_time,
            k(115, "0-0:19.40.0.255", 1): self._top_up,
        }
        for text in (METER_BALANCE, EMERGENCY_CREDIT, ACCUMULATED_DEBT):
            m[k(112, text, 2)] = (lambda o: lambda v, ctx: self._set_credit(o, v, ctx))(text)
        for n in (1, 2):
            m[k(113, DEBTS[n], 2)] = (lambda i: lambda v, ctx: self._activate_debt_rate(i, ctx))(n)
        for n in (1, 2, 3):
            m[k(113, DEBTS[n], 4)] = (lambda i: lambda v, ctx: self._update_debt(i, v, ctx))(n)
        phases = 3 if self.variant == EsmeVariant.POLYPHASE else 1
        for phase in range(phases):
            for n in (32, 36):
                m[k(3, f"1-0:{32 + 20 * phase}.{n}.0.4", 1)] = self._reset_voltage_counter
        for obis_text in (MD_IMPORT, MD_IMPORT_CONFIGURABLE, MD_EXPORT):
            m[k(4, obis_text, 1)] = (lambda o: lambda v, ctx: self._reset_md(o, ctx))(obis_text)
        return m

    def _supply_script(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """ECS42 / 43 / 44: the disconnect control script table (51 enable, 52 disable, 54 arm)."""
        states = {SUPPLY_ENABLE: SupplyState.ENABLED, SUPPLY_DISABLE: SupplyState.DISABLED,
                  SUPPLY_ARM: SupplyState.ARMED}
        state = states.get(value.value)
        if state is None:
            return OBJECT_UNAVAILABLE, NULL
        self.supply = state
        self._credit_cut = False
        self._set_flow(ctx.at)
        self.log_event(ctx.at, ctx.msg.message_code, f"supply {state.name.lower()}")
        if state == SupplyState.ARMED:
            ctx.alerts.append(ALERT_SUPPLY_ARMED)
        return SUCCESS, NULL

    def _tariff_script(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """ECS05 (script 99): reset the tariff block counter matrix."""
        if value.value != RESET_BLOCK_COUNTERS:
            return OBJECT_UNAVAILABLE, NULL
        self.block_counters = [[0] * BLOCKS for _ in range(BLOCK_REGISTERS)]
        return SUCCESS, NULL

    def _alcs_script(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """Auxiliary load control script table (ECS47 / ECS47a / ECS46c schedules): selector = switch n × 256 +
        action (low bits 1 on / 2 off, 0x10 + n timed on / off, 0x20 reset to schedule; 0x80 + level: an
        auxiliary controller's commanded state)."""
        selector = int(value.value)
        switch, action = selector >> 8, selector & 0xFF
        if 0x10 < switch <= 0x2F:  # auxiliary controller N (0x10 + N, input 0x20 + N): level
            self.apc_level = action & 0x7F
            self._alcs_log.append((ctx.at, selector, 1, action & 0x7F))
            return SUCCESS, NULL
        if not 1 <= switch <= 5:
            return OBJECT_UNAVAILABLE, NULL
        on = (action & 0x0F) == 1 or ((action & 0xF0) == 0x10 and (action & 0x0F) != 2)
        if (action & 0xF0) == 0x20:
            on = False
        self.switches[switch - 1] = on
        self._alcs_log.append((ctx.at, selector, int(on), 0))
        self.log_event(ctx.at, 0x8154, f"auxiliary load {switch} {'on' if on else 'off'}")
        return SUCCESS, NULL

    def _apc_script(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        self.apc_level = int(value.value)
        self._alcs_log.append((ctx.at, int(value.value), 2, self.apc_level))
        return SUCCESS, NULL

    def _adjust_balance(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """ECS04a: adjust the meter balance by an amount."""
        if value.type != "double-long":
            return TYPE_UNMATCHED, NULL
        self.balance += int(value.value)
        ctx.alerts.extend(self._restore_after_credit(ctx.at))
        return SUCCESS, NULL

    def _set_credit(self, which: str, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """ECS04b: set the meter balance / emergency credit / accumulated debt to a value (0: reset)."""
        if value.type != "double-long":
            return TYPE_UNMATCHED, NULL
        if which == METER_BALANCE:
            self.balance = int(value.value)
        elif which == EMERGENCY_CREDIT:
            self.ec_granted = max(0, int(value.value))
        else:
            self.accumulated_debt = int(value.value)
        return SUCCESS, NULL

    def _activate_emergency_credit(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """ECS09: emergency credit, when the balance is below the emergency credit threshold."""
        if self.ec_granted:
            return SUCCESS, NULL
        if self.balance >= self.settings[k(112, EMERGENCY_CREDIT, 10)].value:
            return OTHER_REASON, NULL
        self.ec_granted = int(self.settings[k(112, EMERGENCY_CREDIT, 9)].value)
        self.log_event(ctx.at, ALERT_EC_ACTIVATED, "emergency credit activated")
        ctx.alerts.extend(self._restore_after_credit(ctx.at, ALERT_ARMED_BY_EC))
        return SUCCESS, NULL

    def _activate_debt_rate(self, n: int, ctx: _Command) -> DlmsOutcome:
        """ECS07: activate the passive debt recovery rate of time-based debt n."""
        self.settings[k(113, DEBTS[n], 5)] = self.settings[k(113, DEBTS[n], 6)]
        return SUCCESS, NULL

    def _update_debt(self, n: int, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """ECS07: add to a debt register (time debt 1 / 2, payment debt)."""
        if value.type != "double-long":
            return TYPE_UNMATCHED, NULL
        self.debts[n] = max(0, self.debts[n] + int(value.value))
        return SUCCESS, NULL

    def _reset_load_limit_counter(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        self.load_limit_count = 0
        return SUCCESS, NULL

    def _reset_voltage_counter(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        return SUCCESS, NULL  # sag / swell counters are 0 (voltage events are not simulated)

    def _reset_md(self, obis_text: str, ctx: _Command) -> DlmsOutcome:
        """ECS57: reset a maximum demand register (its reset time is recorded)."""
        self.md[obis_text] = (0, None)
        self.settings[k(1, MD_RESET_TIME[obis_text], 2)] = dd.octets(dd.date_time(ctx.now))
        return SUCCESS, NULL

    def _clear_log(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """ECS15a / ECS15c: clear the event log / the auxiliary load control event log."""
        if ctx.msg.message_code == 0x00C1:
            self._alcs_log.clear()
        else:
            self._events_cleared = len(self.events)
        self.log_event(ctx.at, ALERT_EVENT_LOG_CLEARED, "event log cleared")
        return SUCCESS, NULL

    def _preset_time(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """ECS70: preset_adjusting_time (preset, validity interval start, end)."""
        if value.type != "structure" or len(value.value) != 3:
            return TYPE_UNMATCHED, NULL
        self._preset = tuple(decode_dlms_datetime(v.value) for v in value.value)
        return SUCCESS, NULL

    def _adjust_to_preset_time(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """ECS70: adjust the clock: when the meter's time is outside the validity interval the DCC gave,
        it is set to the interval's start (the DCC's time when it sent the command)."""
        preset = self._preset
        if preset is None:
            return OTHER_REASON, NULL
        target, start, end = preset
        now = self.time(ctx.at)
        if target is not None:
            self.clock_offset = target - ctx.at
        elif start is not None and end is not None and not start <= now <= end:
            self.clock_offset = start - ctx.at
        self.commissioned = True
        self.log_event(ctx.at, 0x8F69, "clock set / commissioned (ECS70)")
        return SUCCESS, NULL

    # --- CS01a top-up
    def _top_up(self, value: DlmsValue, ctx: _Command) -> DlmsOutcome:
        """CS01a: a UTRN made by the Supplier with its prepayment top-up key (GBCS 14, :mod:`.prepayment`),
        checked against the Supplier's prepayment top-up trust anchor. Refusals answer other-reason
        with the GBCS alert (0x8F63 not authentic, 0x8F51 duplicate / replay, 0x8F5B above the maximum
        credit threshold, 0x8F47 above the maximum meter balance)."""
        if value.type != "octet-string":
            return TYPE_UNMATCHED, NULL
        try:
            token, counter = authenticate_top_up(self.security, value.value.decode("ascii", "replace"),
                                                 self.utrn_guard)
            if token.amount > self.settings[k(9000, "0-0:94.44.2.10", 2)].value:
                raise ValueError(0x8F5B, "UTRN exceeds the maximum credit threshold")
            if self.balance + token.amount > self.settings[k(9000, "0-0:94.44.2.20", 2)].value:
                raise ValueError(0x8F47, "credit would exceed the maximum meter balance")
        except ValueError as refused:
            code, reason = refused.args[0], refused.args[-1]
            self.utrn_guard.failures += 1
            self.log_event(ctx.at, code, f"top-up refused: {reason}")
            ctx.alerts.append(code)
            return OTHER_REASON, NULL
        self.utrn_guard.accept(counter)
        self.credit(token.amount, ctx.at)
        ctx.alerts.extend(self._restore_after_credit(ctx.at))
        return SUCCESS, NULL

    def credit(self, amount: int, at: datetime) -> None:
        """Apply a top-up: payment-based debt first (its share of the payment), then the balance."""
        share = self.settings[k(113, DEBTS[3], 13)].value  # % × 100 of each payment
        collected = min(self.debts[3], amount * share // 10_000)
        if collected:
            self.debts[3] -= collected
            self._debt_payments.append((at, collected))
            if self.debts[3] == 0:
                self.raise_alert(ALERT_DEBT_CLEARED[3], at)
        self.balance += amount - collected
        if self.balance >= 0:
            self.ec_granted = 0
        self._credits.append((at, amount))
        self.log_event(at, 0x0007, f"top-up {amount / eo.MONEY:.2f}")
        if self.available_credit >= self.settings[k(112, EMERGENCY_CREDIT, 10)].value:
            self._latched.discard("ec")

    # --- logs (class 7 buffers, get-with-selection)
    def _buffer_table(self) -> dict[bytes, Callable[[DlmsValue | None, datetime], DlmsValue]]:
        b: dict[bytes, Callable[[DlmsValue | None, datetime], DlmsValue]] = {
            obis("0-0:98.1.4.255"): lambda sel, at: _rows(_U32_PAIR, _in(sel, self._debt_payments), u32),
            obis("0-0:98.1.5.255"): lambda sel, at: _rows(_U32_PAIR, _in(sel, self._credits), u32),
            obis("0-0:98.1.10.255"): self._export_daily,
            obis("0-0:99.1.1.255"): self._export_profile,
            obis("0-0:99.1.2.255"): self._reactive_profile,
            obis(EVENT_LOG): self._event_log,
            obis(SECURITY_LOG): self._security_log,
            obis(POWER_LOG): self._power_log,
            obis(ALCS_LOG): self._alcs_rows,
            obis(BOOST_LOG): lambda sel, at: _rows(_U32_PAIR, _in(sel, self._boost_log), u32),
        }
        for phase in range(3 if self.variant == EsmeVariant.POLYPHASE else 1):
            b[obis(f"1-0:{32 + 20 * phase}.24.0.255")] = (lambda p: lambda sel, at: self._voltage(p, sel))(phase)
        return b

    def _export_daily(self, sel: DlmsValue | None, at: datetime) -> DlmsValue:
        start, end = selection_range(sel)
        days = self._midnights(start, end)
        values = self._series(days, self.model.export_wh)
        return _rows(_U32_PAIR, list(zip(days, values, strict=True)), u32)

    def _export_profile(self, sel: DlmsValue | None, at: datetime) -> DlmsValue:
        start, end = selection_range(sel)
        rows = self._profile(start, end, self.model.export_wh)
        desc = ("structure", (U32, U32, U32))
        return dd.DlmsValue("compact-array", (desc, tuple(
            dd.structure(u32(zigbee_time(t)), u32(wh), u32(0)) for t, wh in rows)))

    def _reactive_profile(self, sel: DlmsValue | None, at: datetime) -> DlmsValue:
        start, end = selection_range(sel)
        rows = self._profile(start, end, self.model.import_wh)
        ratio = self.model.reactive_ratio
        return _rows(_U32_PAIR, [(t, math.floor(wh * ratio)) for t, wh in rows], u32)

    def _voltage(self, phase: int, sel: DlmsValue | None) -> DlmsValue:
        """Average RMS voltage profile (V, one entry per capture period): a quiet synthetic supply."""
        start, end = selection_range(sel)
        period = max(60, self.settings[k(7, f"1-0:{32 + 20 * phase}.24.0.255", 4)].value)
        lo = max(self.installed, self._updated - timedelta(days=31), start or self.installed)
        hi = min(self._updated, end or self._updated)
        t = datetime.fromtimestamp((lo.timestamp() // period + 1) * period, tz=UTC)
        rows: list[tuple[datetime, int]] = []
        while t <= hi and len(rows) < 2000:
            rows.append((t, 2300 + int(40 * hash_unit(self.eui.hex, phase, int(t.timestamp())))))
            t += timedelta(seconds=period)
        return _rows(_U32_PAIR, rows, u32)

    def _event_log(self, sel: DlmsValue | None, at: datetime) -> DlmsValue:
        return event_log((e for e in self.events[self._events_cleared:] if e.code not in POWER_EVENTS), sel)

    def _security_log(self, sel: DlmsValue | None, at: datetime) -> DlmsValue:
        return security_log(self.security.log, sel)

    def _power_log(self, sel: DlmsValue | None, at: datetime) -> DlmsValue:
        desc = ("structure", (U32, ("long-unsigned",), U32))
        start, end = selection_range(sel)
        return dd.DlmsValue("compact-array", (desc, tuple(
            dd.structure(u32(zigbee_time(e.at)), dd.DlmsValue("long-unsigned", e.code), u32(0))
            for e in self.events if e.code in POWER_EVENTS and within(e.at, start, end))))

    def _alcs_rows(self, sel: DlmsValue | None, at: datetime) -> DlmsValue:
        desc = ("structure", (U32, ("long-unsigned",), ("enum",), U32))
        start, end = selection_range(sel)
        return dd.DlmsValue("compact-array", (desc, tuple(
            dd.structure(u32(zigbee_time(t)), dd.DlmsValue("long-unsigned", code & 0xFFFF),
                         dd.DlmsValue("enum", state), u32(level))
            for t, code, state, level in self._alcs_log if within(t, start, end))))

    # --- protected reads (class 30, encrypted)
    def _protected_table(self) -> dict[bytes, Callable[[DlmsValue, _Command], DlmsValue]]:
        return {obis(f"0-0:43.2.{n}.255"): read for n, read in (
            (1, self._read_prepay_values), (2, self._read_billing_calendar_log), (3, self._read_com_billing_log),
            (4, self._read_daily_consumption), (5, self._read_daily_log), (6, self._read_prepay_daily_log),
            (7, self._read_profile), (8, self._read_import_registers), (9, self._read_tou_registers),
            (10, self._read_block_registers))}

    def _protected(self, msg: GbcsMessage, data: DlmsValue, body: DlmsValue) -> DlmsValue:
        """The class 30 action answer (GBCS 7.2.x, RTDS ECS17b / ECS22b responses): structure of the
        protection parameters (originator and recipient swapped) and the encrypted data, an
        octet-string ``31 00000000 ‖ ciphertext ‖ tag`` (AES-GCM, GBCS KDF transaction type 4).
        A request without protection parameters is not a valid GBCS command: refused (0x8F1E)."""
        params = _protection(data)
        if params is None:
            raise DeviceRefusal(f"device {self.eui}: class 30 request without protection parameters",
                                alert_code=0x8F1E, rule="GBCS-7.2")
        swapped = dd.array(*(_swap_parties(p) for p in params.value))
        encrypted = self.encrypt_for(msg, dd.encode(body))
        return dd.structure(swapped, dd.octets(encrypted))

    def _read_import_registers(self, data: DlmsValue, ctx: _Command) -> DlmsValue:
        """ECS17b: active import (Wh), reactive import (varh); twin: + the secondary element."""
        items = [u32(self.import_register(ctx.at)), _scaler_unit(0, UNIT_WH),
                 u32(self.reactive_import(ctx.at)), _scaler_unit(0, UNIT_VARH)]
        if self.twin:
            items.append(u32(self.secondary_register(ctx.at)))
        return dd.structure(dd.structure(*items))

    def _read_tou_registers(self, data: DlmsValue, ctx: _Command) -> DlmsValue:
        """ECS17d: the 48 TOU registers (twin: and the secondary element's 4)."""
        arrays = [dd.array(*(u32(v) for v in self.tou))]
        if self.twin:
            arrays.append(dd.array(*(u32(v) for v in self.tou2)))
        return dd.structure(dd.structure(*arrays))

    def _read_block_registers(self, data: DlmsValue, ctx: _Command) -> DlmsValue:
        """ECS17e: the TOU-with-blocks matrix (8 block rates × 4 blocks) then the block counters."""
        values = [v for rate in self.blocks for v in rate] + [v for rate in self.block_counters for v in rate]
        return dd.structure(dd.structure(dd.array(*(u32(v) for v in values))))

    def _read_prepay_values(self, data: DlmsValue, ctx: _Command) -> DlmsValue:
        """ECS19: meter balance, emergency credit balance, accumulated debt, payment-based debt, time-based
        debts 1 and 2."""
        return dd.structure(dd.structure(*(_i32(v) for v in self.prepay_values())))

    def _register_columns(self) -> list[tuple[object, ...]]:
        cols: list[tuple[object, ...]] = [U32, U32]
        if self.twin:
            cols.append(U32)
        cols.append(("array", TOU_REGISTERS, U32))
        if self.twin:
            cols.append(("array", SECONDARY_TOU, U32))
        cols += [("array", BLOCK_REGISTERS, U32) for _ in range(BLOCKS)]
        return cols

    def _register_row(self, s: Snapshot) -> list[DlmsValue]:
        row = [u32(zigbee_time(s.at)), u32(s.total)]
        if self.twin:
            row.append(u32(s.secondary))
        row.append(dd.array(*(u32(v) for v in s.tou)))
        if self.twin:
            row.append(dd.array(*(u32(v) for v in s.tou2)))
        row += [dd.array(*(u32(s.blocks[rate][block]) for rate in range(BLOCK_REGISTERS))) for block in range(BLOCKS)]
        return row

    def _read_daily_log(self, data: DlmsValue, ctx: _Command) -> DlmsValue:
        """ECS21a: daily read log between the requested dates: (UTC seconds since 2000, total import,
        48 TOU registers, 4 × 8 block registers), twin element: secondary total and TOU registers too."""
        start, end = _requested_range(data)
        desc = ("structure", tuple(self._register_columns()))
        rows = tuple(dd.structure(*self._register_row(s)) for s in self.daily_snapshots(start, end))
        return dd.structure(dd.DlmsValue("compact-array", (desc, rows)))

    def _read_com_billing_log(self, data: DlmsValue, ctx: _Command) -> DlmsValue:
        """ECS20b: billing data log entries written on a change of payment mode or tariff."""
        start, end = _requested_range(data)
        desc = ("structure", (*self._register_columns(), *(_I32 for _ in range(6))))
        rows = tuple(dd.structure(*self._register_row(s), *(_i32(v) for v in s.prepay))
                     for s in self._com_billing if within(s.at, start, end))
        return dd.structure(dd.DlmsValue("compact-array", (desc, rows)))

    def _read_billing_calendar_log(self, data: DlmsValue, ctx: _Command) -> DlmsValue:
        """ECS20c: billing data log entries of the billing calendar: registers, then prepayment values."""
        start, end = _requested_range(data)
        chosen = [s for s in self._billing if within(s.at, start, end)]
        registers = dd.DlmsValue("compact-array", (("structure", tuple(self._register_columns())),
                                                   tuple(dd.structure(*self._register_row(s)) for s in chosen)))
        prepay = dd.DlmsValue("compact-array", (("structure", (U32, *(_I32 for _ in range(6)))), tuple(
            dd.structure(u32(zigbee_time(s.at)), *(_i32(v) for v in s.prepay)) for s in chosen)))
        return dd.structure(registers, prepay)

    def _read_prepay_daily_log(self, data: DlmsValue, ctx: _Command) -> DlmsValue:
        """ECS21b: prepayment daily read log (the six prepayment values at each midnight)."""
        start, end = _requested_range(data)
        desc = ("structure", (U32, *(_I32 for _ in range(6))))
        rows = tuple(dd.structure(u32(zigbee_time(t)), *(_i32(v) for v in values))
                     for t, values in self._prepay_daily if within(t, start, end))
        return dd.structure(dd.DlmsValue("compact-array", (desc, rows)))

    def _read_daily_consumption(self, data: DlmsValue, ctx: _Command) -> DlmsValue:
        """ECS66: daily consumption log (import of each day, stamped at the day's end)."""
        start, end = _requested_range(data)
        days = self._midnights(start, end)
        rows: tuple[DlmsValue, ...] = ()
        if days:
            ends = self._series([max(self.installed, days[0] - timedelta(days=1)), *days], self.model.import_wh)
            rows = tuple(dd.structure(u32(zigbee_time(d)), u32(ends[i + 1] - ends[i])) for i, d in enumerate(days))
        return dd.structure(dd.DlmsValue("compact-array", (_U32_PAIR, rows)))

    def _read_profile(self, data: DlmsValue, ctx: _Command) -> DlmsValue:
        """ECS22b: half-hour import profile between the requested dates (UTC seconds since 2000, Wh;
        twin: and the secondary element's Wh)."""
        start, end = _requested_range(data)
        rows = self._profile(start, end, self.model.import_wh)
        if self.twin and self.model2 is not None:
            second = dict(self._profile(start, end, self.model2.import_wh))
            desc: tuple[object, ...] = ("structure", (U32, U32, U32))
            cells = tuple(dd.structure(u32(zigbee_time(t)), u32(wh), u32(second.get(t, 0))) for t, wh in rows)
        else:
            desc = _U32_PAIR
            cells = tuple(dd.structure(u32(zigbee_time(t)), u32(wh)) for t, wh in rows)
        return dd.structure(dd.DlmsValue("compact-array", (desc, cells)))

    # --- ASN.1 use cases (CS03A1, CS04AC, CS06)
    def _join(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """CS03A1 (8.7.1): join a PPMID / HCALCS to the ESME for HAN interaction (:mod:`.han_join`):
        ``SEQUENCE { INTEGER method, OCTET STRING EUI, INTEGER device type }`` → INTEGER result."""
        result = self.joins.join(msg.payload)
        if result == der.integer(JOIN_OK):
            self.log_event(at, ALERT_JOIN_OK, "device joined (CS03A1)")
        return result, []

    def _unjoin(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """CS04AC (8.8.1): unjoin a device: ``OCTET STRING EUI`` → INTEGER 0 (1: not joined)."""
        result = self.joins.unjoin(msg.payload)
        if result == der.integer(JOIN_OK):
            self.log_event(at, ALERT_UNJOIN_OK, "device unjoined (CS04AC)")
        return result, []

    def distribute_firmware(self, image_hash: bytes, version: bytes) -> None:
        """What 11.1 Update Firmware leaves on the meter (the CHF distributes the image): activatable by
        CS06 with this hash."""
        self.firmware_images[bytes(image_hash)] = bytes(version)

    def _activate_firmware(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """CS06 (11.3): ``SEQUENCE { OCTET STRING image hash, INTEGER counter, GeneralizedTime? }``;
        immediate → ``SEQUENCE { INTEGER status (0 activated, 1 no such image), OCTET STRING version }``,
        future-dated → NULL and at its time alert 0x8F66 / 0x8F67 (0x00CA); 9999-12-31 cancels."""
        top = der.parse(msg.payload)
        image = top.child(0).content
        when = next((c.time() for c in top.children[1:] if c.tag == der.GENERALIZED_TIME), None)
        h = msg.header
        key = ("firmware-activation",)
        if when is not None and when.year >= 9999:
            self.cancel_held(key)
            return der.null(), []
        if when is not None and when > self.clock(at):
            def run(due: datetime) -> list[bytes]:
                status, version = self._switch_firmware(image, due)
                code = ALERT_FUTURE_ACTIONED if status == 0 else ALERT_FUTURE_NOT_ACTIONED
                body = der.sequence(der.integer(code), der.generalized_time(when), der.integer(h.originator_counter),
                                   der.sequence(der.integer(status), der.octets(version)))
                return [self.security.notification(FUTURE_DATED_FIRMWARE_ALERT, body, recipient=h.originator,
                                                   signed=True)]

            self.hold(HeldWork(when - self.clock_offset, key, run, "firmware activation"))
            return der.null(), []
        status, version = self._switch_firmware(image, at)
        return der.sequence(der.integer(status), der.octets(version)), []

    def _switch_firmware(self, image: bytes, at: datetime) -> tuple[int, bytes]:
        version = self.firmware_images.get(image)
        if version is None:
            return 1, self.firmware_version.encode()
        self.firmware_version = version.decode("latin-1") if not version.isascii() else version.decode()
        self.log_event(at, ALERT_FIRMWARE_CHANGED, f"firmware {version.hex()} activated")
        return 0, version

    # ================================================================== compatibility
    @property
    def tariff_tables(self) -> dict[tuple[int, str, int], dd.DlmsValue]:
        """What ECS01a-d set: (class id, OBIS ``a-b:c.d.e.f``, attribute) → value."""
        return {(c, _obis_text(o), m): v for (c, o, m), v in self.settings.items() if (c, o, m) in self._tariff_keys}


_U32_PAIR = ("structure", (U32, U32))
_TARIFF_ACTIVE = frozenset({k(20, PRIMARY_CALENDAR, 3), k(20, PRIMARY_CALENDAR, 4), k(20, PRIMARY_CALENDAR, 5),
                            k(113, PRICES, 5), k(113, STANDING_CHARGE, 5)})


def _in(sel: DlmsValue | None, rows: deque[tuple[datetime, int]]) -> list[tuple[datetime, int]]:
    start, end = selection_range(sel)
    return [(t, v) for t, v in rows if within(t, start, end)]


def _rows(desc: tuple[object, ...], rows: list[tuple[datetime, int]],
          conv: Callable[[int], DlmsValue]) -> DlmsValue:
    return dd.DlmsValue("compact-array", (desc, tuple(dd.structure(u32(zigbee_time(t)), conv(v)) for t, v in rows)))


def _date_matches(raw: bytes, t: datetime) -> bool:
    """A DLMS date (yy yy mm dd dow, 0xFF / 0xFFFF = any) against a date."""
    if len(raw) != 5:
        return False
    year = int.from_bytes(raw[:2], "big")
    month, day, dow = raw[2], raw[3], raw[4]
    return ((year == 0xFFFF or year == t.year) and (month == 0xFF or month == t.month)
            and (day == 0xFF or day == t.day) and (dow == 0xFF or dow == t.isoweekday()))


def _day_actions(cal: tuple[DlmsValue, DlmsValue, DlmsValue, DlmsValue | None], day: object,
                 default: int) -> list[tuple[int, int]]:
    """(start minute, script selector) of the day profile the calendar gives for ``day``."""
    from datetime import date as date_type

    assert isinstance(day, date_type)
    seasons, weeks, days, special = cal
    t = datetime(day.year, day.month, day.day, tzinfo=UTC)
    day_id: int | None = None
    if special is not None:
        for entry in special.value:
            if _date_matches(entry.value[1].value, t):
                day_id = entry.value[2].value
    if day_id is None:
        week_name = _season_week(seasons, day)
        for week in weeks.value:
            if week_name is None or week.value[0].value == week_name:
                day_id = week.value[1 + day.weekday()].value
                break
    if day_id is None:
        return [(0, default)]
    for profile in days.value:
        if profile.value[0].value == day_id:
            out = []
            for action in profile.value[1].value:
                start = action.value[0].value
                minute = (start[0] % 24) * 60 + (start[1] % 60) if len(start) >= 2 and start[0] != 0xFF else 0
                out.append((minute, action.value[2].value))
            return sorted(out) or [(0, default)]
    return [(0, default)]


def _season_week(seasons: DlmsValue, day: object) -> bytes | None:
    """The week profile name of the season in force on ``day``: the latest season start (month, day)
    on or before it (a season whose start year is later has not begun); else the year's last season."""
    from datetime import date as date_type

    assert isinstance(day, date_type)
    started, latest = None, None
    for season in seasons.value:
        raw = season.value[1].value
        if len(raw) != 12:
            continue
        year = int.from_bytes(raw[:2], "big")
        if year != 0xFFFF and year > day.year:
            continue
        when = (raw[2] if raw[2] != 0xFF else 1, raw[3] if raw[3] != 0xFF else 1)
        name = season.value[2].value
        if latest is None or when >= latest[0]:
            latest = (when, name)
        if when <= (day.month, day.day) and (started is None or when >= started[0]):
            started = (when, name)
    chosen = started or latest
    return chosen[1] if chosen else None


def _protection(data: dd.DlmsValue) -> dd.DlmsValue | None:
    """The protection-parameters array of a get_protected_attributes request (2nd element), if any."""
    if data.type == "structure" and len(data.value) == 2 and data.value[1].type == "array" and all(
            p.type == "structure" and len(p.value) == 2 and p.value[1].type == "structure"
            and len(p.value[1].value) >= 3 for p in data.value[1].value):
        return data.value[1]  # type: ignore[no-any-return]
    return None


def _swap_parties(param: dd.DlmsValue) -> dd.DlmsValue:
    """protection_type, (transaction id, originator, recipient, …) → recipient and originator swapped."""
    kind, options = param.value
    tid, originator, recipient, *rest = options.value
    return dd.structure(kind, dd.structure(tid, recipient, originator, *rest))


def _requested_range(data: dd.DlmsValue) -> tuple[datetime | None, datetime | None]:
    """The from / to dates of a protected log read (first restricting structure found)."""
    stack = [data]
    while stack:
        v = stack.pop()
        if v.type == "structure" and len(v.value) == 2 and all(
                i.type == "octet-string" and len(i.value) == 12 for i in v.value):
            return decode_dlms_datetime(v.value[0].value), decode_dlms_datetime(v.value[1].value)
        if v.type in ("structure", "array"):
            stack.extend(reversed(v.value))
    return None, None
