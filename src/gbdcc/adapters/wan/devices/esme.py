"""Simulated Electricity Smart Metering Equipment (ESME) — SIMULATION.

State: import / export energy registers advancing with a configurable consumption profile and the
injected time, a half-hourly profile log, a tariff, supply state (enabled / disabled / armed, the
load switch of COSEM class 70 ``0-0:96.3.10.255``), the clock, event and security logs.

Use cases executed (message codes, GBCS Table 13.3):

====================  ======  ============================================================
SRV / use case        code    how
====================  ======  ============================================================
4.1.1  ECS17b         0x0027  read import registers (class 30 get_protected_attributes): the
                              reply is **encrypted** for the requester (AES-GCM, GBCS KDF)
4.8.1  ECS22b         0x0037  half-hour profile between the requested dates — encrypted
7.1    ECS42 (crit.)  0x004F  enable supply (close load switch)
7.2    ECS43 (crit.)  0x0050  disable supply (open load switch)
7.3    ECS44 (crit.)  0x0051  arm supply
7.4    ECS45          0x0052  read supply status (class 70 attribute 3, DLMS)
8.1.1  ECS70 (crit.)  0x0062  set clock / commission (class 8 ``0-0:1.0.0.255``, DLMS)
11.2   ECS52          0x0059  read firmware version (class 1 ``0-0:0.2.1.255``, DLMS)
4.6.1  ECS21a         0x0033  daily read log between the requested dates — encrypted
1.1.1  ECS01a (crit.) 0x0019  update import tariff: every SET stored (:attr:`Esme.tariff_tables`)
6.20.1 ECS39a         0x004C  set MPAN (class 1 ``0-0:94.44.34.11`` attribute 2)
6.2.1  ECS26b         0x003C  read device configuration (voltage): class 71 thresholds and
                              durations, class 1 voltage thresholds (GET / SET, stored)
====================  ======  ============================================================
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from enum import IntEnum

from gbdcc.adapters.gbcs.frame import GbcsMessage
from gbdcc.adapters.gbcs.header import decode_dlms_datetime
from gbdcc.adapters.gbcs.payload import dlms_apdu
from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_apdu import decode_request
from gbdcc.adapters.wan.devices.base import (
    NULL,
    OBJECT_UNDEFINED,
    SUCCESS,
    DlmsOutcome,
    SimDevice,
    encode_access_response,
    obis,
)
from gbdcc.adapters.wan.devices.security import DeviceSecurity
from gbdcc.adapters.wan.errors import DeviceRefusal
from gbdcc.domain.inventory import DeviceType

HALF_HOUR = timedelta(minutes=30)
PROFILE_CAPACITY = 48 * 31 * 13  # ~13 months of half-hour entries (SMETS2 keeps 13 months)
DAILY_CAPACITY = 731  # daily read log entries (GBCS: 731 days)
TOU_REGISTERS, BLOCKS, BLOCK_REGISTERS = 48, 4, 8
ALERT_SUPPLY_ARMED = 0x8F32  # Supply Armed
ALERT_SUPPLY_INTERRUPTED = 0x8F57  # Supply interrupted
ALERT_SUPPLY_RESTORED = 0x8F35  # Supply Outage Restored
ALERT_SUPPLY_RESTORED_LONG = 0x8F36  # Supply Outage Restored - Outage >= 3 minutes
MPAN_OBIS = "0-0:94.44.34.11"  # GBCS: MPAN (class 1), set by ECS39a
TYPE_UNMATCHED = 12  # DLMS data-access-result type-unmatched
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


class Esme(SimDevice):
    device_type = DeviceType.ESME

    def __init__(self, security: DeviceSecurity, started: datetime, *,
                 profile: ConsumptionProfile | None = None, firmware_version: str = "5.2.1",
                 import_wh: float = 0.0) -> None:
        super().__init__(security, firmware_version=firmware_version)
        self.profile = profile or domestic_profile()
        self.import_wh = import_wh
        self.export_wh = 0.0
        self.supply = SupplyState.ENABLED
        self.powered = True
        self.clock_offset = timedelta(0)
        self.commissioned = False
        self.tariff: dict[str, object] = {"unit_rate_pence_per_kwh": 24.5, "standing_charge_pence": 53.0}
        self.half_hours: deque[tuple[datetime, int]] = deque(maxlen=PROFILE_CAPACITY)
        self.daily_reads: deque[tuple[datetime, int]] = deque(maxlen=DAILY_CAPACITY)  # midnight, Wh
        self._updated = started
        self._period_wh = 0.0
        self._outage_from: datetime | None = None
        o = self.objects
        o.on(dlms_apdu.GET, 1, "0-0:0.2.1.255", 2, self._firmware)
        o.on(dlms_apdu.GET, 70, "0-0:96.3.10.255", 3, self._supply_state)
        o.on(dlms_apdu.SET, 8, "0-0:1.0.0.255", 9, lambda v, at: (SUCCESS, NULL))
        o.on(dlms_apdu.ACTION, 8, "0-0:1.0.0.255", 5, self._preset_time)
        o.on(dlms_apdu.ACTION, 8, "0-0:1.0.0.255", 4, lambda v, at: (SUCCESS, NULL))
        o.on(dlms_apdu.GET, 8, "0-0:1.0.0.255", 2, lambda v, at: (SUCCESS, dd.octets(dd.date_time(self.time(at)))))
        o.on(dlms_apdu.GET, 8, "0-0:1.0.0.255", 4, lambda v, at: (SUCCESS, dd.DlmsValue("unsigned", 0)))
        self.settings: dict[tuple[int, bytes, int], dd.DlmsValue] = {}  # DLMS attributes set remotely
        self.mpan: str | None = None
        self._tariff_keys: set[tuple[int, bytes, int]] = set()
        o.on(dlms_apdu.SET, 1, MPAN_OBIS, 2, self._set_mpan)
        o.on(dlms_apdu.GET, 1, MPAN_OBIS, 2, lambda v, at: (SUCCESS, dd.octets((self.mpan or "").encode())))
        for n in range(1, 5):  # ECS26b: load limit thresholds (class 71 attr 4) and durations (attr 6)
            self._stored(71, f"0-0:17.0.{n}.255", 4, dd.DlmsValue("double-long-unsigned", 0))
            self._stored(71, f"0-0:17.0.{n}.255", 6, dd.DlmsValue("double-long-unsigned", 30))
        for text in ("1-0:32.35.0.4", "1-0:32.31.0.4"):  # ECS26b: voltage thresholds (class 1)
            self._stored(1, text, 2, dd.DlmsValue("double-long-unsigned", 0))
        self.use_cases.update({
            0x0019: self._update_tariff,
            0x0027: self._read_import_registers,
            0x0033: self._read_daily_log,
            0x0037: self._read_profile,
            0x004F: self._supply_action(SupplyState.ENABLED),
            0x0050: self._supply_action(SupplyState.DISABLED),
            0x0051: self._supply_action(SupplyState.ARMED),
            0x0062: self._commission,
        })

    # --- metrology
    def time(self, at: datetime) -> datetime:
        """The meter's own clock."""
        return at + self.clock_offset

    def advance(self, at: datetime) -> None:
        """Accumulate consumption up to ``at`` (only while powered and supplied), closing half hours."""
        t = self._updated
        while t < at:
            boundary = datetime.fromtimestamp((t.timestamp() // 1800 + 1) * 1800, tz=t.tzinfo)
            end = min(boundary, at)
            if self.powered and self.supply == SupplyState.ENABLED:
                wh = self.profile(t) * (end - t).total_seconds() / 3.6
                self.import_wh += wh
                self._period_wh += wh
            if end == boundary:
                self.half_hours.append((boundary, round(self._period_wh)))
                self._period_wh = 0.0
                if boundary.astimezone(UTC).hour == 0 and boundary.minute == 0:
                    self.daily_reads.append((boundary, int(self.import_wh)))
            t = end
        self._updated = max(self._updated, at)

    # --- power
    def power_lost(self, at: datetime) -> list[int]:
        self.advance(at)
        self.powered = False
        self._outage_from = at
        self.log_event(at, ALERT_SUPPLY_INTERRUPTED, "supply interrupted")
        return [ALERT_SUPPLY_INTERRUPTED]

    def power_restored(self, at: datetime) -> list[int]:
        self.advance(at)
        self.powered = True
        started = self._outage_from or at
        self._outage_from = None
        code = ALERT_SUPPLY_RESTORED_LONG if at - started >= timedelta(minutes=3) else ALERT_SUPPLY_RESTORED
        self.log_event(at, code, f"supply restored after {(at - started).total_seconds():.0f} s")
        return [code]

    # --- DLMS handlers
    def _firmware(self, _: dd.DlmsValue, at: datetime) -> DlmsOutcome:
        return SUCCESS, dd.octets(self.firmware_version.encode())

    def _supply_state(self, _: dd.DlmsValue, at: datetime) -> DlmsOutcome:
        return SUCCESS, dd.DlmsValue("enum", int(self.supply))

    def _preset_time(self, _: dd.DlmsValue, at: datetime) -> DlmsOutcome:
        self.clock_offset = timedelta(0)  # synchronise with the commanding party's time
        return SUCCESS, NULL

    def _set_mpan(self, value: dd.DlmsValue, at: datetime) -> DlmsOutcome:
        """ECS39a (6.20.1): the MPAN(s) as ASCII digits — 13 per MPAN (a twin element sends two)."""
        if value.type != "octet-string" or len(value.value) % 13 or not value.value.isdigit():
            return TYPE_UNMATCHED, NULL
        self.mpan = value.value.decode()
        self.log_event(at, 0x004C, f"MPAN set to {self.mpan}")
        return SUCCESS, NULL

    def _stored(self, class_id: int, obis_text: str, member: int, default: dd.DlmsValue) -> None:
        """A DLMS attribute readable (GET) and writable (SET) from :attr:`settings`."""
        key = (class_id, obis(obis_text), member)
        self.settings.setdefault(key, default)

        def get(_: dd.DlmsValue, at: datetime) -> DlmsOutcome:
            return SUCCESS, self.settings[key]

        def put(value: dd.DlmsValue, at: datetime) -> DlmsOutcome:
            self.settings[key] = value
            return SUCCESS, NULL

        self.objects.on(dlms_apdu.GET, class_id, obis_text, member, get)
        self.objects.on(dlms_apdu.SET, class_id, obis_text, member, put)

    @property
    def tariff_tables(self) -> dict[tuple[int, str, int], dd.DlmsValue]:
        """What ECS01a set: (class id, OBIS ``a-b:c.d.e.f``, attribute) → value."""
        return {(c, _obis_text(o), m): v for (c, o, m), v in self.settings.items() if (c, o, m) in self._tariff_keys}

    # --- use cases
    def _update_tariff(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """ECS01a (1.1.1, critical): every SET of the command (activity calendar class 20, special days
        class 11, register activation class 6 / scripts, price matrix class 9000, block thresholds
        class 113 …) is stored in :attr:`settings` and answered with success — SIMULATION: the tariff
        is kept, not applied to billing; future-dated activation (class 20 attribute 10) is stored
        as sent."""
        self.advance(at)
        request = decode_request(msg.payload)
        results = []
        for spec, value in zip(request.specs, request.data, strict=False):
            if spec.kind != dlms_apdu.SET:
                results.append((spec.kind, OBJECT_UNDEFINED))
                continue
            key = (spec.class_id, spec.obis, spec.member)
            self.settings[key] = value
            self._tariff_keys.add(key)
            results.append((spec.kind, SUCCESS))
        self.log_event(at, msg.message_code, f"tariff updated ({len(request.specs)} attributes)")
        return encode_access_response(request.invoke_id, tuple(NULL for _ in request.specs), tuple(results)), []

    def _commission(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        self.advance(at)
        payload = self.objects.execute(msg.payload, at)
        self.commissioned = True
        self.log_event(at, 0x8F69, "commissioned (ECS70)")
        return payload, []

    def _supply_action(self, state: SupplyState) -> Callable[[GbcsMessage, datetime], tuple[bytes, list[int]]]:
        def run(msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
            self.advance(at)
            request = decode_request(msg.payload)
            self.supply = state
            self.log_event(at, msg.message_code, f"supply {state.name.lower()}")
            results = tuple((s.kind, SUCCESS) for s in request.specs)
            response = encode_access_response(request.invoke_id, tuple(NULL for _ in request.specs), results)
            return response, [ALERT_SUPPLY_ARMED] if state == SupplyState.ARMED else []

        return run

    def _read_import_registers(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """ECS17b: class 30 get_protected_attributes → the import registers, encrypted for the caller."""
        self.advance(at)
        request = decode_request(msg.payload)
        body = dd.structure(dd.structure(
            dd.DlmsValue("double-long-unsigned", int(self.import_wh)), _scaler_unit(0, UNIT_WH),
            dd.DlmsValue("double-long-unsigned", 0), _scaler_unit(0, UNIT_VARH),  # reactive: not simulated
        ))
        return self._protected(msg, request, body), []

    def _read_profile(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """ECS22b: half-hour profile between the requested dates (compact-array of UTC seconds since
        2000 and Wh, as the RTDS response), encrypted for the caller."""
        self.advance(at)
        request = decode_request(msg.payload)
        start, end = _requested_range(request.data[0]) if request.data else (None, None)
        rows = [(t, wh) for t, wh in self.half_hours
                if (start is None or t >= start) and (end is None or t <= end)]
        desc = ("structure", (("double-long-unsigned",), ("double-long-unsigned",)))
        cells = tuple(dd.structure(dd.DlmsValue("double-long-unsigned", _utc2000(t)),
                                   dd.DlmsValue("double-long-unsigned", wh)) for t, wh in rows)
        body = dd.structure(dd.DlmsValue("compact-array", (desc, cells)))
        return self._protected(msg, request, body), []

    def _read_daily_log(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """ECS21a: daily read log entries between the requested dates, encrypted — a compact-array of
        (UTC seconds since 2000, total import Wh, 48 TOU registers, 4 × 8 block registers) as the RTDS
        response. SIMULATION: single-rate — TOU register 1 holds the total, the others and the block
        registers are 0."""
        self.advance(at)
        request = decode_request(msg.payload)
        start, end = _requested_range(request.data[0]) if request.data else (None, None)
        u32 = ("double-long-unsigned",)
        desc = ("structure", (u32, u32, ("array", TOU_REGISTERS, u32),
                              *(("array", BLOCK_REGISTERS, u32) for _ in range(BLOCKS))))

        def dlu(v: int) -> dd.DlmsValue:
            return dd.DlmsValue("double-long-unsigned", v)

        rows = tuple(dd.structure(dlu(_utc2000(t)), dlu(wh),
                                  dd.array(dlu(wh), *(dlu(0) for _ in range(TOU_REGISTERS - 1))),
                                  *(dd.array(*(dlu(0) for _ in range(BLOCK_REGISTERS))) for _ in range(BLOCKS)))
                     for t, wh in self.daily_reads
                     if (start is None or t >= start) and (end is None or t <= end))
        body = dd.structure(dd.DlmsValue("compact-array", (desc, rows)))
        return self._protected(msg, request, body), []

    def _protected(self, msg: GbcsMessage, request: dlms_apdu.AccessRequest, body: dd.DlmsValue) -> bytes:
        """The class 30 action answer (GBCS 7.2.x, RTDS ECS17b / ECS22b responses): structure of the
        protection parameters (originator and recipient swapped) and the encrypted data, an
        octet-string ``31 00000000 ‖ ciphertext ‖ tag`` (AES-GCM, GBCS KDF transaction type 4).
        A request without protection parameters is not a valid GBCS command: refused (0x8F1E)."""
        params = _protection(request.data[0]) if request.data else None
        if params is None:
            raise DeviceRefusal(f"device {self.eui}: class 30 request without protection parameters",
                                alert_code=0x8F1E, rule="GBCS-7.2")
        swapped = dd.array(*(_swap_parties(p) for p in params.value))
        encrypted = self.security.encrypt_for(msg, dd.encode(body))
        data = dd.structure(swapped, dd.octets(encrypted))
        return encode_access_response(request.invoke_id, (data,), ((dlms_apdu.ACTION, SUCCESS),))


UNIT_WH, UNIT_VARH = 30, 32  # DLMS units (IEC 62056-6-2): active energy Wh, reactive energy varh
ZIGBEE_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def _obis_text(raw: bytes) -> str:
    return f"{raw[0]}-{raw[1]}:{raw[2]}.{raw[3]}.{raw[4]}.{raw[5]}"


def _scaler_unit(scaler: int, unit: int) -> dd.DlmsValue:
    return dd.structure(dd.DlmsValue("integer", scaler), dd.DlmsValue("enum", unit))


def _utc2000(t: datetime) -> int:
    return int((t - ZIGBEE_EPOCH).total_seconds())


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
    """The from / to dates of an ECS22b request (first restricting structure found)."""
    stack = [data]
    while stack:
        v = stack.pop()
        if v.type == "structure" and len(v.value) == 2 and all(
                i.type == "octet-string" and len(i.value) == 12 for i in v.value):
            return decode_dlms_datetime(v.value[0].value), decode_dlms_datetime(v.value[1].value)
        if v.type in ("structure", "array"):
            stack.extend(reversed(v.value))
    return None, None
