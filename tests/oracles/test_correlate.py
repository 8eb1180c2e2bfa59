"""Parse & Correlate against the RTDS pairs: ``gbdcc correlate`` accepts each critical template with its own
RTDS Pre-Command and refuses it with another template's Pre-Command or with one byte of a value changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from gbdcc.adapters.gbcs import frame
from gbdcc.adapters.gbcs.correlate import correlate
from gbdcc.cli.main import app
from gbdcc.domain.errors import PreCommandMismatch

pytestmark = pytest.mark.oracle
runner = CliRunner()
#: Templates whose RTDS Pre-Command gbdcc's transform does not reproduce (tests/oracles/test_gbcs_transform.py
#: mismatch table): correlation cannot vouch for values it cannot rebuild, so it refuses them.
TRANSFORM_GAPS = {"ECS03_1.6_FUTURE_DATED_TWIN_SUCCESS", "ECS47a_7.13_ALCS_DEACTIVATE_SUCCESS"}


def _pairs(oracles: Path) -> list[tuple[str, bytes, bytes]]:
    vectors = {p.name: p for p in (oracles / "rtds-gbcs").glob("*/*_PRECOMMAND_GBCS.HEX")}
    out = []
    for template in sorted((oracles / "duis-templates").glob("*_REQUEST_DUIS.XML")):
        stem = template.name.removesuffix("_REQUEST_DUIS.XML")
        vector = vectors.get(stem + "_PRECOMMAND_GBCS.HEX")
        if vector is not None:
            first = frame.split_messages(bytes.fromhex(vector.read_text().strip()))[0]
            out.append((stem, template.read_bytes(), first))
    return out


@pytest.fixture(scope="module")
def pairs(oracles: Path) -> list[tuple[str, bytes, bytes]]:
    found = _pairs(oracles)
    assert len(found) == 110
    return found


def test_each_template_correlates_with_its_rtds_precommand(pairs: list[tuple[str, bytes, bytes]]) -> None:
    refused = {}
    for stem, request, precommand in pairs:
        try:
            correlate(request, precommand)
        except PreCommandMismatch as err:
            refused[stem] = err.reason
    assert set(refused) == TRANSFORM_GAPS, refused


def test_another_templates_precommand_is_refused(pairs: list[tuple[str, bytes, bytes]]) -> None:
    """Each template against the next one's Pre-Command (two RTDS templates ask for byte-identical commands —
    ECS70 as 8.1.1 and as 6.11 — and are skipped: the same command is rightly accepted)."""
    accepted = []
    for (stem, request, own), (other, _r, precommand) in zip(pairs, [*pairs[1:], pairs[0]], strict=True):
        if precommand == own:
            continue
        try:
            correlate(request, precommand)
            accepted.append((stem, other))
        except PreCommandMismatch:
            pass
    assert accepted == []


def test_one_byte_changed_in_a_value_is_refused(pairs: list[tuple[str, bytes, bytes]]) -> None:
    """The last byte of a Pre-Command is the last byte of its payload's last value (no MAC, no signature)."""
    accepted = []
    for stem, request, precommand in pairs:
        if stem in TRANSFORM_GAPS:
            continue
        changed = bytearray(precommand)
        changed[-1] ^= 0x01
        try:
            correlate(request, bytes(changed))
            accepted.append(stem)
        except PreCommandMismatch as err:
            assert "values do not correlate" in err.reason and "byte" in err.reason
    assert accepted == []


def test_the_header_of_another_request_is_named(pairs: list[tuple[str, bytes, bytes]]) -> None:
    _stem, request, precommand = next(p for p in pairs if p[0] == "ECS43_7.2_SUCCESS")
    other = next(p for p in pairs if p[0] == "ECS42_7.1_SUCCESS")[2]
    with pytest.raises(PreCommandMismatch, match="message code 0x"):
        correlate(request, other)
    assert correlate(request, precommand).use_case == "ECS43"


def test_cli_correlate_accepts_and_refuses(oracles: Path, tmp_path: Path) -> None:
    template = oracles / "duis-templates" / "ECS43_7.2_SUCCESS_REQUEST_DUIS.XML"
    hex_text = next((oracles / "rtds-gbcs").glob("*/ECS43_7.2_SUCCESS_PRECOMMAND_GBCS.HEX")).read_text().strip()
    ok = runner.invoke(app, ["correlate", str(template), hex_text])
    assert ok.exit_code == 0 and "correlates: ECS43" in ok.output, ok.output
    changed = hex_text[:-1] + ("0" if hex_text[-1] != "0" else "1")
    bad = runner.invoke(app, ["correlate", str(template), changed])
    assert bad.exit_code == 2 and bad.output.startswith("error: ") and "[DUIS-CORRELATE]" in bad.output
