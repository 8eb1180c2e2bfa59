"""A refused Registration Data file raises an incident (the registration data incident policy merged into the
one Incident Management Policy, R-INC-1); an accepted one raises none."""

from __future__ import annotations

from tests.support.rdp import file_text, mpan, reg

from gbdcc.domain.incidents.model import Category

from .conftest import Rdps


def test_r_inc_1_a_refused_rdp_file_raises_one_incident_naming_its_first_error(rdps: Rdps) -> None:
    assert rdps.load(file_text([reg(mpan(1))])).outcome.accepted
    refused = rdps.load(file_text([reg("not-an-mpan"), reg(mpan(3))], sequence=2))
    assert not refused.outcome.accepted
    with rdps.factory(read_only=True) as uow:
        [incident] = uow.incidents.list(source="dcc:rdp-file")
    first = refused.outcome.errors[0]
    assert incident.category is Category.C4 and incident.error_code == first.code
    assert "ENWL" in incident.title and "test.csv" in incident.title and f"line {first.line}" in incident.description
