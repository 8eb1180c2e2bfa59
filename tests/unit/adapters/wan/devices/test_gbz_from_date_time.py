"""The GBZ from-date-time (GBCS 10.4.2.2: big-endian ZigBee UTC in the extended header) as ``gbdcc parse``
shows it and as the simulated GSME executes it (SIMULATION): the times of the RTDS GCS05 / GCS15d /
GCS15e commands are their DUIS templates' ExecutionDateTime / StartDateTime."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from gbdcc.adapters.gbcs.payload import gbz
from gbdcc.adapters.wan.devices import gbz_codec as z
from gbdcc.adapters.wan.devices.gsme import Gsme
from gbdcc.cli.main import app
from gbdcc.domain.inventory import DeviceType

from .han_support import ORACLES, RTDS_NOW, answers, device, make_hub, readdress, vector, with_history

pytestmark = pytest.mark.oracle

#: (folder, RTDS command) → the time its DUIS template gives (None: "now" 0x00000000 / cancel 0xFFFFFFFF)
TIMES = {
    ("2.1_GCS05", "GCS05_2.1_FUTURE_DATED_SUCCESS"): "2030-01-15T09:00:00+00:00",  # ExecutionDateTime
    ("2.1_GCS05", "GCS05_2.1_IMMEDIATE_SUCCESS"): None,
    ("2.1_GCS05", "GCS05_2.1_CANCELLATION_SUCCESS"): None,
    ("4.4.4_GCS15d", "GCS15d_4.4.4_SUCCESS"): "2014-12-01T00:00:00+00:00",  # ReadLogPeriod/StartDateTime
    ("4.4.5_GCS15e", "GCS15e_4.4.5_SUCCESS"): "2014-12-01T00:00:00+00:00",
}


@pytest.mark.parametrize(("folder", "stem"), list(TIMES), ids=[s for _, s in TIMES])
def test_gbdcc_parse_shows_the_from_date_time_of_the_template(folder: str, stem: str) -> None:
    path = ORACLES / "rtds-gbcs" / folder / f"{stem}_COMMAND_GBCS.HEX"
    result = CliRunner().invoke(app, ["parse", str(path), "--keys", str(ORACLES / "keys" / "rtds"), "--json"])
    assert result.exit_code == 0, result.stdout
    message = json.loads(result.stdout)
    (component,) = [c for c in message["payload"]["decoded"]["components"] if "from_date_time" in c]
    assert component["from_date_time_utc"] == TIMES[(folder, stem)]
    if TIMES[(folder, stem)] is not None:
        expected = datetime.fromisoformat(TIMES[(folder, stem)])  # type: ignore[arg-type]
        assert component["from_date_time"] == z.zigbee_time(expected)
        text = CliRunner().invoke(app, ["parse", str(path)]).stdout
        assert TIMES[(folder, stem)] in text


def test_special_from_date_times_have_no_utc_time() -> None:
    assert [gbz.zigbee_utc(v) for v in (0, 0xFFFFFFFF, 0xFFFFFFFE)] == [None, None, None]
    assert gbz.zigbee_utc(1) == "2000-01-01T00:00:01+00:00"


def _gsme_with_history() -> tuple[object, Gsme]:
    hub = with_history(make_hub())
    gsme = device(hub, DeviceType.GSME)
    assert isinstance(gsme, Gsme)
    return hub, gsme


def _send(hub: object, gsme: Gsme, folder: str, stem: str, counter: int, start: datetime | None = None) -> object:
    cmd = vector(folder, stem, "COMMAND")[0]
    payload = cmd.payload
    if start is not None:  # the RTDS from-date-time 2014-12-01 (big-endian) moved to ``start``
        payload = payload.replace(bytes.fromhex("1C0E6C00"), z.zigbee_time(start).to_bytes(4, "big"))
        assert payload != cmd.payload
    raw = readdress(cmd.header, payload, gsme, signed=cmd.signature is not None, counter=counter)
    return hub.receive(raw, RTDS_NOW)  # type: ignore[attr-defined]


def _top_ups(publish: bytes) -> int:
    """Entries of a Publish Top Up Log: command index, commands, then { UTRN string, amount, time }."""
    pos, n = 2, 0
    while pos < len(publish):
        pos, n = pos + 1 + publish[pos] + 8, n + 1
    assert pos == len(publish)
    return n


def test_the_gsme_reads_its_logs_from_the_from_date_time() -> None:
    """GCS15e / GCS15d log reads start at the from-date-time: both history top-ups (2014-12-20,
    2015-01-05) from 2014-12-01, only the second from 2015-01-01, none from 2015-02-01."""
    hub, gsme = _gsme_with_history()
    counts = []
    for n, start in enumerate((None, datetime(2015, 1, 1, tzinfo=UTC), datetime(2015, 2, 1, tzinfo=UTC))):
        ((component, plain),) = answers(_send(hub, gsme, "4.4.5_GCS15e", "GCS15e_4.4.5_SUCCESS", 2000 + n, start),
                                        gsme)
        counts.append(0 if component["command"] == z.DEFAULT_RESPONSE else _top_ups(plain))
    assert counts == [2, 1, 0]
    debt = answers(_send(hub, gsme, "4.4.4_GCS15d", "GCS15d_4.4.4_SUCCESS", 2010, datetime(2015, 2, 1, tzinfo=UTC)),
                   gsme)
    assert debt[0][0]["command"] == z.DEFAULT_RESPONSE and debt[0][1][1] == z.STATUS_NOT_FOUND


def test_a_future_dated_gcs05_is_held_until_its_from_date_time() -> None:
    hub, gsme = _gsme_with_history()
    _send(hub, gsme, "2.1_GCS05", "GCS05_2.1_FUTURE_DATED_SUCCESS", 2000)
    assert [h.at for h in gsme.future.held] == [datetime(2030, 1, 15, 9, 0, tzinfo=UTC)]
