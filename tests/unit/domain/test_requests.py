"""The Service Request lifecycle: one transition table, every step checked, final states final."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from gbdcc.domain.errors import InvalidRequestTransition
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.parties import UserRole
from gbdcc.domain.requests import FINAL_STATES, TRANSITIONS, RequestState, ServiceRequest, check_transition

S = RequestState
T0 = datetime(2026, 6, 1, tzinfo=UTC)


def request(state: RequestState = S.ADMITTED) -> ServiceRequest:
    rid = RequestId(Eui64(1), Eui64(2), 10)
    return ServiceRequest(rid, "4.1.1", 1, UserRole.IMPORT_SUPPLIER, state, T0, T0, b"<r/>")


def test_every_state_is_in_the_table_and_final_states_have_no_successor() -> None:
    assert set(TRANSITIONS) == set(RequestState)
    assert {S.REJECTED, S.COMPLETED, S.RESPONDED, S.FAILED, S.EXPIRED} == FINAL_STATES


@pytest.mark.parametrize("path", [
    [S.ADMITTED, S.TRANSFORMED, S.SENT, S.RESPONDED],
    [S.ADMITTED, S.TRANSFORMED, S.SENT, S.FAILED],
    [S.ADMITTED, S.TRANSFORMED, S.FAILED],
    [S.ADMITTED, S.FAILED],
    [S.HELD, S.TRANSFORMED, S.SENT, S.RESPONDED],
    [S.HELD, S.TRANSFORMED, S.SENT, S.EXPIRED],
    [S.HELD, S.EXPIRED],
    [S.QUARANTINED, S.ADMITTED, S.TRANSFORMED, S.SENT, S.RESPONDED],
    [S.ADMITTED, S.QUARANTINED, S.ADMITTED, S.TRANSFORMED, S.FAILED],
    [S.HELD, S.QUARANTINED, S.HELD, S.EXPIRED],
])
def test_the_paths_of_a_device_request(path: list[RequestState]) -> None:
    r = request(S.RECEIVED)
    for i, state in enumerate(path, start=1):
        r = r.transition(state, T0 + timedelta(seconds=i))
    assert r.state is path[-1] and r.updated_at == T0 + timedelta(seconds=len(path)) and r.final


def test_critical_flow_awaits_its_signed_precommand_then_is_admitted_or_expires() -> None:
    cv4 = request(S.RECEIVED).transition(S.AWAITING_SIGNED_PRECOMMAND, T0, precommand=b"\xdf")
    assert cv4.transition(S.ADMITTED, T0, command_variant=5).command_variant == 5
    assert cv4.transition(S.EXPIRED, T0).final


def test_a_command_returned_for_local_delivery_is_responded_by_8_13_once() -> None:
    local = request(S.RECEIVED).transition(S.RETURNED_FOR_LOCAL_DELIVERY, T0, command=b"\xdd")
    done = local.transition(S.RESPONDED, T0 + timedelta(minutes=5), response_code="I0")
    assert done.final and done.command == b"\xdd"
    with pytest.raises(InvalidRequestTransition):
        done.transition(S.RESPONDED, T0)  # a second 8.13 for it


@pytest.mark.parametrize(("old", "new"), [(S.RETURNED_FOR_LOCAL_DELIVERY, S.SENT),
                                          (S.RESPONDED, S.SENT), (S.ADMITTED, S.RESPONDED), (S.SENT, S.ADMITTED),
                                          (S.FAILED, S.RESPONDED), (S.AWAITING_SIGNED_PRECOMMAND, S.SENT)])
def test_steps_outside_the_table_are_refused(old: RequestState, new: RequestState) -> None:
    with pytest.raises(InvalidRequestTransition) as err:
        request(old).transition(new, T0)
    assert err.value.code == "GBDCC-408"
    with pytest.raises(InvalidRequestTransition):
        check_transition(old, new)
