"""Communications Hub Function of a simulated hub: device log, logs, identity, sub GHz — SIMULATION.

DLMS use cases (GBCS 13.3, COSEM class 104 ``0-0:30.3.0.255`` ZigBee network control):

===========  ======  ==========================================================================
use case     code    behaviour
===========  ======  ==========================================================================
CCS01        0x0001  register_device (method 1): add EUI, install code to the device log, join
                     timeout (attribute 3), joining permitted (attribute 2); an EUI already
                     logged keeps its link key. Raises CS14 0x8F12 carrying the log
CCS02        0x0002  unregister_device (method 2): the entry moves to the historic device log
                     (at most 15); an EUI not logged → action-result 1 (RTDS error vector)
CCS03        0x0003  restore (method 5): the extended PAN id and the logged devices replaced
UC0004/CCS06 0x0004  device log with the HAN communications check (attribute 4): per device its
             0x010F  link figures and the last time the hub exchanged a message with it
CCS07        0x00FE  device log and historic device log backups (method 4 on 30.3.0 / 30.3.1)
ECS26i/n     0x0092  identity: device id (96.1.1), model (96.1.4), firmware identifier (96.1.6)
             0x00FA
ECS35c/d     0x0093  CHF event log / security log (class 7 ``99.98.0`` / ``99.98.1``) in a time range
             0x0094
DBCH01-05    0x010A- sub GHz (see :mod:`.chf_subghz`)
11.2         —       firmware version (class 1 ``0-0:0.2.1.255``)
===========  ======  ==========================================================================

Alerts go to the ACB as DLMS data-notifications with the use case's message code: CS14 0x0018 for
0x8F12, DBCH07-09 0x0111-0x0113, otherwise 0x1001 "Generic Non Critical Alert" (e.g. 0x8183
"Device joined SMHAN"). ``on_log_change`` tells the hub about adds and removals (``hub.py``).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from gbdcc.adapters.gbcs.frame import GbcsMessage
from gbdcc.adapters.gbcs.payload import dlms_apdu
from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_apdu import decode_request
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue
from gbdcc.adapters.wan.devices.base import NULL, SUCCESS, DlmsOutcome, SimDevice, encode_access_response
from gbdcc.adapters.wan.devices.chf_subghz import ALERT_CONFIGURATION_CHANGED, SubGhz
from gbdcc.adapters.wan.devices.dlms_logs import event_log, security_log
from gbdcc.adapters.wan.devices.security import GENERIC_NON_CRITICAL_ALERT, DeviceSecurity
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType

ALERT_CHF_DEVICE_LOG_CHANGED = 0x8F12
ALERT_DEVICE_JOINED_SMHAN = 0x8183
CCS01_ADD, CCS02_REMOVE, CCS03_RESTORE = 0x0001, 0x0002, 0x0003
DEVICE_LOG_OBIS, HISTORIC_LOG_OBIS = "0-0:30.3.0.255", "0-0:30.3.1.255"
HISTORIC_CAPACITY = 15
HARDWARE_FAULT, OTHER_REASON = 1, 250  # DLMS action-result / data-access-result codes
ALERT_MESSAGE_CODES = {ALERT_CHF_DEVICE_LOG_CHANGED: 0x0018, 0x8F26: 0x0111, 0x8F28: 0x0112,
                       ALERT_CONFIGURATION_CHANGED: 0x0113}


@dataclass(frozen=True, slots=True)
class DeviceLogEntry:
    eui: Eui64
    install_code: bytes
    device_type_code: int | None = None
    hashed_link_key: bytes = b""


def _u(v: int) -> DlmsValue:
    return DlmsValue("unsigned", v)


class Chf(SimDevice):
    """Communications Hub Function: device log (whitelist), logs, identity, sub GHz, firmware."""

    device_type = DeviceType.CHF

    def __init__(self, security: DeviceSecurity, *, firmware_version: str = "2.1.0") -> None:
        super().__init__(security, firmware_version=firmware_version)
        self.device_log: dict[Eui64, DeviceLogEntry] = {}
        self.historic_log: OrderedDict[Eui64, bytes] = OrderedDict()
        self.extended_pan_id = hashlib.sha256(security.eui.to_bytes()).digest()[:8]
        self.join_timeout = 0
        self.joining_permitted = False
        self.last_contact: dict[Eui64, datetime] = {}
        self.subghz = SubGhz()
        self.model, self.firmware_id = b"SIM-CH-1", b"CSW"
        self.on_log_change: Callable[[str, DeviceLogEntry, datetime], None] | None = None
        self._pending: list[int] = []  # alerts raised by DLMS object handlers during one command
        self.use_cases.update({CCS01_ADD: self._device_log_change, CCS02_REMOVE: self._device_log_change,
                               CCS03_RESTORE: self._restore, 0x00FE: self._backups, 0x0093: self._event_log,
                               0x0094: self._event_log, 0x010B: self._channel_log, 0x010E: self._scan})
        o = self.objects
        o.on(dlms_apdu.GET, 1, "0-0:96.1.1.255", 2, lambda v, at: (SUCCESS, dd.octets(self.eui.to_bytes())))
        o.on(dlms_apdu.GET, 1, "0-0:96.1.4.255", 2, lambda v, at: (SUCCESS, dd.octets(self.model)))
        o.on(dlms_apdu.GET, 1, "0-0:96.1.6.255", 2, lambda v, at: (SUCCESS, dd.octets(self.firmware_id)))
        o.on(dlms_apdu.GET, 104, DEVICE_LOG_OBIS, 4, lambda v, at: (SUCCESS, self._comms_check(at)))
        o.on(dlms_apdu.GET, 1, "0-0:94.44.10.0", 2, lambda v, at: (SUCCESS, self.subghz.config))
        o.on(dlms_apdu.SET, 1, "0-0:94.44.10.0", 2, self._set_subghz)
        o.on(dlms_apdu.GET, 1, "0-0:94.44.10.2", 2,
             lambda v, at: (SUCCESS, DlmsValue("bit-string", (32, self.subghz.channel.to_bytes(4, "big")))))

    # --- the device log (CCS01 / CCS02 / CCS03)
    def _device_log_change(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """8.11 Update HAN Device Log: CCS01 add (EUI, type, install code) / CCS02 remove (EUI)."""
        request = decode_request(msg.payload)
        results: list[tuple[int, int]] = []
        changed = False
        for spec, value in zip(request.specs, request.data, strict=False):
            result = SUCCESS
            if spec.kind == dlms_apdu.ACTION and spec.member == 1 and value.type == "structure":
                eui = Eui64.from_bytes(value.value[0].value)
                if eui not in self.device_log:
                    code = value.value[1].value if len(value.value) > 1 else None
                    install = value.value[2].value if len(value.value) > 2 else b""
                    self._add(DeviceLogEntry(eui, install, code, self.historic_log.pop(eui, b"")), at)
                    changed = True
            elif spec.kind == dlms_apdu.ACTION and spec.member == 2 and value.type == "octet-string":
                removed = self.remove(Eui64.from_bytes(value.value), at)
                changed = changed or removed
                result = SUCCESS if removed else HARDWARE_FAULT
            elif spec.kind == dlms_apdu.SET and spec.member == 3:
                self.join_timeout = int(value.value)
            elif spec.kind == dlms_apdu.SET and spec.member == 2:
                self.joining_permitted = bool(value.value)
            else:
                result = OTHER_REASON
            results.append((spec.kind, result))
        response = encode_access_response(request.invoke_id, tuple(NULL for _ in request.specs), tuple(results))
        return response, [ALERT_CHF_DEVICE_LOG_CHANGED] if changed else []

    def _add(self, entry: DeviceLogEntry, at: datetime) -> None:
        self.device_log[entry.eui] = entry
        self.log_event(at, ALERT_CHF_DEVICE_LOG_CHANGED, f"added {entry.eui}")
        if self.on_log_change is not None:
            self.on_log_change("added", entry, at)

    def remove(self, eui: Eui64, at: datetime) -> bool:
        entry = self.device_log.pop(eui, None)
        if entry is None:
            return False
        self.historic_log[eui] = entry.hashed_link_key
        while len(self.historic_log) > HISTORIC_CAPACITY:
            self.historic_log.popitem(last=False)
        self.log_event(at, ALERT_CHF_DEVICE_LOG_CHANGED, f"removed {eui}")
        if self.on_log_change is not None:
            self.on_log_change("removed", entry, at)
        return True

    def link_established(self, eui: Eui64) -> None:
        """A device joined: the hub and it agreed a TC link key (its hash goes to the log backups)."""
        entry = self.device_log.get(eui)
        if entry is not None and not entry.hashed_link_key:
            key = hashlib.sha256(self.extended_pan_id + eui.to_bytes() + entry.install_code).digest()[:16]
            self.device_log[eui] = DeviceLogEntry(eui, entry.install_code, entry.device_type_code, key)

    def _restore(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """CCS03 (8.12.1): restore_PAN { extended PAN id, array of { EUI, hashed link key } }."""
        request = decode_request(msg.payload)
        value = request.data[0] if request.data else NULL
        ok = value.type == "structure" and len(value.value) == 2 and value.value[1].type == "array"
        if ok:
            self.extended_pan_id = bytes(value.value[0].value)
            restored = {Eui64.from_bytes(row.value[0].value): bytes(row.value[1].value) for row in value.value[1].value}
            for eui in [e for e in self.device_log if e not in restored]:
                self.remove(eui, at)
            for eui, key in restored.items():
                entry = self.device_log.get(eui)
                if entry is None:
                    self._add(DeviceLogEntry(eui, b"", None, key), at)
                else:  # a device already on the HAN keeps its place, with the restored link key
                    self.device_log[eui] = DeviceLogEntry(eui, entry.install_code, entry.device_type_code, key)
        results = tuple((s.kind, SUCCESS if ok else HARDWARE_FAULT) for s in request.specs)
        response = encode_access_response(request.invoke_id, tuple(NULL for _ in request.specs), results)
        return response, [ALERT_CHF_DEVICE_LOG_CHANGED] if ok else []

    def backup(self, at: datetime, *, historic: bool = False) -> DlmsValue:
        """The device log (or historic log) backup: { date-time, extended PAN id, [{ EUI, hash }] }."""
        rows = ([(e, k) for e, k in self.historic_log.items()] if historic
                else [(e.eui, e.hashed_link_key) for e in self.device_log.values()])
        return dd.structure(dd.octets(dd.date_time(at)), dd.octets(self.extended_pan_id),
                            dd.array(*(dd.structure(dd.octets(eui.to_bytes()), dd.octets(key)) for eui, key in rows)))

    def _backups(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        request = decode_request(msg.payload)
        data = tuple(self.backup(at, historic=s.obis == bytes([0, 0, 30, 3, 1, 255])) for s in request.specs)
        return encode_access_response(request.invoke_id, data, tuple((s.kind, SUCCESS) for s in request.specs)), []

    def _comms_check(self, at: datetime) -> DlmsValue:
        """CCS06: per logged device its link figures (simulated, stable per device) and last contact."""
        rows = []
        for entry in self.device_log.values():
            seed = hashlib.sha256(entry.eui.to_bytes()).digest()
            last = self.last_contact.get(entry.eui)
            rows.append(dd.structure(
                dd.octets(entry.eui.to_bytes()), DlmsValue("bit-string", (8, b"\xc8")),
                DlmsValue("integer", -30 - seed[0] % 20), DlmsValue("integer", -50 - seed[1] % 10),
                DlmsValue("integer", -70 - seed[2] % 30), _u(1 + seed[3] % 3), _u(seed[4] % 128),
                _u(200 + seed[5] % 55),
                dd.octets(dd.date_time(last) if last else dd.NEVER), _u(1), _u(0), _u(100), _u(1), _u(1)))
        return dd.array(*rows)

    # --- logs
    def _event_log(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """ECS35c (event log, {time, code, data}) / ECS35d (security log, {time, code}) in a range."""
        request = decode_request(msg.payload)
        sel = request.specs[0].selection
        value = (security_log(self.security.log, sel) if request.specs[0].obis == bytes([0, 0, 99, 98, 1, 255])
                 else event_log(self.events, sel))
        return encode_access_response(request.invoke_id, (value,), ((dlms_apdu.GET, SUCCESS),)), []

    def _channel_log(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        request = decode_request(msg.payload)
        rows = self.subghz.log_rows(request.specs[0].selection)
        return encode_access_response(request.invoke_id, (rows,), ((dlms_apdu.GET, SUCCESS),)), []

    # --- sub GHz
    def _set_subghz(self, value: DlmsValue, at: datetime) -> DlmsOutcome:
        if not self.subghz.set_config(value):
            return 12, NULL  # type-unmatched
        self.log_event(at, ALERT_CONFIGURATION_CHANGED)
        self._pending.append(ALERT_CONFIGURATION_CHANGED)
        return SUCCESS, NULL

    def execute(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        self._pending = []
        payload, alerts = super().execute(msg, at)
        return payload, alerts + self._pending

    def _scan(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """DBCH05: the request is answered, then the assessment and the channel change are alerted."""
        request = decode_request(msg.payload)
        if not request.data or request.data[0].type != "unsigned":
            return encode_access_response(request.invoke_id, (NULL,), ((dlms_apdu.SET, 12),)), []
        for code, extra in self.subghz.scan(at):
            self.log_event(at, code)
            self.emit(self.chf_alert(code, at, extra))
        return encode_access_response(request.invoke_id, (NULL,), ((dlms_apdu.SET, SUCCESS),)), []

    # --- alerts
    def chf_alert(self, code: int, at: datetime, extra: tuple[DlmsValue, ...] = ()) -> bytes:
        """A CHF alert to the ACB: DLMS data-notification { code, date-time, use-case data } with its
        use case's message code."""
        return self.security.alert(code, at, extra=extra,
                                   message_code=ALERT_MESSAGE_CODES.get(code, GENERIC_NON_CRITICAL_ALERT))

    def alert_message(self, code: int, at: datetime) -> bytes:
        extra: tuple[DlmsValue, ...] = ()
        if code == ALERT_CHF_DEVICE_LOG_CHANGED:
            extra = (self.backup(at),)
        elif code == ALERT_CONFIGURATION_CHANGED:
            extra = (self.subghz.config,)
        return self.chf_alert(code, at, extra)


