"""``DSPWANMatrix`` responses (12.1) validate against the DUIS 5.4 XSD in both request forms."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from lxml import etree

from gbdcc.adapters.duis.response import DspWanMatrix, PropertyFilter, WanMatrixEntry, build_response

pytestmark = pytest.mark.oracle
AT = datetime(2026, 11, 28, 12, tzinfo=UTC)
RID = "90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:7"


@pytest.mark.parametrize("matrix", [
    DspWanMatrix([WanMatrixEntry("North", coverage_availability=True, wan_technology="Long Range Radio")],
                 uprn=100023336956),
    DspWanMatrix([WanMatrixEntry("South", coverage_availability=False, anticipated_coverage_date=date(2027, 3, 1),
                                 wan_technology="Cellular", connectivity_likelihood="Medium",
                                 additional_information="Network Enhancement Plan")],
                 partial_address=PropertyFilter("M22 0RR", "Threapwood Road")),
    DspWanMatrix([WanMatrixEntry("Unknown", region_response_code="E19")], uprn=1),
])
def test_wan_matrix_validates(matrix: DspWanMatrix, duis_xsd: etree.XMLSchema) -> None:
    root = build_response(response_code="I0", at=AT, service_reference="12.1", service_reference_variant="12.1",
                          request_id=RID, payload=matrix)
    assert duis_xsd.validate(root), duis_xsd.error_log


def test_wan_matrix_needs_exactly_one_request_form() -> None:
    with pytest.raises(ValueError):
        build_response(response_code="I0", at=AT, service_reference="12.1", service_reference_variant="12.1",
                       payload=DspWanMatrix([WanMatrixEntry("North", coverage_availability=True,
                                                            wan_technology="x")]))
