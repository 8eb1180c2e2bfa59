"""Typed failures of the simulated SM WAN and devices (codes GBDCC-8xx).

SIMULATION support. Each is a domain error of the delivery stage, so the pipeline treats them as the
DUIS response codes they are: :class:`WanError` is a ``DeviceUnreachable`` (E20 "cannot communicate
with device": no coverage, CSP outage, hub not connected) and :class:`NoResponse` a
``DeviceNoResponse`` (E21: message lost, timeout) — DUIS 5.4 ``sr:ResponseCode``, DOMAIN.md §2.

Stable codes
============
GBDCC-800  WanError             base of SM WAN delivery failures (E20; a domain DeviceUnreachable)
GBDCC-801  NoCoverage           the premises has no SM WAN coverage (or only a planned NEP)
GBDCC-802  CspOutage            the CSP region (or the hub's area) is in a scheduled outage
GBDCC-803  HubNotConnected      no Communications Hub with that ID is attached to the SM WAN
GBDCC-804  NoResponse           nothing came back before the timeout (lost or refused) — E21 (DeviceNoResponse)
GBDCC-810  DeviceRefusal        a simulated device refused a command (carries the GBCS alert code)
"""

from __future__ import annotations

from gbdcc.domain.errors import DeviceNoResponse, DeviceUnreachable, GbdccError


class WanError(DeviceUnreachable):
    code = "GBDCC-800"


class NoCoverage(WanError):
    code = "GBDCC-801"


class CspOutage(WanError):
    code = "GBDCC-802"


class HubNotConnected(WanError):
    code = "GBDCC-803"


class NoResponse(DeviceNoResponse):
    """Not a :class:`WanError`: the hub was reachable, nothing came back (E21, not E20)."""

    code = "GBDCC-804"


class DeviceRefusal(GbdccError):
    """A device refused a command; ``alert_code`` is the GBCS alert it raised (gbcs-codes.json)."""

    code = "GBDCC-810"
    response_code = "E21"
    default_rule = "GBCS"

    def __init__(self, reason: str, *, alert_code: int, rule: str | None = None) -> None:
        super().__init__(reason, rule=rule)
        self.alert_code = alert_code
