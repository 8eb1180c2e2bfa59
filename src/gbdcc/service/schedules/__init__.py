"""DCC schedules: 5.1 Create, 5.2 Read, 5.3 Delete Schedule (Non-Device, CV8) and the run stage that makes each
run's request on the User's behalf (DUIS 3.8.5; ``domain.schedules``)."""

from __future__ import annotations

from gbdcc.service.handlers import Handler
from gbdcc.service.schedules.create import CreateSchedule
from gbdcc.service.schedules.manage import delete_schedule, read_schedule
from gbdcc.service.schedules.planning import RunPlanner
from gbdcc.service.schedules.run import ScheduleRunStage


def schedule_handlers(planner: RunPlanner) -> dict[str, Handler]:
    """SRV → handler for 5.1-5.3."""
    return {"5.1": CreateSchedule(planner), "5.2": read_schedule, "5.3": delete_schedule}


#: SRV → the ``sr:Body`` element its request carries (DUIS 5.4 XSD).
BODY_ELEMENTS: dict[str, str] = {"5.1": "CreateSchedule", "5.2": "ReadSchedule", "5.3": "DeleteSchedule"}

__all__ = ["BODY_ELEMENTS", "RunPlanner", "ScheduleRunStage", "schedule_handlers"]
