"""Future-dated commands on the simulated ESME (SIMULATION): held by the meter, executed at their time —
on the attached scheduler with the 0x8F66 alerts pushed unasked, or (no scheduler, a bare unit test)
when the meter is next used at or after that time, the alerts then coming with that response —
and cancelled by a later command with the execution date-time NEVER."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from esme_support import Rtds, alert_codes, get, new_esme, send_template

from gbdcc.adapters.gbcs import frame
from gbdcc.adapters.wan.devices.esme import EsmeVariant, PaymentMode
from gbdcc.adapters.wan.devices.esme_objects import k
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler

pytestmark = pytest.mark.oracle
AT = datetime(2029, 12, 1, tzinfo=UTC)
DUE = datetime(2030, 1, 15, 9, 0, tzinfo=UTC)  # the RTDS templates' ExecutionDateTime
FUTURE, CANCEL = "ECS01a_1.1.1_FUTURE_DATED_TOU_BLOCK_SUCCESS", "ECS01a_1.1.1_CANCELLATION_TOU_BLOCK_SUCCESS"
PRICES = k(113, "0-0:19.20.0.255", 5)


@pytest.fixture(scope="module")
def rtds(oracles: Path) -> Rtds:
    return Rtds(oracles)


def send(rtds: Rtds, esme, stem: str, at: datetime = AT):  # type: ignore[no-untyped-def]
    return send_template(rtds, stem, dict(rtds.templates())[stem], esme, at)


def test_held_then_executed_on_the_scheduler_with_its_alerts_pushed(rtds: Rtds) -> None:
    scheduler = VirtualScheduler(VirtualClock(AT))
    pushed: list[tuple[datetime, bytes]] = []
    esme = new_esme(rtds, at=AT, started=AT)
    esme.attach(scheduler, lambda raw: pushed.append((scheduler.now(), raw)))
    before = esme.settings[PRICES]
    sent = send(rtds, esme, FUTURE)
    assert sent.result.response is not None and sent.result.alerts == ()
    assert len(esme.held) == 6 and esme.settings[PRICES] == before  # acknowledged, not yet active
    scheduler.run_until(DUE - timedelta(seconds=1))
    assert pushed == [] and esme.settings[PRICES] == before
    scheduler.run_until(DUE + timedelta(seconds=1))
    assert {t for t, _ in pushed} == {DUE} and alert_codes([r for _, r in pushed]) == [0x8F66] * 6
    for _, raw in pushed:
        msg = frame.decode_message(raw)
        assert msg.header.message_code == 0x00CC and msg.header.recipient == sent.command.header.originator
        assert frame.verify_signed(msg, esme.security.ds_key.public_key())
    assert esme.settings[PRICES] == esme.settings[k(113, "0-0:19.20.0.255", 6)] != before
    assert esme.held == []


def test_without_a_scheduler_the_meter_catches_up_when_next_used(rtds: Rtds) -> None:
    esme = new_esme(rtds, at=AT, started=AT)
    send(rtds, esme, FUTURE)
    _, value = get(rtds, esme, DUE - timedelta(minutes=1), 113, "0-0:19.20.0.255", 5, code=0x003A)
    assert value != esme.settings[k(113, "0-0:19.20.0.255", 6)] and len(esme.held) == 6
    result = esme.handle(_read_prices(rtds, esme), DUE + timedelta(hours=2))
    assert alert_codes(result.alerts) == [0x8F66] * 6  # delivered with the next response
    assert esme.held == [] and esme.settings[PRICES] == esme.settings[k(113, "0-0:19.20.0.255", 6)]


def _read_prices(rtds: Rtds, esme):  # type: ignore[no-untyped-def]
    from esme_support import dlms_command

    from gbdcc.adapters.gbcs.payload import dlms_apdu
    from gbdcc.adapters.gbcs.payload import dlms_data as dd

    return dlms_command(rtds, esme, 0x003A, [(dlms_apdu.GET, 113, "0-0:19.20.0.255", 5, dd.DlmsValue("null-data"))])


def test_a_cancellation_removes_the_held_command(rtds: Rtds) -> None:
    esme = new_esme(rtds, at=AT, started=AT)
    before = esme.settings[PRICES]
    send(rtds, esme, FUTURE)
    assert len(esme.held) == 6
    cancel = send(rtds, esme, CANCEL, AT + timedelta(hours=1))
    assert cancel.result.response is not None and esme.held == []
    esme.catch_up(DUE + timedelta(days=1))
    assert esme.unsent == [] and esme.settings[PRICES] == before


def test_future_dated_payment_mode_change(rtds: Rtds) -> None:
    esme = new_esme(rtds, at=AT, started=AT, variant=EsmeVariant.TWIN, credit=50 * 100_000)
    send(rtds, esme, "ECS03_1.6_FUTURE_DATED_TWIN_SUCCESS")
    assert esme.payment_mode == PaymentMode.CREDIT
    esme.catch_up(DUE)
    assert esme.payment_mode == PaymentMode.PREPAYMENT
    assert alert_codes(esme.unsent) == [0x8F66, 0x8F66]
    assert esme._com_billing and esme._com_billing[-1].at == DUE  # change of mode billing data log entry


def test_future_dated_firmware_activation(rtds: Rtds) -> None:
    esme = new_esme(rtds, at=AT, started=AT)
    sent = send(rtds, esme, "CS06_11.3_FUTURE_DATED_SUCCESS")
    assert frame.decode_message(sent.result.response or b"").payload == bytes.fromhex("0500")  # NULL
    assert esme.firmware_version != bytes.fromhex("0123ABCE").decode("latin-1")
    esme.catch_up(DUE)
    assert alert_codes(esme.unsent) == [0x8F66]
    assert frame.decode_message(esme.unsent[0]).header.message_code == 0x00CA
    assert esme.firmware_version.encode("latin-1") == bytes.fromhex("0123ABCE")
