"""Simulated Gas Smart Metering Equipment (GSME) — SIMULATION.

Battery powered: the hub reaches it only through the GPF (which keeps the data-proxy mirror, see
``hub.py``). Its register (m³, reported in litres: multiplier 1, divisor 1000) advances with a constant
flow while the valve is open; consumption is kept per half hour for the profile reads.

GSME use cases are GBZ payloads (GBCS 10.4, ZigBee SE 1.4 ZCL) executed component by component;
responses are GBZ payloads in the layout of the RTDS 4.5.0 response vectors (GCS28 is ASN.1 DER):

==================  ======  ===============================================================
SRV / use case      code    how
==================  ======  ===============================================================
4.1.1  GCS13a       0x0074  ZCL Read Attributes (Metering) → Read Attributes Response,
                            **encrypted** (GBCS: consumption data is confidential)
4.8.1  GCS17        0x0078  Metering Get Sampled Data → Get Sampled Data Response (half-hour
                            volumes in litres, uint24), **encrypted**
6.11 / 8.1.1 GCS28  0x007F  ASN.1 synchronise clock within the validity interval; response
                            SEQUENCE { device time, result } (0 success; 2 when outside the
                            interval, the value of the RTDS error vector) — signed
7.2    GCS32        0x0081  Metering Change Supply (off / armed) → Supply Status Response
                            (signed); "on" is refused with Default Response status 0xC0 as the
                            RTDS error vector (a GSME valve is never opened remotely)
7.4    GCS33        0x0082  Read Attributes: battery life (0x0205), supply status (0x0014)
6.20.1 GCS41        0x0087  Device Management Update Site ID → Default Response (MPRN kept)
11.2   GCS38        0x0084  Read Attributes 0x0206 (firmware version, octet string)
==================  ======  ===============================================================

Future-dated GBZ components (control bit 0x10) are executed at once (simplification).
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import UTC, datetime, timedelta
from enum import IntEnum

from gbdcc.adapters.gbcs.frame import GbcsMessage
from gbdcc.adapters.gbcs.payload import asn1, gbz
from gbdcc.adapters.gbcs.payload._bytes import PayloadError
from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.base import SimDevice
from gbdcc.adapters.wan.devices.security import DeviceSecurity
from gbdcc.domain.inventory import DeviceType

METERING, DEVICE_MANAGEMENT = 0x0702, 0x0708
GET_SAMPLED_DATA, GET_SAMPLED_DATA_RESPONSE = 0x08, 0x07
CHANGE_SUPPLY, SUPPLY_STATUS_RESPONSE = 0x0B, 0x0C
UPDATE_SITE_ID = 0x03
STATUS_REFUSED = 0xC0  # as the RTDS GCS32 / GCS41 error responses
HALF_HOUR = timedelta(minutes=30)
PROFILE_CAPACITY = 48 * 31 * 13
MAX_SAMPLES = 0xFFFF
ENCRYPTED_RESPONSES = frozenset({0x0074, 0x0078})  # GCS13a, GCS17
GCS28_CODE = 0x007F
CLOCK_OUTSIDE_VALIDITY = 2


class GasSupply(IntEnum):
    """ZSE Metering SupplyStatus (attribute 0x0014)."""

    OFF = 0
    ARMED = 1
    ON = 2


class Gsme(SimDevice):
    device_type = DeviceType.GSME

    def __init__(self, security: DeviceSecurity, started: datetime, *, flow_m3_per_hour: float = 0.05,
                 firmware_version: str = "4.4.0", battery_days: int = 3650) -> None:
        super().__init__(security, firmware_version=firmware_version)
        self.register_m3 = 0.0
        self.supply = GasSupply.ON
        self.battery_ok = True
        self.battery_days = battery_days
        self.flow = flow_m3_per_hour
        self.mprn: str | None = None
        self.clock_offset = timedelta(0)
        self.commissioned = False
        self.half_hours: OrderedDict[datetime, float] = OrderedDict()  # period start → m³
        self._updated = started
        self.attributes: dict[tuple[int, int], tuple[int, object]] = {
            (METERING, 0x0000): (z.UINT48, lambda: round(self.register_m3 * 1000)),
            (METERING, 0x0014): (z.ENUM8, lambda: int(self.supply)),
            (METERING, 0x0205): (z.UINT16, lambda: self.battery_days),
            (METERING, 0x0206): (z.OCTET_STRING, lambda: _version_bytes(self.firmware_version)),
            (METERING, 0x0300): (z.ENUM8, lambda: 1),  # m³
            (METERING, 0x0301): (z.UINT24, lambda: 1),  # multiplier
            (METERING, 0x0302): (z.UINT24, lambda: 1000),  # divisor
        }
        for code in (0x0074, 0x0078, 0x0081, 0x0082, 0x0084, 0x0087):
            self.use_cases[code] = self._gbz
        self.use_cases[GCS28_CODE] = self._synchronise_clock

    @property
    def valve_open(self) -> bool:
        return self.supply == GasSupply.ON

    def time(self, at: datetime) -> datetime:
        return at + self.clock_offset

    def advance(self, at: datetime) -> None:
        """Accumulate gas flow up to ``at`` (valve open only), per half hour."""
        t = self._updated
        while t < at:
            start = datetime.fromtimestamp(t.timestamp() // 1800 * 1800, tz=t.tzinfo)
            end = min(start + HALF_HOUR, at)
            if self.valve_open:
                m3 = self.flow * (end - t).total_seconds() / 3600
                self.register_m3 += m3
                self.half_hours[start] = self.half_hours.get(start, 0.0) + m3
                while len(self.half_hours) > PROFILE_CAPACITY:
                    self.half_hours.popitem(last=False)
            t = end
        self._updated = max(self._updated, at)

    # --- GBZ execution
    def _gbz(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        self.advance(at)
        command = gbz.decode(msg.payload)
        out = [self._component(c, at) for c in command["components"]]
        if msg.message_code in ENCRYPTED_RESPONSES:
            # encrypted replies also set "disable default response" (RTDS GCS13a / GCS17 responses)
            out = [z.Component(c.cluster, c.frame_control | z.FC_DISABLE_DEFAULT_RESPONSE, c.command,
                               encrypted=self.security.encrypt_for(msg, c.payload)) for c in out]
        return z.encode_gbz(out, first_sequence=command["components"][0]["sequence"]), []

    def _component(self, c: dict[str, object], at: datetime) -> z.Component:
        cluster, fc, cmd = int(c["cluster"]), int(c["frame_control"]), int(c["command"])  # type: ignore[call-overload]
        payload = bytes.fromhex(str(c["zcl_payload"]))
        specific = bool(fc & z.FC_CLUSTER_SPECIFIC)
        if not specific and cmd == z.READ_ATTRIBUTES:
            return self._read_attributes(cluster, payload)
        if specific and cluster == METERING and cmd == GET_SAMPLED_DATA:
            return self._sampled_data(payload, at)
        if specific and cluster == METERING and cmd == CHANGE_SUPPLY:
            return self._change_supply(payload, at)
        if specific and cluster == DEVICE_MANAGEMENT and cmd == UPDATE_SITE_ID:
            return self._update_site_id(payload, at)
        return _default_response(cluster, z.FC_SERVER_TO_CLIENT, cmd, z.STATUS_UNSUP_CLUSTER_COMMAND)

    def _read_attributes(self, cluster: int, payload: bytes) -> z.Component:
        records = []
        for attribute in z.read_attribute_ids(payload):
            entry = self.attributes.get((cluster, attribute))
            if entry is None:
                records.append(z.AttributeRecord(attribute, z.STATUS_UNSUPPORTED_ATTRIBUTE))
            else:
                zcl_type, getter = entry
                records.append(z.AttributeRecord(attribute, z.STATUS_SUCCESS, zcl_type, getter()))  # type: ignore[operator]
        return z.Component(cluster, z.FC_SERVER_TO_CLIENT, z.READ_ATTRIBUTES_RESPONSE,
                           z.encode_read_response(records))

    def _sampled_data(self, p: bytes, at: datetime) -> z.Component:
        """ZSE Get Sampled Data: SampleID (2), EarliestSampleTime (4), SampleType (1), NumberOfSamples (2)."""
        if len(p) != 9:
            raise PayloadError(f"Get Sampled Data of {len(p)} bytes (9)")
        sample_id = int.from_bytes(p[0:2], "little")
        earliest = z.from_zigbee_time(int.from_bytes(p[2:6], "little"))
        wanted = int.from_bytes(p[7:9], "little")
        start = datetime.fromtimestamp(-(-earliest.timestamp() // 1800) * 1800, tz=UTC)
        samples: list[int] = []
        t = start
        while len(samples) < min(wanted, MAX_SAMPLES) and t + HALF_HOUR <= self.time(at):
            samples.append(min(round(self.half_hours.get(t, 0.0) * 1000), 0xFFFFFF))
            t += HALF_HOUR
        body = (sample_id.to_bytes(2, "little") + z.zigbee_time(start).to_bytes(4, "little") + p[6:7]
                + int(HALF_HOUR.total_seconds()).to_bytes(2, "little") + len(samples).to_bytes(2, "little")
                + b"".join(s.to_bytes(3, "little") for s in samples))
        fc = z.FC_CLUSTER_SPECIFIC | z.FC_SERVER_TO_CLIENT | z.FC_DISABLE_DEFAULT_RESPONSE
        return z.Component(METERING, fc, GET_SAMPLED_DATA_RESPONSE, body)

    def _change_supply(self, p: bytes, at: datetime) -> z.Component:
        """ZSE Change Supply: ProviderID, IssuerEventID, RequestDateTime, ImplementationDateTime (4 each),
        ProposedSupplyStatus (1), SupplyControlBits (1) → Supply Status Response."""
        if len(p) != 18:
            raise PayloadError(f"Change Supply of {len(p)} bytes (18)")
        proposed = p[16]
        if proposed not in (GasSupply.OFF, GasSupply.ARMED):
            return _default_response(METERING, z.FC_SERVER_TO_CLIENT, CHANGE_SUPPLY, STATUS_REFUSED)
        self.supply = GasSupply(proposed)
        self.log_event(at, 0x0081, f"gas supply {self.supply.name.lower()}")
        body = p[0:8] + p[12:16] + bytes([int(self.supply)])
        fc = z.FC_CLUSTER_SPECIFIC | z.FC_SERVER_TO_CLIENT
        return z.Component(METERING, fc, SUPPLY_STATUS_RESPONSE, body)

    def _update_site_id(self, p: bytes, at: datetime) -> z.Component:
        """ZSE Update Site ID: IssuerEventID, SiteIDTime, ProviderID (4 each), SiteID (octet string)."""
        if len(p) < 13 or len(p) != 13 + p[12]:
            return _default_response(DEVICE_MANAGEMENT, 0x00, UPDATE_SITE_ID, STATUS_REFUSED)
        self.mprn = p[13:].decode("ascii", "replace")
        self.log_event(at, 0x0087, f"MPRN set to {self.mprn}")
        return _default_response(DEVICE_MANAGEMENT, 0x00, UPDATE_SITE_ID, z.STATUS_SUCCESS)

    # --- ASN.1 use case
    def _synchronise_clock(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """GCS28: SEQUENCE { validityIntervalStart, validityIntervalEnd GeneralizedTime }."""
        self.advance(at)
        nodes = asn1.decode(msg.payload)
        times = [n.get("value") for n in nodes[0].get("children", [])] if nodes else []
        if len(times) != 2 or not all(isinstance(t, str) for t in times):
            raise PayloadError("GCS28 payload is not SEQUENCE { GeneralizedTime, GeneralizedTime }")
        start, end = (_generalized(str(t)) for t in times)
        result = 0
        if start <= at <= end:
            self.clock_offset = timedelta(0)
            self.commissioned = True
            self.log_event(at, GCS28_CODE, "clock synchronised / commissioned (GCS28)")
        else:
            result = CLOCK_OUTSIDE_VALIDITY
        return _der_time_result(self.time(at), result), []


def _default_response(cluster: int, fc: int, command: int, status: int) -> z.Component:
    return z.Component(cluster, fc, z.DEFAULT_RESPONSE, bytes([command, status]))


def _version_bytes(version: str) -> bytes:
    """``"4.4.0"`` → ``04 04 00 00`` (4 bytes, as the RTDS GCS38 response)."""
    parts = [int(x) & 0xFF for x in version.split(".") if x.isdigit()][:4]
    return bytes(parts + [0] * (4 - len(parts)))


def _generalized(text: str) -> datetime:
    return datetime.strptime(text.rstrip("Z"), "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def _der_time_result(when: datetime, result: int) -> bytes:
    """DER SEQUENCE { GeneralizedTime, INTEGER } (short lengths only)."""
    stamp = when.astimezone(UTC).strftime("%Y%m%d%H%M%SZ").encode()
    body = bytes([0x18, len(stamp)]) + stamp + bytes([0x02, 0x01, result])
    return bytes([0x30, len(body)]) + body
