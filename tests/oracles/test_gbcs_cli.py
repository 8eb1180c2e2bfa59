"""The GBCS CLI contract of issue #3, checked from outside: ``gbdcc gbcs transform`` prints the RTDS bytes and
``gbdcc parse`` reads a device response and verifies its signature with the RTDS keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gbdcc.cli.main import app

pytestmark = pytest.mark.oracle
runner = CliRunner()


@pytest.mark.parametrize(("template", "vector"), [
    ("ECS42_7.1_SUCCESS_REQUEST_DUIS.XML", "7.1_ECS42/ECS42_7.1_SUCCESS_PRECOMMAND_GBCS.HEX"),  # critical
    ("ECS17b_4.1.1_SINGLE_SUCCESS_REQUEST_DUIS.XML", "4.1.1_ECS17b/ECS17b_4.1.1_SINGLE_SUCCESS_COMMAND_GBCS.HEX"),
])
def test_transform_prints_the_rtds_bytes(oracles: Path, template: str, vector: str) -> None:
    result = runner.invoke(app, ["gbcs", "transform", str(oracles / "duis-templates" / template),
                                 "--keys", str(oracles / "keys" / "rtds")])
    assert result.exit_code == 0, result.stdout
    expected = (oracles / "rtds-gbcs" / vector).read_text().strip().upper()
    assert result.stdout.strip() == expected


def test_transform_uses_the_given_counter(oracles: Path) -> None:
    template = str(oracles / "duis-templates" / "ECS42_7.1_SUCCESS_REQUEST_DUIS.XML")
    keys = str(oracles / "keys" / "rtds")
    default = runner.invoke(app, ["gbcs", "transform", template, "--keys", keys]).stdout.strip()
    other = runner.invoke(app, ["gbcs", "transform", template, "--keys", keys, "--counter", "4096"]).stdout.strip()
    assert default != other
    assert "0000000000001000" in other  # the originator counter field of the grouping header


def test_parse_reads_and_verifies_a_device_response(oracles: Path) -> None:
    vector = oracles / "rtds-gbcs" / "7.1_ECS42" / "ECS42_7.1_SUCCESS_RESPONSE_GBCS.HEX"
    result = runner.invoke(app, ["parse", str(vector), "--keys", str(oracles / "keys" / "rtds"), "--json"])
    assert result.exit_code == 0, result.stdout
    message = json.loads(result.stdout)
    assert message["use_case"].startswith("ECS42")
    assert message["signature"]["status"] == "verified"
    assert message["payload"]["status"] == "decoded"
