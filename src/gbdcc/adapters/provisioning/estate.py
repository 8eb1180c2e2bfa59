"""Generating the SIMULATED estate into an instance: premises, hubs and meters in the SMI, registered to
the estate's supplier and network operator (Registration Data), their certificates on every device."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from gbdcc.adapters.wan import estate as wan_estate
from gbdcc.adapters.wan.estate import EstateParties, EstateReport
from gbdcc.domain.errors import DeviceAlreadyExists

if TYPE_CHECKING:
    from gbdcc.bootstrap import Instance


def check_range_free(instance: Instance, seed: int, start_index: int) -> None:
    """Refuse (``DeviceAlreadyExists``) when the first premises of the range is already in the SMI."""
    if _generated(instance, start_index):
        raise DeviceAlreadyExists(
            f"premises {start_index} is already in the estate; leave --start-index out to append after the "
            "last generated premises, or give one past it", rule="ESTATE-APPEND")


def _generated(instance: Instance, index: int) -> bool:
    """Premises ``index`` is in the SMI: its devices carry its UPRN (``wan.estate.premises_uprn``)."""
    with instance.uow_factory(read_only=True) as uow:
        return bool(uow.inventory.by_uprn(wan_estate.premises_uprn(index), 1))


def next_free_index(instance: Instance) -> int:
    """The index just after the last premises generated (0 for none), whatever the seed.

    Generation writes contiguous ranges from 0 (each run starts where the last ended), so the boundary is
    found by an exponential then a binary search: about 2·log2(n) SMI lookups for an estate of n premises.
    """
    if not _generated(instance, 0):
        return 0
    low, high = 0, 1  # premises `low` exists; find a `high` that does not
    while _generated(instance, high):
        low, high = high, high * 2
    while high - low > 1:
        mid = (low + high) // 2
        if _generated(instance, mid):
            low = mid
        else:
            high = mid
    return high


def generate_estate(instance: Instance, premises: int, seed: int = 1, *, start_index: int = 0,
                    parties: EstateParties | None = None,
                    progress: Callable[[int], None] | None = None) -> EstateReport:
    """Generate ``premises`` premises (bulk path). Refuses to overwrite: if the first premises of the
    range already exists, nothing is written."""
    check_range_free(instance, seed, start_index)
    engine = instance.engine
    return wan_estate.run_estate_generation(instance.uow_factory, premises, seed, progress,
                                            start_index=start_index, bulk_engine=engine, parties=parties)


def ensure_estate(instance: Instance, premises: int, seed: int = 1, parties: EstateParties | None = None
                  ) -> EstateReport | None:
    """The default embedded estate: generated once, on first start (``gbdcc up --estate-premises``)."""
    if premises <= 0:
        return None
    try:
        return generate_estate(instance, premises, seed, parties=parties)
    except DeviceAlreadyExists:
        return None
