"""The output contract of ``make bench`` (issue 11 part 6): percentiles, and the one last line ``BENCH <json>``.

``BENCH_KEYS`` are the keys the object must hold (a value may be ``null`` when it was not measured, e.g.
``scaled_device_nc_rps`` on a machine without PostgreSQL or NATS JetStream).
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

BENCH_KEYS = (
    "device_nc_rps", "device_nc_p50_ms", "device_nc_p99_ms", "nondevice_rps", "critical_rps", "alerts_per_s",
    "crypto_bound_rps", "ratio_to_crypto_bound", "scaled_device_nc_rps", "sigkill_acknowledged", "sigkill_lost",
    "mb_per_100k_premises", "scaled_sigkill_acknowledged", "scaled_sigkill_lost",
)
PREFIX = "BENCH "


@dataclass(frozen=True)
class Latency:
    """Percentiles of latencies in milliseconds (``nan`` when there are none)."""

    p50_ms: float
    p95_ms: float
    p99_ms: float
    samples: int

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Latency:
        if not seconds:
            return cls(math.nan, math.nan, math.nan, 0)
        if len(seconds) == 1:
            ms = seconds[0] * 1000
            return cls(ms, ms, ms, 1)
        q = statistics.quantiles(seconds, n=100, method="inclusive")
        return cls(q[49] * 1000, q[94] * 1000, q[98] * 1000, len(seconds))


def rate(count: int, seconds: float) -> float:
    """Events per second (0 for an empty or instantaneous run)."""
    return count / seconds if seconds > 0 else 0.0


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else round(value, 3)
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def bench_line(figures: Mapping[str, Any]) -> str:
    """``BENCH {json}`` on one line; every key of :data:`BENCH_KEYS` present (NaN / inf become ``null``)."""
    missing = [k for k in BENCH_KEYS if k not in figures]
    if missing:
        raise ValueError(f"BENCH figures lack {', '.join(missing)}")
    return PREFIX + json.dumps(_clean(dict(figures)), sort_keys=True, separators=(",", ":"))


def parse_bench_line(output: str) -> dict[str, Any]:
    """The object of the last ``BENCH`` line of ``output`` (what a comparison across commits reads)."""
    lines = [line for line in output.splitlines() if line.startswith(PREFIX)]
    if not lines:
        raise ValueError("no BENCH line in the output")
    value = json.loads(lines[-1][len(PREFIX):])
    if not isinstance(value, dict):
        raise ValueError("the BENCH line does not hold a JSON object")
    missing = [k for k in BENCH_KEYS if k not in value]
    if missing:
        raise ValueError(f"the BENCH line lacks {', '.join(missing)}")
    return value
