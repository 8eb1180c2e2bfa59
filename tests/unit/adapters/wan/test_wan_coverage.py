"""Postcode → CSP region and the coverage database (with Network Enhancement Plans)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from gbdcc.adapters.wan.coverage import (
    POSTCODE_AREA_REGION,
    CoverageMap,
    CoverageStatus,
    CspRegion,
    normalise_postcode,
    region_for_postcode,
)
from gbdcc.domain.errors import InvalidIdentifier


@pytest.mark.parametrize(
    ("postcode", "region"),
    [("EH1 1YZ", CspRegion.NORTH), ("M1 1AE", CspRegion.NORTH), ("LS1 4DY", CspRegion.NORTH),
     ("B1 1BB", CspRegion.CENTRAL), ("CF10 1EP", CspRegion.CENTRAL), ("NR1 3JU", CspRegion.CENTRAL),
     ("SW1A 1AA", CspRegion.SOUTH), ("ec1a1bb", CspRegion.SOUTH), ("PL1 1EA", CspRegion.SOUTH)],
)
def test_region_from_postcode_area(postcode: str, region: CspRegion) -> None:
    assert region_for_postcode(postcode) == region


def test_table_covers_the_three_regions_and_excludes_non_gb() -> None:
    assert set(POSTCODE_AREA_REGION.values()) == set(CspRegion)
    assert len(POSTCODE_AREA_REGION) == 120  # every GB area (121 UK areas less BT)
    for outside in ("BT1 1AA", "JE2 3AB", "IM1 1AA"):
        with pytest.raises(InvalidIdentifier):
            region_for_postcode(outside)
    with pytest.raises(InvalidIdentifier):
        normalise_postcode("not a postcode")


def test_most_specific_entry_wins() -> None:
    cov = CoverageMap()
    cov.set("IV", CoverageStatus.NOT_COVERED)
    cov.set("IV2", CoverageStatus.COVERED)
    cov.set("IV2 3AB", CoverageStatus.NOT_COVERED)
    assert cov.status("IV1 1AA") == CoverageStatus.NOT_COVERED
    assert cov.status("IV2 3AA") == CoverageStatus.COVERED
    assert cov.status("iv23ab") == CoverageStatus.NOT_COVERED
    assert cov.status("SW1A 1AA") == CoverageStatus.COVERED


def test_network_enhancement_plan_goes_live() -> None:
    cov = CoverageMap()
    live = datetime(2025, 6, 1, tzinfo=UTC)
    cov.plan("HS1", live)
    assert cov.status("HS1 2AA", datetime(2025, 5, 31, tzinfo=UTC)) == CoverageStatus.PLANNED
    assert cov.status("HS1 2AA", live) == CoverageStatus.COVERED
    assert not cov.is_covered("HS1 2AA", datetime(2025, 1, 1, tzinfo=UTC))


def test_synthetic_map_is_deterministic_and_roughly_proportional() -> None:
    a = CoverageMap.synthetic(7, not_covered_share=0.1, planned_share=0.05)
    b = CoverageMap.synthetic(7, not_covered_share=0.1, planned_share=0.05)
    districts = [f"{area}{n} 1AA" for area in POSTCODE_AREA_REGION for n in range(1, 21)]
    sa = [a.status(p) for p in districts]
    assert sa == [b.status(p) for p in districts]
    share_not = sa.count(CoverageStatus.NOT_COVERED) / len(sa)
    share_planned = sa.count(CoverageStatus.PLANNED) / len(sa)
    assert 0.07 < share_not < 0.13
    assert 0.03 < share_planned < 0.07
