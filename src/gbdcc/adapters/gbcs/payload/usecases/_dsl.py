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


#: Ids of the ESME price list entries (class 113 charge ``0-0:19.20.0.255`` unit charge, GBCS 13.3.1 ECS01b/d):
#: the 48 TOU prices ``01``…``30`` (hex), then the block prices of TOU blocks 1–4 × 8 thresholds
#: ``a1``…``d8``.
PRICE_IDS: tuple[str, ...] = (tuple(f"{n:02x}" for n in range(1, 49))
                              + tuple(f"{block}{n}" for block in "abcd" for n in range(1, 9)))


def price_list(bound: dict[str, object] | None = None) -> T:
    """The 80-entry price list; ``bound`` gives the value (a binding or a constant) of the entries a DUIS
    body fills, every other entry is 0."""
    values = bound or {}
    unknown = set(values) - set(PRICE_IDS)
    if unknown:
        raise ValueError(f"not price list ids: {sorted(unknown)}")
    return A(*(S(T("octet-string", i), T("long", values.get(i, 0))) for i in PRICE_IDS))
