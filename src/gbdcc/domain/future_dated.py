"""Future-dated Service Requests held by the DCC — the DSP pattern (DUIS 3.2.5; DOMAIN.md §3).

Each SRV's Future Dated Response Pattern says who holds a request whose ``ExecutionDateTime`` is in the
future. ``Device``: the command carries the time and the device holds it (raising 0x8F66 / 0x8F67 when it
acts). ``DSP``: the DCC holds the request and sends it at that time, as an immediate command; the
device's response is then the Service Response. An ``ExecutionDateTime`` that has already passed is
executed at once. A held request the DCC cannot release in time — it was not running, or the device does
not answer once it is sent — ends with E30 (``FutureDatedTimeout``).
"""

from __future__ import annotations

from datetime import datetime

from gbdcc.domain.catalogue import FutureDating, ServiceReferenceVariant
from gbdcc.domain.datetimes import parse_xs_datetime
from gbdcc.domain.errors import InvalidIdentifier

#: DUIS's cancellation value for a future-dated command (``3000-12-31``): device-held commands only.
CANCELLATION_YEAR = 3000


def held_until(srv: ServiceReferenceVariant, execution: str | None, now: datetime) -> datetime | None:
    """When the DCC releases the request (DSP pattern, ``ExecutionDateTime`` after ``now``); None when it
    is executed at once."""
    if srv.future_dating is not FutureDating.DSP or execution is None:
        return None
    at = parse_xs_datetime(execution)
    if at.year >= CANCELLATION_YEAR:
        raise InvalidIdentifier(f"ExecutionDateTime {execution} cancels a device-held command; {srv.srv} is held by "
                                "the DCC (DSP pattern), so there is no command on the device to cancel",
                                rule="DUIS-3.2.5")
    return at if at > now else None
