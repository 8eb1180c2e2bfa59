"""Device Management (0x0708), Messaging (0x0703) and Events (0x0709) commands of the simulated
GSME — SIMULATION.

ZSE 1.4 D.5 / D.10 / D.11 commands as GBCS uses them (RTDS 4.5.0 vectors):

* GCS09 Publish Change of Tenancy (0x00), GCS44 Publish Change of Supplier (0x01: supplier name at
  most 16 and contact details at most 19 characters, else refused), GCS11 Request New Password
  Response (0x02: privacy PIN), GCS41 Update Site ID (0x03: the MPRN, 1-10 digits), GCS36 Update
  CIN (0x06: 4 digits): stored, answered with a Default Response;
* GCS20 Set Event Configuration (0x04) for the GSME's configurable events (others refused) and
  GCS20r Get Event Configuration (0x05, event id 0x81FF: all) → Report Event Configuration;
* GCS07 Display Message (Messaging 0x00): kept for the HAN displays;
* CS10a / CS10b Get Event Log (Events 0x00, log 3 general / 4 security) → Publish Event Log,
  ``NOT_FOUND`` when nothing matches; CS11 Clear Event Log (0x01) clears the general event log only
  (GBCS: the security log is never cleared remotely; cleared-logs bitmap 0x00 then).
"""

from __future__ import annotations

from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.gas_logs import time_bound
from gbdcc.adapters.wan.devices.gas_state import LogEvent
from gbdcc.adapters.wan.devices.gas_zcl import Context, Refused, ZclCommand, ZclHandlers

DEVICE_MANAGEMENT, MESSAGING, EVENTS = 0x0708, 0x0703, 0x0709
ALL_EVENTS = 0x81FF
GENERAL_LOG, SECURITY_LOG = 0x03, 0x04
MAX_EVENTS_PER_RESPONSE = 20
#: The GSME alerts / events whose configuration GCS20 may set, with the default configuration byte.
CONFIGURABLE_EVENTS: dict[int, int] = {
    **{code: 0x18 for code in (0x810D, 0x8119, 0x8145, 0x8154, 0x8155, 0x8161, 0x8162, 0x8168, 0x8183)},
    **{code: 0x0B for code in (0x8184, 0x81A1, 0x81A4, 0x81A5, 0x81A6, 0x81A7, 0x81A8, 0x81A9)},
    **{code: 0x1B for code in (0x81AA, 0x81AB)},
    **{code: 0x0B for code in range(0x81AC, 0x81C7)},
    0x810E: 0x18,
}


def publish_change_of_tenancy(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(9)  # provider id, issuer event id, tariff type
    ctx.state.config.change_of_tenancy_at = z.from_zigbee_time(r.time())
    return [cmd.default_response()]


def publish_change_of_supplier(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(13)  # current provider, issuer event, tariff type, proposed provider
    when = r.time()
    r.take(4)  # provider change control
    name, contact = r.string(), r.string()
    if len(name) > 16 or len(contact) > 19:
        raise Refused(f"supplier name of {len(name)} / contact of {len(contact)} characters")
    c = ctx.state.config
    c.supplier_name, c.supplier_contact = name, contact
    c.supplier_change_at = ctx.at if when == z.NOW_TIME else z.from_zigbee_time(when)
    return [cmd.default_response()]


def request_new_password_response(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(10)  # issuer event id, implementation time, duration
    password_type, password = r.u8(), r.string()
    if not 1 <= password_type <= 4:
        raise Refused(f"password type {password_type}")
    ctx.state.config.privacy_pin_disabled = not password
    return [cmd.default_response()]


def update_site_id(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(12)  # issuer event id, site id time, provider id
    site = r.string()
    if not r.at_end() or not 1 <= len(site) <= 10 or not site.isdigit():
        raise Refused(f"MPRN {site!r}: 1 to 10 digits")
    ctx.state.config.mprn = site.decode()
    ctx.state.log(ctx.at, 0x0087)
    return [cmd.default_response()]


def update_cin(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(12)
    cin = r.string()
    if len(cin) != 4 or not cin.isdigit():
        raise Refused("a customer identification number is 4 digits")
    ctx.state.config.customer_id_number = cin
    return [cmd.default_response()]


def set_event_configuration(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(8)
    config, control = r.u8(), r.u8()
    if control != 0:
        raise Refused(f"configuration control {control}: only 'apply by list' (0)")
    events = [r.le(2) for _ in range(r.u8())]
    bad = [e for e in events if e not in CONFIGURABLE_EVENTS]
    if bad:
        raise Refused(f"events {[hex(e) for e in bad]} cannot take configuration {config:#x}")
    for event in events:
        ctx.state.config.event_configuration[event] = config
    return [cmd.default_response()]


def get_event_configuration(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    event = cmd.reader().le(2)
    table = {**CONFIGURABLE_EVENTS, **ctx.state.config.event_configuration}
    if event != ALL_EVENTS and event not in table:
        raise Refused(f"event {event:#x} is not a GSME event")
    chosen = sorted(table) if event == ALL_EVENTS else [event]
    body = b"\x00\x01" + b"".join(z.le(e, 2) + bytes([table[e]]) for e in chosen)
    return [z.Component(DEVICE_MANAGEMENT, z.FC_CLUSTER_SPECIFIC, 0x04, body)]


def display_message(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    r.take(11)  # message id, message control, start time, duration
    message = r.string()
    if not message:
        raise Refused("empty message")
    ctx.state.config.messages.append((ctx.at, message))
    return [cmd.default_response()]


def get_event_log(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    r = cmd.reader()
    log_id, event_id = r.u8() & 0x0F, r.le(2)
    start = time_bound(r.time(), ctx.at.replace(year=1))
    end = time_bound(r.time(), ctx.at)
    wanted, offset = r.u8(), r.le(2)
    entries = [e for e in _log(ctx) if (log_id == 0 or e.log_id == log_id) and (event_id in (0, e.event_id))
               and start <= e.at <= end]
    entries = sorted(entries, key=lambda e: e.at, reverse=True)[offset:][: wanted or MAX_EVENTS_PER_RESPONSE]
    if not entries:
        return [cmd.default_response(z.STATUS_NOT_FOUND)]
    body = z.le(len(entries), 2) + b"\x00\x01\x00" + b"".join(
        bytes([e.log_id]) + z.le(e.event_id, 2) + z.le(z.zigbee_time(e.at), 4) + bytes([len(e.data)]) + e.data
        for e in entries)
    return [z.cluster_response(EVENTS, 0x01, body)]


def _log(ctx: Context) -> list[LogEvent]:
    held = ctx.security.log if ctx.security is not None else []
    security = [LogEvent(SECURITY_LOG, s.alert_code, s.at) for s in held if s.alert_code is not None]
    return list(ctx.state.events) + security


def clear_event_log(cmd: ZclCommand, ctx: Context) -> list[z.Component]:
    log_id = cmd.reader().u8()
    cleared = 0
    if log_id in (0, GENERAL_LOG):
        kept = [e for e in ctx.state.events if e.log_id != GENERAL_LOG]
        ctx.state.events.clear()
        ctx.state.events.extend(kept)
        ctx.state.log(ctx.at, 0x8F52, log_id=SECURITY_LOG)  # Event Log Cleared
        cleared = 1 << GENERAL_LOG
    return [z.cluster_response(EVENTS, 0x02, bytes([cleared]), disable_default=False)]


def handlers() -> ZclHandlers:
    h = ZclHandlers()
    for command, handler in ((0x00, publish_change_of_tenancy), (0x01, publish_change_of_supplier),
                             (0x02, request_new_password_response), (0x03, update_site_id),
                             (0x04, set_event_configuration), (0x05, get_event_configuration), (0x06, update_cin)):
        h.on(DEVICE_MANAGEMENT, command, handler, server_to_client=True)
    h.on(MESSAGING, 0x00, display_message, server_to_client=True)
    h.on(EVENTS, 0x00, get_event_log)
    h.on(EVENTS, 0x01, clear_event_log)
    return h
