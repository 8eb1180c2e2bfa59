"""Protected (encrypted) reads of the simulated ESME — SIMULATION.

The class 30 ``get_protected_attributes`` actions, whose data GBCS requires encrypted for the requester
(AES-GCM, GBCS KDF transaction type 4; the protection parameters answered with the parties swapped, the
Unknown Remote Party of ECS21b "URP" too): ECS17b import registers, ECS17d TOU registers, ECS17e block
registers, ECS19 prepayment values, ECS20b / ECS20c billing data logs, ECS21a daily read log, ECS21b
prepayment daily read log, ECS22b half-hour profile and ECS66 daily consumption log.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from gbdcc.adapters.gbcs.frame import GbcsMessage
from gbdcc.adapters.gbcs.header import decode_dlms_datetime
from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue
from gbdcc.adapters.wan.devices.base import obis
from gbdcc.adapters.wan.devices.dlms_logs import U32, u32, within
from gbdcc.adapters.wan.devices.esme_metrology import EsmeMetrology
from gbdcc.adapters.wan.devices.esme_state import (
    _I32,
    _U32_PAIR,
    BLOCK_REGISTERS,
    BLOCKS,
    SECONDARY_TOU,
    TOU_REGISTERS,
    UNIT_VARH,
    UNIT_WH,
    Snapshot,
    _Command,
    _i32,
    _scaler_unit,
)
from gbdcc.adapters.wan.devices.gbz_codec import zigbee_time
from gbdcc.adapters.wan.errors import DeviceRefusal


class EsmeProtectedReads(EsmeMetrology):
    """The class 30 protected reads, encrypted for the requester."""

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
