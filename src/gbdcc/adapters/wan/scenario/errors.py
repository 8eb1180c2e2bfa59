"""Failures of scenario files and of playing them (codes GBDCC-82x) — SIMULATION support.

Stable codes
============
GBDCC-820  ScenarioError      base of scenario failures
GBDCC-821  ScenarioInvalid    the file is not a valid scenario: the reason names the event and the field
GBDCC-822  ScenarioUnknown    no scenario with that id is playing or has played on this instance
GBDCC-823  AdminRefused       the admin endpoint refused the caller (no or wrong bearer token, not loopback)
"""

from __future__ import annotations

from gbdcc.domain.errors import GbdccError


class ScenarioError(GbdccError):
    code = "GBDCC-820"
    default_rule = "SCENARIO"


class ScenarioInvalid(ScenarioError):
    code = "GBDCC-821"


class ScenarioUnknown(ScenarioError):
    code = "GBDCC-822"


class AdminRefused(ScenarioError):
    code = "GBDCC-823"
    default_rule = "ADMIN-AUTH"


#: The errors an admin endpoint answer can carry, by code (the CLI raises the same class again).
BY_CODE: dict[str, type[ScenarioError]] = {cls.code: cls for cls in (ScenarioError, ScenarioInvalid,
                                                                     ScenarioUnknown, AdminRefused)}
