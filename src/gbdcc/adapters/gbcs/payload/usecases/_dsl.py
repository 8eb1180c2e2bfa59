"""Short constructors used by the use-case tables."""

from __future__ import annotations

from gbdcc.adapters.gbcs.payload.template import T


def S(*items: T) -> T:
    """A DLMS structure template."""
    return T("structure", tuple(items))


def A(*items: T) -> T:
    """A DLMS array template."""
    return T("array", tuple(items))
