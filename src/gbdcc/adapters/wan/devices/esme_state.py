"""State and configuration of the simulated ESME — SIMULATION.

The constants of the ESME simulation (capacities, the alert codes it raises, the OBIS codes of the objects
it computes or acts on), the SMETS2 variants and payment modes, the register snapshot of daily reads and
billing data logs, the DLMS command being executed, and :class:`EsmeState`: everything a simulated ESME
holds — identity and the COSEM object model (:mod:`.esme_objects`) with the attributes ECS39a (MPAN) and
ECS02 / ECS03 (payment mode) preset at creation, consumption models, supply state, maximum demand and load
limit counters, the prepayment account, logs, auxiliary load switches, the CS03A1 join table and the CS06
firmware images. The behaviour is in the sibling ``esme_*`` modules, assembled by :class:`.esme.Esme`.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum

from gbdcc.adapters.gbcs.frame import GbcsMessage
from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue
from gbdcc.adapters.wan.devices import esme_objects as eo
from gbdcc.adapters.wan.devices.base import DlmsOutcome, SimDevice
from gbdcc.adapters.wan.devices.consumption import ConsumptionModel, CustomerClass, ProfileConsumption, hash_unit
from gbdcc.adapters.wan.devices.dlms_logs import U32
from gbdcc.adapters.wan.devices.esme_objects import Key, k
from gbdcc.adapters.wan.devices.han_join import JoinTable
from gbdcc.adapters.wan.devices.prepayment import UtrnGuard
from gbdcc.adapters.wan.devices.security import DeviceSecurity
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



_U32_PAIR = ("structure", (U32, U32))
_TARIFF_ACTIVE = frozenset({k(20, PRIMARY_CALENDAR, 3), k(20, PRIMARY_CALENDAR, 4), k(20, PRIMARY_CALENDAR, 5),
                            k(113, PRICES, 5), k(113, STANDING_CHARGE, 5)})


class EsmeState(SimDevice):
    """What a simulated ESME holds (the methods are the ``esme_*`` mixins of :class:`.esme.Esme`)."""

    device_type = DeviceType.ESME
    # set by :class:`.esme.Esme` once the metrology and the tables exist
    tou: list[int]
    tou2: list[int]
    _getters: dict[Key, Callable[[datetime], DlmsValue]]
    _methods: dict[Key, Callable[[DlmsValue, _Command], DlmsOutcome]]
    _buffers: dict[bytes, Callable[[DlmsValue | None, datetime], DlmsValue]]
    _protected_reads: dict[bytes, Callable[[DlmsValue, _Command], DlmsValue]]

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
        self._updated = started
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
