"""The output contract of ``make bench`` (issue 11 part 6): percentiles, rates, the ``BENCH <json>`` line and
its parsing, and the crypto bound's arithmetic."""

from __future__ import annotations

import json
import math

import pytest
from bench.contract import BENCH_KEYS, Latency, bench_line, parse_bench_line, rate
from bench.load import DEVICE_NC_OPS, MIXED, _split, _srv, crypto_bound


def _figures(**kw: object) -> dict[str, object]:
    values: dict[str, object] = {k: 1.0 for k in BENCH_KEYS}
    values.update(scaled_device_nc_rps=None, sigkill_acknowledged=120, sigkill_lost=0)
    values.update(kw)
    return values


def test_latency_percentiles_of_1_to_100_ms() -> None:
    lat = Latency.of([i / 1000 for i in range(1, 101)])
    assert lat.samples == 100
    assert lat.p50_ms == pytest.approx(50.5)
    assert lat.p95_ms == pytest.approx(95.05)
    assert lat.p99_ms == pytest.approx(99.01)


def test_latency_of_one_sample_and_of_none() -> None:
    assert Latency.of([0.25]) == Latency(250.0, 250.0, 250.0, 1)
    empty = Latency.of([])
    assert empty.samples == 0 and math.isnan(empty.p99_ms)


def test_rate_guards_an_empty_run() -> None:
    assert rate(300, 2.0) == 150.0
    assert rate(0, 0.0) == 0.0


def test_bench_line_is_one_line_with_every_key_and_nulls_for_nan() -> None:
    line = bench_line(_figures(device_nc_p99_ms=math.nan, extra={"a": math.inf}))
    assert line.startswith("BENCH {") and "\n" not in line
    parsed = json.loads(line.removeprefix("BENCH "))
    assert set(BENCH_KEYS) <= set(parsed)
    assert parsed["device_nc_p99_ms"] is None and parsed["scaled_device_nc_rps"] is None
    assert parsed["extra"] == {"a": None}
    assert parsed["sigkill_acknowledged"] == 120


def test_bench_line_refuses_missing_keys() -> None:
    figures = _figures()
    del figures["crypto_bound_rps"]
    with pytest.raises(ValueError, match="crypto_bound_rps"):
        bench_line(figures)


def test_parse_bench_line_takes_the_last_bench_line_of_the_output() -> None:
    output = "\n".join(["table …", bench_line(_figures(nondevice_rps=1.0)), "noise",
                        bench_line(_figures(nondevice_rps=42.5)), ""])
    assert parse_bench_line(output)["nondevice_rps"] == 42.5


@pytest.mark.parametrize("output", ["no line here", "BENCH [1, 2]", 'BENCH {"device_nc_rps": 1}'])
def test_parse_bench_line_refuses_what_breaks_the_contract(output: str) -> None:
    with pytest.raises(ValueError):
        parse_bench_line(output)


def test_crypto_bound_is_the_inverse_of_the_summed_operation_costs() -> None:
    costs = {"ecdsa_sign_s": 0.001, "ecdsa_verify_s": 0.002, "ecdh_s": 0.0005}
    seconds = sum(costs[k] * n for k, n in DEVICE_NC_OPS.items())
    assert crypto_bound(costs) == pytest.approx(1 / seconds)
    assert crypto_bound(costs, signed_ack=False) == pytest.approx(1 / (seconds - 0.001 - 0.002))


def test_work_split_and_the_mixed_profile_is_60_percent_reads() -> None:
    assert _split(10, 4) == [3, 3, 2, 2] and sum(_split(401, 4)) == 401
    assert [_srv("mixed", i) for i in range(10)].count("4.1.1") == 6
    assert set(MIXED) == {"4.1.1", "7.1", "7.2"}
    assert _srv("critical", 3) == "7.2" and _srv("device", 3) == "4.1.1"
