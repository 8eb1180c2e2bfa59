"""Short constructors used by the use-case tables."""

from __future__ import annotations

from gbdcc.adapters.gbcs.payload.template import Each, T, When

Item = T | Each | When
"""A DLMS structure / array member: a node, a repeat per DUIS element, or an optional group."""


def S(*items: Item) -> T:
    """A DLMS structure template."""
    return T("structure", tuple(items))


def A(*items: Item) -> T:
    """A DLMS array template (its length follows :class:`Each` members)."""
    return T("array", tuple(items))
