"""DLMS execution of the simulated ESME — SIMULATION.

Every DLMS use case of the ESME (ECS01a-ECS82, UC011A-F, UC0126; the ASN.1 ones are :mod:`.esme_asn1`)
goes through :meth:`EsmeDlms.execute`: each GET / GET-with-selection / SET / ACTION of the request is
looked up in the meter's tables (log buffers, live attributes, stored object model, protected reads,
methods); SET checks the type (``type-unmatched``) and stores; passive values (tariffs, prices, payment
mode, prepayment configuration, debt recovery rates, schedules, load limits…) become active at their
execution date-time — at once (``NOW``), held and activated at their time with a signed 0x8F66 alert to
the commanding party (message code 0x00CC, as the RTDS vectors), or cancelled (``NEVER``).
"""

from __future__ import annotations

from datetime import datetime

from gbdcc.adapters.gbcs.alerts import encode_dlms_alert
from gbdcc.adapters.gbcs.frame import GbcsMessage
from gbdcc.adapters.gbcs.header import decode_dlms_datetime
from gbdcc.adapters.gbcs.payload import dlms_apdu
from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_apdu import Spec, decode_request, invoke_id
from gbdcc.adapters.gbcs.payload.dlms_data import DlmsValue
from gbdcc.adapters.wan.devices import esme_objects as eo
from gbdcc.adapters.wan.devices.base import (
    NULL,
    READ_WRITE_DENIED,
    SUCCESS,
    TYPE_UNMATCHED,
    DlmsHandler,
    DlmsObjects,
    DlmsOutcome,
    HeldWork,
    UnsupportedUseCase,
)
from gbdcc.adapters.wan.devices.esme_advance import EsmeAdvance
from gbdcc.adapters.wan.devices.esme_objects import Key, k
from gbdcc.adapters.wan.devices.esme_protected import EsmeProtectedReads
from gbdcc.adapters.wan.devices.esme_state import (
    _TARIFF_ACTIVE,
    ACCOUNT,
    ALERT_FUTURE_ACTIONED,
    FUTURE_DATED_DLMS_ALERT,
    MPAN_OBIS,
    TARIFF_CODES,
    PaymentMode,
    SupplyState,
    _Command,
    _obis_text,
)
from gbdcc.domain.ids import Eui64


class EsmeDlms(EsmeAdvance, EsmeProtectedReads):
    """DLMS dispatch, SET and the activation of passive values (future-dated commands)."""

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
