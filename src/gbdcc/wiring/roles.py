"""The roles of scaled mode (``gbdcc up --role …``, docs/scaling.md), apart from ``wiring/scaled.py`` so the CLI can
check a role and tell the HTTP roles without importing NATS."""

from __future__ import annotations

from gbdcc.domain.errors import GbdccError

ROLES = ("gateway", "processor", "wan", "delivery", "all")
#: Roles that serve DUIS over HTTP (and provision the data dir and database on first start).
HTTP_ROLES = frozenset({"gateway", "all"})


class ScaledModeInvalid(GbdccError):
    code = "GBDCC-581"
    default_rule = "SCALED-MODE"


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ScaledModeInvalid(f"--role must be one of {', '.join(ROLES)}, not {role!r}")
    return role


__all__ = ["HTTP_ROLES", "ROLES", "ScaledModeInvalid", "check_role"]
