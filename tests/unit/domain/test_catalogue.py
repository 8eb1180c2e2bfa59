from __future__ import annotations

import json

import pytest

from gbdcc.domain.catalogue import CATALOGUE, WebService, lookup, web_service_for
from gbdcc.domain.errors import InvalidCommandVariant, UnknownServiceReference, WrongWebService
from gbdcc.domain.parties import UserRole


def test_catalogue_has_every_srv_of_the_duis_matrix() -> None:
    assert len(CATALOGUE) == 129
    assert sum(s.critical for s in CATALOGUE.values()) == 37
    assert {s.srv for s in CATALOGUE.values() if s.non_device} == {
        "5.1", "5.2", "5.3", "8.2", "8.3", "8.4", "8.6", "8.13", "8.14.1", "8.14.2", "8.14.3", "8.14.4",
        "11.1", "11.4", "12.1", "12.2",
    }


@pytest.mark.oracle
def test_catalogue_matches_the_shared_matrix(oracles) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads((oracles.parent / "domain" / "srv-matrix.json").read_text())["rows"]
    for row in rows:
        entry = CATALOGUE[row["Service Reference Variant"]]
        assert entry.critical == (row["Critical"] == "Yes")
        assert entry.non_device == (row["Non-Device Request"] == "Yes")
        assert {r.value for r in entry.eligible_roles} == set(row["Eligible User Roles"])


def test_notable_facts_from_domain_reference() -> None:
    assert lookup("8.1.1").critical
    assert not lookup("6.23").critical  # the CoS Party signs
    assert lookup("12.2").eligible_roles >= {UserRole.IMPORT_SUPPLIER, UserRole.OTHER_USER}
    assert lookup("8.3").eligible_roles == {UserRole.IMPORT_SUPPLIER, UserRole.GAS_SUPPLIER}


def test_lookup_checks_service_reference_matches_variant() -> None:
    assert lookup("8.14.1", "8.14").srv == "8.14.1"
    with pytest.raises(UnknownServiceReference):
        lookup("8.14.1", "8.4")
    with pytest.raises(UnknownServiceReference):
        lookup("99.9")


def test_command_variants_and_web_services() -> None:
    assert web_service_for(8) is WebService.NON_DEVICE
    assert web_service_for(4) is WebService.TRANSFORM
    assert web_service_for(1) is WebService.SEND_COMMAND
    assert WebService.NON_DEVICE.path == "/api/v1/serviceD"
    lookup("8.2").check_command_variant(8, WebService.NON_DEVICE)
    with pytest.raises(WrongWebService) as e13:
        lookup("8.2").check_command_variant(8, WebService.SEND_COMMAND)
    assert e13.value.response_code == "E13"
    with pytest.raises(InvalidCommandVariant) as e12:
        lookup("8.2").check_command_variant(1, WebService.SEND_COMMAND)
    assert e12.value.response_code == "E12"
    lookup("8.1.1").check_command_variant(4, WebService.TRANSFORM)
    with pytest.raises(InvalidCommandVariant):
        web_service_for(9)


def test_every_srv_belongs_to_its_service_reference() -> None:
    """6.20.1 is Service Reference 6.20 (the source matrix had lost the trailing zero: 6.2)."""
    from gbdcc.domain.catalogue import CATALOGUE

    assert all(s == e.service_reference or s.startswith(e.service_reference + ".") for s, e in CATALOGUE.items())
