"""Storage encodings: uint64 ↔ signed BIGINT (order-preserving) and the DN normaliser."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gbdcc.adapters.db.coltypes import from_stored_uint64, to_stored_uint64
from gbdcc.adapters.db.names import normalise_dn
from gbdcc.domain.ids import UINT64_MAX

BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1
u64 = st.integers(min_value=0, max_value=UINT64_MAX)


@given(u64, u64)
def test_uint64_encoding_fits_bigint_round_trips_and_keeps_order(a: int, b: int) -> None:
    ea, eb = to_stored_uint64(a), to_stored_uint64(b)
    assert BIGINT_MIN <= ea <= BIGINT_MAX
    assert from_stored_uint64(ea) == a
    assert (a < b) == (ea < eb)


def test_uint64_encoding_edges() -> None:
    assert to_stored_uint64(0) == BIGINT_MIN
    assert to_stored_uint64(UINT64_MAX) == BIGINT_MAX
    for bad in (-1, UINT64_MAX + 1):
        with pytest.raises(ValueError):
            to_stored_uint64(bad)


@pytest.mark.parametrize(
    "given_dn, expected",
    [
        ("CN=Z1, OU=07", "CN=Z1,OU=07"),
        ("  cn = Z1 ,ou=07  ", "CN=Z1,OU=07"),
        (r"CN=Acme\, Ltd , OU=07", r"CN=Acme\, Ltd,OU=07"),
        (r"CN=trailing\ , OU=07", r"CN=trailing\ ,OU=07"),  # escaped trailing space is data
        (r"CN=back\\, OU=07", r"CN=back\\,OU=07"),  # escaped backslash, then a real separator
        ("CN=a + UID=b, O=x", "CN=a+UID=b,O=x"),  # multi-valued RDN
        ("OU=07,CN=Z1", "OU=07,CN=Z1"),  # order kept
    ],
)
def test_normalise_dn(given_dn: str, expected: str) -> None:
    assert normalise_dn(given_dn) == expected


@given(st.text(alphabet="CNOU=,+ \\aZ07", max_size=30))
def test_normalise_dn_is_idempotent(dn: str) -> None:
    once = normalise_dn(dn)
    assert normalise_dn(once) == once
