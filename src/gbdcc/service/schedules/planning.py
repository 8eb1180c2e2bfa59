"""The request a DCC schedule's run makes, and the access-control decision it gets (DUIS 3.8.5; SEC H3).

A run is a Service Request the DCC makes on the User's behalf, so it is decided exactly as the User's own
request for that SRV and device would be: the same facts (``service/device/facts``) and the same
``domain.access.authorise`` — E2 / E3 if the User lost the role, E4 if it is no longer registered for the
device at that instant (Registration Data, time-sliced), E5 / E11 / E19 / R-SMI-3 on the device. 5.1 takes
that decision for the first run before it creates the schedule; each run takes it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from gbdcc.domain.access import AccessDecision, authorise
from gbdcc.domain.catalogue import ServiceReferenceVariant, lookup
from gbdcc.domain.ids import RequestId
from gbdcc.domain.inventory import Device
from gbdcc.domain.parties import UserRole
from gbdcc.domain.schedules import Schedule
from gbdcc.service.device.facts import gather_facts
from gbdcc.service.device.ports import CommandTransformer, TransformTarget
from gbdcc.service.messages import Body, InboundRequest
from gbdcc.service.ports import DuisCodec, UnitOfWork
from gbdcc.service.schedules.ports import DccRequestWriter

#: The counter of a request built only to be checked (planned), never stored or sent.
PLANNING_COUNTER = 0


@dataclass(frozen=True, slots=True)
class RunAccess:
    """Access control's decision on a run, and the target as it saw it."""

    decision: AccessDecision
    device: Device | None


class RunPlanner:
    """Builds a run's request (signed by the DCC, parsed as any request is) and decides its access."""

    def __init__(self, writer: DccRequestWriter, codec: DuisCodec, transformer: CommandTransformer) -> None:
        self._writer = writer
        self._codec = codec
        self._transformer = transformer

    def access(self, uow: UnitOfWork, schedule: Schedule, day: date, at: datetime) -> RunAccess:
        """``authorise`` for the run of ``day`` at ``at``, on the facts the device request would be decided on."""
        srv = lookup(schedule.srv)
        probe = self._probe(schedule, srv, day)
        facts = gather_facts(uow, probe, at)
        user_id = schedule.user_id
        return RunAccess(authorise(uow.users.get(user_id), user_id, srv, at, facts), facts.device)

    def request(self, schedule: Schedule, day: date, counter: int) -> InboundRequest:
        """The run's DUIS request with RequestID ``<User>:<device>:<counter>``, parsed (XSD checked)."""
        srv = lookup(schedule.srv)
        rid = RequestId(schedule.user_id, schedule.device_id, counter)
        raw = self._writer.write(rid, srv.service_reference, srv.srv, schedule.dsp_body.element, _body(schedule, day))
        return self._codec.parse(raw)

    def plan(self, schedule: Schedule, day: date, device: Device, role: UserRole) -> str:
        """The GBCS use case the run's request maps to (``UnsupportedUseCase`` when none fits the device)."""
        request = self.request(schedule, day, PLANNING_COUNTER)
        return self._transformer.plan(request, TransformTarget(device.device_id, device.device_type.value, role))

    @staticmethod
    def _probe(schedule: Schedule, srv: ServiceReferenceVariant, day: date) -> InboundRequest:
        """The run's request as access control reads it (its target and body), without writing it."""
        return InboundRequest(raw=b"", request_id=RequestId(schedule.user_id, schedule.device_id, PLANNING_COUNTER),
                              command_variant=1, service_reference=srv.service_reference, srv=srv.srv,
                              body_name=schedule.dsp_body.element, body=_body(schedule, day), signer_issuer="",
                              signer_serial=0)


def _body(schedule: Schedule, day: date) -> Body:
    return schedule.request_body(day)
