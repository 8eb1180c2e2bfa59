"""Market-party profiles: what kind of Party a name is and how big it was (R-MANDATE-1, R-ERO-1).

The User mandate and the Early Rollout Obligation depend on facts about a Party that the User register does
not hold: whether it is a supplier or a DNO, how many domestic premises it supplied on the census date
(15 Feb 2015: ≥ 250,000 makes a *large supplier*), which supply licences it holds and — for a new entrant —
the date it starts supplying domestic customers. A :class:`PartyProfile` records them, with the User IDs
(EUI-64s of the ``users`` register) the Party acts through; its type is decided from its size unless given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from gbdcc.domain.errors import PartyProfileInvalid
from gbdcc.domain.ids import Eui64

#: R-MANDATE-1: a supplier with at least this many domestic premises on the census date is a large supplier.
LARGE_SUPPLIER_PREMISES = 250_000
#: The census date of the large-supplier test (R-MANDATE-1).
LARGE_SUPPLIER_CENSUS = date(2015, 2, 15)
MAX_NAME_CHARS = 200


class PartyType(StrEnum):
    """The kinds of market Party the mandate distinguishes (R-MANDATE-1)."""

    LARGE_SUPPLIER = "large-supplier"
    DOMESTIC_SUPPLIER = "domestic-supplier"
    DNO = "dno"
    OTHER = "other"

    @property
    def is_supplier(self) -> bool:
        return self in (PartyType.LARGE_SUPPLIER, PartyType.DOMESTIC_SUPPLIER)


def decide_type(domestic_premises: int, *, electricity_licence: bool, gas_licence: bool,
                domestic_supply_from: date | None, threshold: int = LARGE_SUPPLIER_PREMISES) -> PartyType:
    """The type of a Party not given one (R-MANDATE-1): a licensed supplier with at least ``threshold``
    domestic premises on the census date is large; one with fewer, or one that names the date it starts
    supplying domestic customers, is a domestic supplier; anything else is ``other`` (a DNO is never
    guessed: it is given)."""
    licensed = electricity_licence or gas_licence
    if licensed and domestic_premises >= threshold:
        return PartyType.LARGE_SUPPLIER
    if licensed and (domestic_premises > 0 or domestic_supply_from is not None):
        return PartyType.DOMESTIC_SUPPLIER
    return PartyType.OTHER


@dataclass(frozen=True, slots=True)
class PartyProfile:
    """One Party: ``members`` are its User IDs (their roles and entry dates are in the User register)."""

    name: str
    party_type: PartyType
    domestic_premises: int = 0  # domestic premises supplied on the census date (15 Feb 2015)
    electricity_licence: bool = False
    gas_licence: bool = False
    domestic_supply_from: date | None = None  # a new entrant: the date it starts supplying domestic customers
    notes: str = ""
    members: tuple[Eui64, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not self.name or self.name != self.name.strip() or len(self.name) > MAX_NAME_CHARS:
            raise PartyProfileInvalid(f"a Party name is 1-{MAX_NAME_CHARS} characters without surrounding "
                                      f"spaces, not {self.name[:MAX_NAME_CHARS + 1]!r}")
        if self.domestic_premises < 0:
            raise PartyProfileInvalid(f"{self.name}: domestic premises cannot be negative "
                                      f"({self.domestic_premises})")
        if self.party_type.is_supplier and not (self.electricity_licence or self.gas_licence):
            raise PartyProfileInvalid(f"{self.name}: a {self.party_type} holds an electricity or a gas supply "
                                      "licence (or both)")
        if len(set(self.members)) != len(self.members):
            raise PartyProfileInvalid(f"{self.name}: a User ID is listed twice")

    @property
    def licences(self) -> str:
        """``E``, ``G``, ``E+G`` or ``-``."""
        return "+".join(f for f, held in (("E", self.electricity_licence), ("G", self.gas_licence)) if held) or "-"


def make_profile(name: str, *, party_type: PartyType | None = None, domestic_premises: int = 0,
                 electricity_licence: bool = False, gas_licence: bool = False,
                 domestic_supply_from: date | None = None, notes: str = "", members: Iterable[Eui64] = (),
                 threshold: int = LARGE_SUPPLIER_PREMISES) -> PartyProfile:
    """A profile whose type is ``party_type`` if given, else decided from its size (:func:`decide_type`)."""
    kind = party_type or decide_type(domestic_premises, electricity_licence=electricity_licence,
                                     gas_licence=gas_licence, domestic_supply_from=domestic_supply_from,
                                     threshold=threshold)
    return PartyProfile(name, kind, domestic_premises, electricity_licence, gas_licence, domestic_supply_from,
                        notes, tuple(members))
