"""The simulated Communications Hub (SIMULATION): the installer hook (CCS01 add → the device present
at the premises joins the SMHAN with 0x8F12 and 0x8183), removal, the CHF device logs and HAN
communications check, sub GHz configuration and channel scans, and the ESME → HCALCS relay."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from gbdcc.adapters.gbcs.frame import decode_message
from gbdcc.adapters.gbcs.payload import dlms_apdu
from gbdcc.adapters.gbcs.payload import dlms_data as dd
from gbdcc.adapters.gbcs.payload.dlms_apdu import AccessRequest, AccessResponse, Spec
from gbdcc.adapters.wan.devices.chf import DeviceLogEntry
from gbdcc.adapters.wan.devices.esme import Esme
from gbdcc.adapters.wan.devices.factory import device_security
from gbdcc.adapters.wan.devices.han import Hcalcs, Ppmid
from gbdcc.adapters.wan.devices.hub import JOIN_DELAY, CommunicationsHub
from gbdcc.adapters.wan.devices.security import derived_keys
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType

from .han_support import (
    ACB,
    INSTALLED,
    SEED,
    alert_codes,
    anchors,
    command,
    device,
    dlms_structure,
    make_hub,
    send_vector,
    vector,
)

pytestmark = pytest.mark.oracle

AT = INSTALLED + timedelta(days=3)
NEW = Eui64.parse("00-DB-12-34-56-78-EE-01")
INSTALL_CODE = b"0123456789ABCDEF"


def dlms(specs: list[tuple[int, int, str, int]], data: list[dd.DlmsValue]) -> bytes:
    obis = [bytes(int(x) for x in o.replace("-", ".").replace(":", ".").split(".")) for _, _, o, _ in specs]
    return AccessRequest(0x20000001, tuple(Spec(k, c, ob, m) for (k, c, _, m), ob in zip(specs, obis, strict=True)),
                         tuple(data)).encode()


def add(hub: CommunicationsHub, eui: Eui64, counter: int, install: bytes = INSTALL_CODE) -> object:
    payload = dlms([(dlms_apdu.ACTION, 104, "0-0:30.3.0.255", 1)], [dd.structure(
        dd.octets(eui.to_bytes()), dd.DlmsValue("enum", 1), dd.octets(install), dd.DlmsValue("enum", 0))])
    return hub.receive(command(hub.chf, 0x0001, payload, counter, originator=ACB), AT)


def remove(hub: CommunicationsHub, eui: Eui64, counter: int) -> object:
    payload = dlms([(dlms_apdu.ACTION, 104, "0-0:30.3.0.255", 2)], [dd.octets(eui.to_bytes())])
    return hub.receive(command(hub.chf, 0x0002, payload, counter, originator=ACB), AT)


def ppmid(install: bytes = INSTALL_CODE) -> Ppmid:
    return Ppmid(device_security(NEW, derived_keys(SEED), anchors()), install_code=install)


def test_a_device_added_to_the_device_log_and_present_joins_after_a_delay() -> None:
    hub = make_hub()
    present = ppmid()
    asked: list[tuple[Eui64, DeviceLogEntry, datetime]] = []
    hub.installer = lambda eui, entry, at: asked.append((eui, entry, at)) or (present if eui == NEW else None)
    scheduler = VirtualScheduler(VirtualClock(AT))
    sent: list[bytes] = []
    hub.attach_runtime(scheduler, sent.append)
    result = add(hub, NEW, 10)
    assert alert_codes(result.alerts) == [0x8F12] and asked[0][1].install_code == INSTALL_CODE  # type: ignore[attr-defined]
    assert NEW not in hub.devices
    scheduler.run_until(AT + timedelta(seconds=JOIN_DELAY))
    assert hub.devices[NEW] is present and present.scheduler is scheduler
    assert alert_codes(sent) == [0x8F12, 0x8183]
    joined = decode_message(sent[1])
    assert joined.header.recipient == ACB and NEW.to_bytes() in joined.payload
    assert hub.chf.device_log[NEW].hashed_link_key  # the TC link key hash is in the CS14 backup
    cs14 = vector("NA_CS14", "CS14_NA_8F12", "ALERT")[0]
    assert decode_message(sent[0]).header.message_code == cs14.header.message_code == 0x0018


def test_without_a_scheduler_the_join_is_immediate_and_a_wrong_install_code_fails() -> None:
    hub = make_hub()
    hub.installer = lambda eui, entry, at: ppmid(b"another install code")
    add(hub, NEW, 10)
    assert NEW not in hub.devices and alert_codes(hub.chf.raised) == [0x8F48]
    hub2 = make_hub()
    hub2.installer = lambda eui, entry, at: ppmid()
    add(hub2, NEW, 10)
    assert NEW in hub2.devices and alert_codes(hub2.chf.raised) == [0x8F12, 0x8183]


def test_removal_takes_the_device_off_the_han_into_the_historic_log() -> None:
    hub = make_hub()
    esme = device(hub, DeviceType.ESME)
    result = remove(hub, esme.eui, 20)
    assert alert_codes(result.alerts) == [0x8F12]  # type: ignore[attr-defined]
    assert esme.eui not in hub.devices and esme.eui in hub.chf.historic_log and esme.scheduler is None
    again = remove(hub, esme.eui, 21)  # not in the log any more
    assert dlms_apdu.decode_response(decode_message(again.response).payload).results == ((3, 1),)  # type: ignore[attr-defined]
    backups = send_vector(hub, hub.chf, "8.9_CCS07", "CCS07_8.9_SUCCESS", AT, counter=22)
    historic = dlms_apdu.decode_response(decode_message(backups.response).payload).data[1]
    assert esme.eui.to_bytes() in [row.value[0].value for row in historic.value[2].value]


def test_the_han_communications_check_reports_the_last_contact() -> None:
    hub = make_hub()
    gsme = device(hub, DeviceType.GSME)
    send_vector(hub, gsme, "7.4_GCS33", "GCS33_7.4_SUCCESS", AT, counter=30)
    result = send_vector(hub, hub.chf, "8.9_CCS06", "CCS06_8.9_SUCCESS", AT, counter=31)
    rows = dlms_apdu.decode_response(decode_message(result.response).payload).data[0].value
    last = {bytes(r.value[0].value): r.value[8].value for r in rows}
    assert last[gsme.eui.to_bytes()] == dd.date_time(AT)
    assert last[device(hub, DeviceType.PPMID).eui.to_bytes()] == dd.NEVER  # never exchanged a message
    rtds = vector("8.9_CCS06", "CCS06_8.9_SUCCESS", "RESPONSE")[0]
    assert dlms_structure(decode_message(result.response).payload)[0] == dlms_structure(rtds.payload)[0]


def test_sub_ghz_configuration_and_channel_scan() -> None:
    hub = make_hub()
    result = send_vector(hub, hub.chf, "6.28_DBCH04", "DBCH04_6.28_SUCCESS", AT, counter=40)
    assert [decode_message(a).header.message_code for a in result.alerts] == [0x0113]  # DBCH09
    read = send_vector(hub, hub.chf, "6.30_DBCH03", "DBCH03_6.30_SUCCESS", AT, counter=41)
    config = dlms_apdu.decode_response(decode_message(read.response).payload).data[0]
    assert config.value[4].value == 130  # as set by the RTDS DBCH04 command
    before = hub.chf.subghz.channel
    scan = send_vector(hub, hub.chf, "6.29_DBCH05", "DBCH05_6.29_SUCCESS", AT, counter=42)
    assert scan.response is not None and [decode_message(a).header.message_code for a in list(hub.chf.raised)[-2:]] \
        == [0x0112, 0x0111]  # DBCH08 assessment, DBCH07 channel changed
    assert hub.chf.subghz.channel != before and hub.chf.subghz.log[-1][1] == 0x8F26
    log = send_vector(hub, hub.chf, "6.32_DBCH02", "DBCH02_6.32_SUCCESS", AT, counter=43)
    rows = dlms_apdu.decode_response(decode_message(log.response).payload).data[0].value[1]
    assert rows == ()  # the RTDS range (Dec 2014 - Jan 2015) predates our scan; the layout is the sweep's


def test_what_the_esme_executes_for_an_hcalcs_reaches_it() -> None:
    hub = make_hub()
    hcalcs = device(hub, DeviceType.HCALCS)
    esme = device(hub, DeviceType.ESME)
    assert isinstance(hcalcs, Hcalcs) and isinstance(esme, Esme)

    def relay(folder: str, stem: str, edit: tuple[bytes, bytes] | None = None) -> None:
        cmd = vector(folder, stem, "COMMAND")[0]
        payload = cmd.payload.replace(*edit) if edit else cmd.payload
        request = dlms_apdu.decode_request(payload)
        raw = command(esme, cmd.header.message_code, payload, 50)
        ok = AccessResponse(request.invoke_id, tuple(dd.DlmsValue("null-data") for _ in request.specs),
                            tuple((s.kind, 0) for s in request.specs)).encode()
        hub._esme_to_hcalcs(raw, esme.security.response(decode_message(raw), ok), AT)  # the ESME's success

    relay("6.14.2_ECS46c", "ECS46c_6.14.2_IMMEDIATE_SOME_OPTIONALS_SUCCESS",
          (bytes.fromhex("00db123456789097"), hcalcs.eui.to_bytes()))
    assert hcalcs.switch == 2 and hcalcs.schedule and not hcalcs.is_on(AT)
    relay("7.5_ECS47Activate", "ECS47Activate_7.5_SUCCESS")  # boost for 30 minutes
    assert hcalcs.is_on(AT + timedelta(minutes=29)) and not hcalcs.is_on(AT + timedelta(minutes=31))
    relay("7.8_ECS47Reset", "ECS47Reset_7.8_SUCCESS")
    assert not hcalcs.is_on(AT + timedelta(minutes=1))


def test_power_outage_and_the_gsme_battery_alert() -> None:
    hub = make_hub()
    assert hub.power_outage(AT) and not hub.powered
    gsme = device(hub, DeviceType.GSME)
    sent: list[bytes] = []
    hub.attach_runtime(None, sent.append)
    gsme.battery_removed(AT)  # type: ignore[attr-defined]
    assert alert_codes(sent) == [0x8F1D] and decode_message(sent[0]).header.message_code == 0x1001



def test_restoring_the_device_log_keeps_the_devices_listed_and_removes_the_others() -> None:
    hub = make_hub()
    esme, gsme, ppmid_ = (device(hub, t) for t in (DeviceType.ESME, DeviceType.GSME, DeviceType.PPMID))
    rows = [dd.structure(dd.octets(d.eui.to_bytes()), dd.octets(bytes(16))) for d in (esme, gsme)]
    payload = dlms([(dlms_apdu.ACTION, 104, "0-0:30.3.0.255", 5)],
                   [dd.structure(dd.octets(bytes(range(8))), dd.array(*rows))])
    result = hub.receive(command(hub.chf, 0x0003, payload, 60, originator=ACB), AT)
    assert dlms_apdu.decode_response(decode_message(result.response).payload).results == ((3, 0),)
    assert hub.chf.extended_pan_id == bytes(range(8)) and alert_codes(result.alerts) == [0x8F12]
    assert esme.eui in hub.devices and gsme.eui in hub.devices and ppmid_.eui not in hub.devices
    assert hub.chf.device_log[esme.eui].hashed_link_key == bytes(16)
