"""AuditRepository contract: every request as received and every response as sent (DESIGN.md step 4)."""

from __future__ import annotations

from datetime import timedelta, timezone
from types import SimpleNamespace

import pytest

from gbdcc.adapters.db.errors import NaiveDatetime
from gbdcc.domain.requests import Decision, RequestState
from gbdcc.service.ports import UnitOfWorkFactory

RID = "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1"


def test_append_round_trips_every_field(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    rec = s.audit(RID, body=bytes(range(256)) * 1000, command_variant=5, web_service="serviceT",
                  decision=Decision("E4", "R-SR-1", "not the registered supplier"),
                  state=RequestState.REJECTED, received_at=s.T0.astimezone(timezone(timedelta(hours=-5))),
                  kind="transition")
    with uow_factory() as uow:
        seq = uow.audit.append(rec)
        uow.commit()
    assert isinstance(seq, int)
    with uow_factory() as uow:
        got = list(uow.audit.for_request(RID))
    assert got == [rec]
    assert got[0].received_at.utcoffset() == timedelta(0) and got[0].body == rec.body
    assert got[0].kind == "transition"


def test_unparseable_input_without_request_id_or_decision(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    rec = s.audit(None, user_id=None, srv=None, command_variant=None, decision=None, web_service=None,
                  state=RequestState.RECEIVED, body=b"<not xml")
    with uow_factory() as uow:
        uow.audit.append(rec)
        assert list(uow.audit.recent(5)) == [rec]


def test_sequence_numbers_increase_and_lookups_order(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    other = RID[:-1] + "2"
    records = [
        s.audit(RID, direction="in", state=RequestState.RECEIVED),
        s.audit(other, direction="in"),
        s.audit(RID, direction="out", state=RequestState.ADMITTED, received_at=s.T0 + timedelta(seconds=1),
                kind="gbcs"),
        s.audit(RID, direction="out", state=RequestState.COMPLETED, decision=Decision("I0", "GBCS", "done"),
                received_at=s.T0 + timedelta(seconds=9), kind="response"),
    ]
    with uow_factory() as uow:
        seqs = [uow.audit.append(r) for r in records]
        uow.commit()
    assert seqs == sorted(seqs) and len(set(seqs)) == 4
    with uow_factory() as uow:
        assert list(uow.audit.for_request(RID)) == [records[0], records[2], records[3]]
        assert list(uow.audit.for_request(other)) == [records[1]]
        assert list(uow.audit.for_request("nope")) == []
        assert list(uow.audit.recent(2)) == [records[3], records[2]]  # newest first
        assert list(uow.audit.recent(10)) == records[::-1]
        assert list(uow.audit.recent(0)) == []


def test_audit_without_commit_is_lost(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        uow.audit.append(s.audit(RID))
    with uow_factory() as uow:
        assert list(uow.audit.recent(10)) == []


def test_naive_timestamp_is_refused(uow_factory: UnitOfWorkFactory, s: SimpleNamespace) -> None:
    with uow_factory() as uow:
        with pytest.raises(NaiveDatetime):
            uow.audit.append(s.audit(RID, received_at=s.T0.replace(tzinfo=None)))
        assert list(uow.audit.recent(1)) == []
