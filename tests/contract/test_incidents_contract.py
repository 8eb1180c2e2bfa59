"""The IncidentRepository and SupportRepository contracts on every backend (memory, SQLite, PostgreSQL):
incidents and Additional Support requests round-trip every field, ids are assigned in order, filters work,
unknown records and naive instants are refused (R-INC-1, R-WAN-1, R-SUPPORT-1)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from gbdcc.adapters.db.errors import NaiveDatetime, NotStored
from gbdcc.domain.ids import Eui64
from gbdcc.domain.incidents.model import Category, CoverageFacts, Incident, IncidentState, Premises
from gbdcc.domain.incidents.support import SupportRequest
from gbdcc.service.ports import UnitOfWorkFactory

from .conftest import BIG, T0

USER = Eui64(0x90B3D51F30010000)


def full() -> Incident:
    return Incident.by_user(USER, Category.C2, "Ключ ✓ no SM WAN", T0, description="since Monday",
                            requests=(f"{USER}:00-DB-12-34-56-78-90-A0:7", f"{USER}:00-DB-12-34-56-78-90-A0:8"),
                            devices=(BIG, Eui64(1)), premises=Premises("SW1A 1AA", "100023336956"),
                            coverage=CoverageFacts(True), error_code="GBDCC-801")


def test_incidents_round_trip_every_field_through_the_lifecycle(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        a = uow.incidents.add(full())
        b = uow.incidents.add(Incident.by_dcc("csp-outage", Category.C1, "outage", T0 + timedelta(seconds=1),
                                              coverage=None))
        uow.commit()
    assert (a.incident_id, b.incident_id) == (1, 2) or (b.incident_id or 0) > (a.incident_id or 0)
    changed = (a.assigned("desk", T0 + timedelta(minutes=1)).resolved("fixed", T0 + timedelta(hours=1))
               .closed(T0 + timedelta(hours=2)).reopened_at(T0 + timedelta(hours=3))
               .resolved("really", T0 + timedelta(hours=4)))
    with uow_factory() as uow:
        uow.incidents.put(changed)
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.incidents.get(a.incident_id or 0) == changed
        assert uow.incidents.get(b.incident_id or 0) == b
        assert uow.incidents.get(999) is None
        assert list(uow.incidents.list()) == [changed, b]
        assert list(uow.incidents.list(raised_by=USER)) == [changed]
        assert list(uow.incidents.list(state=IncidentState.OPEN)) == [b]
        assert list(uow.incidents.list(source="dcc:")) == [b]
        assert list(uow.incidents.list(source="dcc:csp-outage", state=IncidentState.RESOLVED)) == []
    assert changed.reopened == 1 and changed.owner == "desk" and changed.closed_at is None


def test_incidents_refuse_unknown_and_naive(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        with pytest.raises(NotStored):
            uow.incidents.put(replace(full(), incident_id=42))
        with pytest.raises(NaiveDatetime):
            uow.incidents.add(replace(full(), raised_at=T0.replace(tzinfo=None)))


def test_incidents_filter_by_source_prefix_and_resolution_window_in_the_store(
        uow_factory: UnitOfWorkFactory) -> None:
    """The filters the H13 report and the portal use: a source prefix (``%`` / ``_`` taken literally) and the
    half-open window ``[start, end)`` of resolution instants."""
    with uow_factory() as uow:
        early = uow.incidents.add(Incident.by_dcc("csp-outage", Category.C4, "North", T0))
        late = uow.incidents.add(Incident.by_dcc("csp-outage", Category.C4, "South", T0))
        odd = uow.incidents.add(Incident.by_dcc("rdp%file", Category.C3, "refused file", T0))
        uow.incidents.add(full())
        uow.incidents.put(early.resolved("restored", T0 + timedelta(hours=1)))
        uow.incidents.put(late.resolved("restored", T0 + timedelta(hours=2)))
        uow.commit()
    with uow_factory(read_only=True) as uow:
        window = [i.title for i in uow.incidents.list(resolved_between=(T0, T0 + timedelta(hours=2)))]
        outages = [i.title for i in uow.incidents.list(source="dcc:csp-")]
        literal = [i.incident_id for i in uow.incidents.list(source="dcc:rdp%")]
        wildcard = uow.incidents.list(source="dcc:rdp_")
        with pytest.raises(NaiveDatetime):
            uow.incidents.list(resolved_between=(T0.replace(tzinfo=None), T0))
    assert window == ["North"] and outages == ["North", "South"]
    assert literal == [odd.incident_id] and wildcard == []


def test_support_requests_round_trip_and_filter_by_participant(uow_factory: UnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        a = uow.support.add(SupportRequest.raised("Acme Energy", "test-results", "E4 on 4.1.1?", T0))
        b = uow.support.add(SupportRequest.raised("Ωmega DNO", "device-communications", "hub silent", T0))
        uow.commit()
    done = a.resolved_with("explained", 45, T0 + timedelta(hours=2), 12_000)
    with uow_factory() as uow:
        uow.support.put(done)
        with pytest.raises(NotStored):
            uow.support.put(replace(b, support_id=77))
        uow.commit()
    with uow_factory(read_only=True) as uow:
        assert uow.support.get(a.support_id or 0) == done
        assert list(uow.support.list()) == [done, b]
        assert list(uow.support.list(participant="Ωmega DNO")) == [b]
        assert uow.support.get(99) is None
    assert done.charge_pence == 9_000
