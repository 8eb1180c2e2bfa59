"""domain.future_dated / domain.datetimes: which requests the DCC holds (DSP pattern, DUIS 3.2.5)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gbdcc.domain.catalogue import CATALOGUE, FutureDating
from gbdcc.domain.datetimes import parse_xs_datetime
from gbdcc.domain.errors import InvalidIdentifier
from gbdcc.domain.future_dated import held_until

NOW = datetime(2026, 6, 1, 9, tzinfo=UTC)


@pytest.mark.parametrize("text, expected", [
    ("2026-06-08T09:00:00.00Z", datetime(2026, 6, 8, 9, tzinfo=UTC)),
    ("2026-06-08T10:00:00+01:00", datetime(2026, 6, 8, 9, tzinfo=UTC)),
    ("2026-06-08T09:00:00", datetime(2026, 6, 8, 9, tzinfo=UTC)),  # no zone: UTC
    ("2026-06-08", datetime(2026, 6, 8, tzinfo=UTC)),
])
def test_xs_datetimes_as_duis_sends_them(text: str, expected: datetime) -> None:
    assert parse_xs_datetime(text) == expected


@pytest.mark.parametrize("text", ["", "yesterday", "2026-13-01T00:00:00Z", "２０２６-06-08"])
def test_what_is_not_an_xs_datetime_is_refused(text: str) -> None:
    with pytest.raises(InvalidIdentifier):
        parse_xs_datetime(text)


def test_only_dsp_pattern_srvs_with_a_future_time_are_held() -> None:
    future = "2026-06-08T09:00:00Z"
    dsp = CATALOGUE["4.1.1"]
    assert dsp.future_dating is FutureDating.DSP
    assert held_until(dsp, future, NOW) == datetime(2026, 6, 8, 9, tzinfo=UTC)
    assert held_until(dsp, None, NOW) is None
    assert held_until(dsp, "2015-01-15T09:00:00.00Z", NOW) is None  # passed: run at once
    assert held_until(dsp, NOW.isoformat(), NOW) is None  # now is not the future
    device = next(e for e in CATALOGUE.values() if e.future_dating is FutureDating.DEVICE)
    assert held_until(device, future, NOW) is None  # the device holds it, not the DCC
    with pytest.raises(InvalidIdentifier) as cancel:
        held_until(dsp, "3000-12-31T00:00:00Z", NOW)
    assert cancel.value.rule == "DUIS-3.2.5"


@given(st.integers(min_value=-10**6, max_value=10**8))
def test_held_exactly_when_the_time_is_after_now(offset: int) -> None:
    at = NOW + timedelta(seconds=offset)
    got = held_until(CATALOGUE["4.1.1"], at.isoformat(), NOW)
    assert got == (at if offset > 0 else None)
