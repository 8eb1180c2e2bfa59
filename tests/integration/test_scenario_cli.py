"""``gbdcc scenario run FILE --url`` against a real ``gbdcc up`` (SQLite, the SIMULATED SM WAN at 0.01× time,
an admin token set): a power outage of one CSP region reaches the demo supplier's and network operator's
receiver as each affected meter's outage and restore alerts; the CLI's refusals are one line each."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.integration.http_support import DccProcess, Receiver, free_port, receiver_url

from gbdcc.adapters.duis.receiver import ReceivedMessage
from gbdcc.adapters.provisioning.demo import DEMO_NETWORK_OPERATOR, DEMO_SUPPLIER
from gbdcc.adapters.wan.estate import generate_estate
from gbdcc.adapters.wan.scenario.sites import IN_SERVICE
from gbdcc.domain.inventory import DeviceType

pytestmark = pytest.mark.slow
PREMISES, TOKEN = 20, "t0ken-for-tests"


@pytest.fixture(scope="module")
def up(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DccProcess, Receiver]]:
    port = free_port()
    dcc = DccProcess(tmp_path_factory.mktemp("scenario") / "var", receiver_url(port), premises=PREMISES,
                     env={"GBDCC_ADMIN_TOKEN": TOKEN}).start()
    receiver = Receiver(dcc.dcc_certificate(), port).start()
    try:
        yield dcc, receiver
    finally:
        receiver.stop()
        dcc.stop()


def gbdcc(*args: str, token: str | None = TOKEN) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GBDCC_ADMIN_TOKEN"} | {"COLUMNS": "300"}
    if token is not None:
        env["GBDCC_ADMIN_TOKEN"] = token
    return subprocess.run([sys.executable, "-m", "gbdcc.cli.main", *args], capture_output=True, text=True, env=env,
                          timeout=120, check=False)


def supply_alerts(messages: list[ReceivedMessage]) -> Counter[tuple[str, str, str]]:
    """(device, User, alert code) of the supply alerts received (the ResponseID is device:User:counter)."""
    out: Counter[tuple[str, str, str]] = Counter()
    for m in messages:
        if m.kind == "DeviceAlertMessage" and m.alert_code in ("8F57", "8F35", "8F36") and m.response_id:
            device, user, _ = m.response_id.split(":")
            out[(device, user, m.alert_code)] += 1
    return out


def test_a_region_outage_played_from_the_cli_alerts_each_affected_meter(up: tuple[DccProcess, Receiver],
                                                                        tmp_path: Path) -> None:
    dcc, receiver = up
    estate = [p for p in generate_estate(PREMISES, 1) if p.status in IN_SERVICE]
    region = Counter(p.csp_region.value for p in estate).most_common(1)[0][0]
    affected = {str(d.device_id) for p in estate if p.csp_region is not None and p.csp_region.value == region
                and (d := p.device(DeviceType.ESME)) is not None}
    scenario = tmp_path / "outage.toml"
    scenario.write_text(f'name = "{region} outage"\n[[event]]\ntype = "power_outage"\nregion = "{region}"\n'
                        'offset = "10s"\nduration = "5m"\n')
    result = gbdcc("scenario", "run", str(scenario), "--url", dcc.url, "--poll", "0.1")
    assert result.returncode == 0, result.stderr
    assert f"scenario 1 ({region} outage) on {dcc.url}: 1 event(s) scheduled" in result.stderr
    assert "1/1 events done" in result.stdout and f"{2 * len(affected)} alerts raised" in result.stdout
    # 5 minutes at 0.01× last 3 s of the meters' own clocks: restored as an outage under 3 minutes (0x8F35)
    expected = Counter({(esme, str(user), code): 1 for esme in affected for user in (DEMO_SUPPLIER,
                        DEMO_NETWORK_OPERATOR) for code in ("8F57", "8F35")})
    got = receiver.wait_for(lambda ms: supply_alerts(ms) == expected, timeout=60)
    assert supply_alerts(got) == expected
    status = gbdcc("scenario", "status", "1", "--url", dcc.url)
    assert status.returncode == 0 and "done" in status.stdout


def test_refusals_are_one_line_with_their_code(up: tuple[DccProcess, Receiver], tmp_path: Path) -> None:
    dcc, _ = up
    bad = tmp_path / "bad.toml"
    bad.write_text('[[event]]\ntype = "power_outage"\nregion = "North"\n')
    result = gbdcc("scenario", "run", str(bad), "--url", dcc.url)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: GBDCC-821 [SCENARIO] event 1 (power_outage): duration is required " \
                                    '(e.g. duration = "1h")'
    good = tmp_path / "good.toml"
    good.write_text('[[event]]\ntype = "hub_failure"\ncount = 1\nduration = "1s"\n')
    result = gbdcc("scenario", "run", str(good), "--url", dcc.url, token=None)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error: GBDCC-823 [ADMIN-AUTH] admin requests need Authorization")
    result = gbdcc("scenario", "status", "999", "--url", dcc.url)
    assert result.returncode == 2 and result.stderr.startswith("error: GBDCC-822 [SCENARIO] no scenario '999'")
