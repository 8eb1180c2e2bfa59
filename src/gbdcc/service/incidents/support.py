"""Use cases of Additional Support (H14.33, R-SUPPORT-1): a Testing Participant's request tracked to resolution
and charged to it (user pays). Each opens one unit of work and commits it; instants are the caller's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from gbdcc.domain.errors import SupportRequestUnknown
from gbdcc.domain.incidents.support import DEFAULT_HOURLY_RATE_PENCE, DEFAULT_SUPPORT_FROM, SupportRequest
from gbdcc.service.ports import UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class SupportTerms:
    """Configuration: the start of End-to-End testing, the hourly rate charged (pence)."""

    testing_from: date = DEFAULT_SUPPORT_FROM
    hourly_rate_pence: int = DEFAULT_HOURLY_RATE_PENCE


def request_support(uow_factory: UnitOfWorkFactory, terms: SupportTerms, participant: str, topic: str,
                    summary: str, at: datetime) -> SupportRequest:
    """Record a Testing Participant's request for Additional Support."""
    request = SupportRequest.raised(participant, topic, summary, at, terms.testing_from)
    with uow_factory() as uow:
        stored = uow.support.add(request)
        uow.commit()
    return stored


def get_support(uow: UnitOfWork, support_id: int) -> SupportRequest:
    found = uow.support.get(support_id)
    if found is None:
        raise SupportRequestUnknown(f"no Additional Support request {support_id}")
    return found


def resolve_support(uow_factory: UnitOfWorkFactory, terms: SupportTerms, support_id: int, resolution: str,
                    effort_minutes: int, at: datetime) -> SupportRequest:
    """Resolve the request and charge its effort at the rate in force (user pays)."""
    with uow_factory() as uow:
        resolved = get_support(uow, support_id).resolved_with(resolution, effort_minutes, at,
                                                              terms.hourly_rate_pence)
        uow.support.put(resolved)
        uow.commit()
    return resolved


def list_support(uow: UnitOfWork, participant: str | None = None) -> Sequence[SupportRequest]:
    return uow.support.list(participant=participant)
