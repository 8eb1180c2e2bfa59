"""Typed failures of the simulated SM WAN and devices (codes GBDCC-8xx).

SIMULATION support. The processor maps them to DUIS response codes: E20 "cannot communicate with
device" (no coverage, CSP outage, hub not connected) and E21 "no response from device" (message lost,
timeout) — DUIS 5.4 ``sr:ResponseCode``, DOMAIN.md §2.

Stable codes
============
GBDCC-800  WanError             base of SM WAN delivery failures (E20)
GBDCC-801  NoCoverage           the premises has no SM WAN coverage (or only a planned NEP)
GBDCC-802  CspOutage            the CSP region (or the hub's area) is in a scheduled outage
GBDCC-803  HubNotConnected      no Communications Hub with that ID is attached to the SM WAN
GBDCC-804  NoResponse           nothing came back before the timeout (lost or refused) — E21
GBDCC-810  DeviceRefusal        a simulated device refused a command (carries the GBCS alert code)
"""

from __future__ import annotations

from gbdcc.domain.errors import GbdccError


class WanError(GbdccError):
    code = "GBDCC-800"
    response_code = "E20"
    http_status = 200
    default_rule = "DUIS-E20"


class NoCoverage(WanError):
    code = "GBDCC-801"


class CspOutage(WanError):
    code = "GBDCC-802"


class HubNotConnected(WanError):
    code = "GBDCC-803"


class NoResponse(WanError):
    code = "GBDCC-804"
    response_code = "E21"
    default_rule = "DUIS-E21"


class DeviceRefusal(GbdccError):
    """A device refused a command; ``alert_code`` is the GBCS alert it raised (gbcs-codes.json)."""

    code = "GBDCC-810"
    response_code = "E21"
    default_rule = "GBCS"

    def __init__(self, reason: str, *, alert_code: int, rule: str | None = None) -> None:
        super().__init__(reason, rule=rule)
        self.alert_code = alert_code
