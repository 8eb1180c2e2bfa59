"""State of a simulated GSME: registers, tariff, prepayment, configuration and logs — SIMULATION.

Plain data, so the GPF's data-proxy mirror can be a copy of it (GBCS 10.4.1: the GPF answers the
GSME's reads from the data the GSME last published). Units are the meter's (GBCS / ZSE 1.4):

* volumes in m³ (reported in litres: multiplier 1, divisor 1000);
* money in 1/100 000 of the currency unit (price trailing digits 5, ``0x50`` as the RTDS meter);
* block thresholds in kWh × 1000 (threshold multiplier 1, divisor 1000);
* times as datetimes (ZigBee UTC on the air).

Defaults are those of the RTDS 4.5.0 GSME where its responses show them (prices, thresholds, credit
limits…); everything a command sets is stored here and read back by the reads.
"""

from __future__ import annotations

import copy
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.prepayment import UtrnGuard

MONEY = 100_000  # money units per pound (price trailing digits 5)
DAILY_LOG_CAPACITY = 731  # GBCS: 731 days of daily read log
BILLING_LOG_CAPACITY = 12
PROFILE_CAPACITY = 48 * 31 * 13
EVENT_LOG_CAPACITY = 100
TOP_UP_LOG_CAPACITY = 5
DEBT_LOG_CAPACITY = 10

# ZSE snapshot causes (bitmap32) used by the GSME's logs
CAUSE_GENERAL = 0x00000001  # daily read log
CAUSE_BILLING_PERIOD = 0x00000002  # billing calendar
CAUSE_TARIFF_CHANGE = 0x00000008  # change of tariff information
CAUSE_MODE_CHANGE = 0x00002000  # change of payment mode

PAYMENT_CREDIT = 0x0C94  # ZSE Payment Control Configuration of credit mode (RTDS GCS02)
PREPAYMENT_BIT = 0x0002  # bit 1: prepayment enabled


@dataclass
class Calendar:
    """A ZSE calendar (Calendar cluster 0x0707): day profiles, week profiles, seasons, special days."""

    calendar_type: int
    issuer_calendar_id: int = 0x1C374A80
    days: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: {1: [(0, 1)]})
    weeks: dict[int, tuple[int, ...]] = field(default_factory=lambda: {1: (1,) * 7})
    seasons: list[tuple[bytes, int]] = field(default_factory=lambda: [(bytes([0xFF, 1, 1, 0xFF]), 1)])
    special_days: list[tuple[bytes, int]] = field(default_factory=list)

    def value_at(self, when: datetime) -> int | None:
        """The scheduled value (price tier, friendly-credit flag…) in force at ``when``."""
        day_id = next((d for date, d in self.special_days if z.zcl_date_matches(date, when)), None)
        if day_id is None:
            week_id = next((w for date, w in reversed(self.seasons) if _season_started(date, when)),
                           self.seasons[-1][1] if self.seasons else None)
            week = self.weeks.get(week_id) if week_id is not None else None
            day_id = week[when.weekday()] if week else None
        entries = self.days.get(day_id) if day_id is not None else None
        if not entries:
            return None
        minute = when.hour * 60 + when.minute
        value = entries[0][1]
        for start, v in entries:
            if start <= minute:
                value = v
        return value


def _season_started(date: bytes, when: datetime) -> bool:
    year, month, day, _ = date
    if year != 0xFF and year + 1900 != when.year:
        return year + 1900 < when.year
    return (month == 0xFF or month < when.month or (month == when.month and (day == 0xFF or day <= when.day)))


@dataclass
class Tariff:
    """Price cluster state (GCS01a / GCS01b set it, GCS21f reads it)."""

    block: bool = False
    issuer_tariff_id: int = 1
    tiers_in_use: int = 4
    standing_charge: int = 22465  # per day
    tou_prices: list[int] = field(default_factory=lambda: [9600, 10200, 10750, 11000])
    block_prices: list[int] = field(default_factory=lambda: [10600, 11200, 11750, 12000])
    thresholds: list[int] = field(default_factory=lambda: [100000, 200000, 300000])
    currency: int = 826
    trailing_digits: int = 0x50
    calendar: Calendar = field(default_factory=lambda: Calendar(0x00))
    block_period_start: datetime | None = None
    block_period_months: int = 1

    def price(self, when: datetime, block_index: int) -> int:
        """Unit price (per kWh) in force: the block price on a block tariff, else the TOU tier's."""
        if self.block:
            return self.block_prices[min(block_index, len(self.block_prices) - 1)]
        tier = self.calendar.value_at(when) or 1
        return self.tou_prices[max(0, min(tier, len(self.tou_prices)) - 1)]


@dataclass
class TimeDebt:
    outstanding: int = 0
    rate: int = 0  # recovered per period
    daily: bool = True  # ZSE Debt Recovery Frequency: 0 hourly, 1 daily


@dataclass
class Prepayment:
    """Prepayment cluster state (GCS02-GCS06, GCS40x, CS01b; read by GCS14 / GCS21b / GCS60)."""

    payment_control: int = PAYMENT_CREDIT
    meter_balance: int = 2500000  # ZSE Credit Remaining
    emergency_credit_limit: int = 1000000
    emergency_credit_threshold: int = 200000
    emergency_credit_remaining: int = 0
    emergency_credit_active: bool = False
    low_credit_threshold: int = 500000
    max_credit_level: int = 10000000  # Maximum Meter Balance
    max_credit_per_top_up: int = 5000000
    disablement_threshold: int = 0  # ZSE Cut Off Value
    debt_recovery_cap: int = 1000000  # ZSE Overall Debt Cap (DUIS DebtRecoveryRateCap)
    time_debts: list[TimeDebt] = field(default_factory=lambda: [TimeDebt(5000, 500000), TimeDebt(5000, 200000)])
    payment_debt: int = 5000
    payment_debt_percentage: int = 1000  # 0.01 % units
    friendly_credit: Calendar | None = None  # the non-disablement calendar, once published (GCS05)
    disabled_for_credit: bool = False
    utrn_guard: UtrnGuard = field(default_factory=UtrnGuard)  # UTRN counters accepted (GBCS 14)
    consumer_top_ups: int = 0  # the consumption model's own top-ups (gas_advance)
    top_ups: deque[tuple[bytes, int, datetime]] = field(default_factory=lambda: deque(maxlen=TOP_UP_LOG_CAPACITY))
    debt_payments: deque[tuple[datetime, int, int, int]] = field(
        default_factory=lambda: deque(maxlen=DEBT_LOG_CAPACITY))  # (time, amount, debt type, outstanding)

    @property
    def prepayment_mode(self) -> bool:
        return bool(self.payment_control & PREPAYMENT_BIT)

    @property
    def accumulated_debt(self) -> int:
        return sum(d.outstanding for d in self.time_debts) + self.payment_debt

    @property
    def available_credit(self) -> int:
        return self.meter_balance + self.emergency_credit_remaining


@dataclass
class Registers:
    total_m3: float = 0.0
    tiers_m3: list[float] = field(default_factory=lambda: [0.0] * 4)
    blocks_m3: list[float] = field(default_factory=lambda: [0.0] * 4)
    block_period_kwh: float = 0.0
    bill_to_date: int = 0  # cost since the billing period start


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One entry of the GSME's billing / daily logs (ZSE Publish Snapshot / Publish Prepay Snapshot)."""

    snapshot_id: int
    at: datetime
    cause: int
    total_m3: float
    tiers_m3: tuple[float, ...]
    blocks_m3: tuple[float, ...]
    accumulated_debt: int
    time_debts: tuple[int, int]
    payment_debt: int
    emergency_credit: int
    meter_balance: int


@dataclass(frozen=True, slots=True)
class LogEvent:
    log_id: int  # ZSE log id: 3 general event log, 4 security event log
    event_id: int
    at: datetime
    data: bytes = b""


@dataclass
class GasConfig:
    """Device configuration set by the device-management / metering commands."""

    mprn: str | None = None
    supplier_name: bytes = b""
    supplier_contact: bytes = b""
    supplier_change_at: datetime | None = None
    change_of_tenancy_at: datetime | None = None
    customer_id_number: bytes = b""
    privacy_pin_disabled: bool = False
    calorific_value: int = 395  # MJ/m³ × 10 (trailing digit 1)
    calorific_trailing: int = 0x10
    conversion_factor: int = 102264  # × 10^-5 (trailing digit 5)
    conversion_trailing: int = 0x50
    billing_start: datetime | None = None
    billing_months: int = 1
    billing_duration_type: int = 0x23  # months
    uncontrolled_flow: tuple[int, int, int, int, int, int] = (200, 1, 1, 1, 10, 3600)
    supply_tamper_state: int = 3
    supply_depletion_state: int = 3
    uncontrolled_flow_state: int = 0
    event_configuration: dict[int, int] = field(default_factory=dict)
    messages: list[tuple[datetime, bytes]] = field(default_factory=list)
    firmware: bytes = b"\x01\x00\x00\x00"
    manufacturer: bytes = b"gbdcc simulated meters"
    model: bytes = b"SIM-GSME-1"
    hardware_version: int = 1


@dataclass
class GasState:
    """Everything a GSME knows, as published to the GPF."""

    registers: Registers = field(default_factory=Registers)
    tariff: Tariff = field(default_factory=Tariff)
    prepay: Prepayment = field(default_factory=Prepayment)
    config: GasConfig = field(default_factory=GasConfig)
    supply: int = 2  # ZSE SupplyStatus: 0 off, 1 armed, 2 on
    battery_days: int = 3650
    half_hours: dict[datetime, float] = field(default_factory=dict)  # period start → m³
    snapshots: deque[Snapshot] = field(default_factory=lambda: deque(maxlen=DAILY_LOG_CAPACITY + BILLING_LOG_CAPACITY))
    events: deque[LogEvent] = field(default_factory=lambda: deque(maxlen=EVENT_LOG_CAPACITY))
    network_sampling: tuple[datetime, int, int] | None = None  # GCS31: start, interval (s), samples
    next_snapshot_id: int = 0
    updated: datetime | None = None

    def copy(self) -> GasState:
        """An independent copy (the GPF's mirror, a dry run): the small parts copied deeply, the logs
        of immutable entries by container."""
        out = copy.copy(self)
        out.registers, out.tariff = copy.deepcopy(self.registers), copy.deepcopy(self.tariff)
        out.prepay, out.config = copy.deepcopy(self.prepay), copy.deepcopy(self.config)
        out.half_hours = dict(self.half_hours)
        out.snapshots = deque(self.snapshots, maxlen=self.snapshots.maxlen)
        out.events = deque(self.events, maxlen=self.events.maxlen)
        return out

    def snapshot(self, at: datetime, cause: int) -> Snapshot:
        r, p = self.registers, self.prepay
        snap = Snapshot(self.next_snapshot_id, at, cause, r.total_m3, tuple(r.tiers_m3), tuple(r.blocks_m3),
                        p.accumulated_debt, (p.time_debts[0].outstanding, p.time_debts[1].outstanding),
                        p.payment_debt, p.emergency_credit_remaining, p.meter_balance)
        self.next_snapshot_id += 1
        self.snapshots.append(snap)
        return snap

    def log(self, at: datetime, event_id: int, data: bytes = b"", *, log_id: int = 3) -> None:
        self.events.append(LogEvent(log_id, event_id, at, data))
