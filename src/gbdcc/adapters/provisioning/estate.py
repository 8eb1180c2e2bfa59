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
    first = next(wan_estate.generate_estate(1, seed, start_index=start_index))
    with instance.uow_factory(read_only=True) as uow:
        if uow.inventory.get(first.devices[0].device_id) is not None:
            raise DeviceAlreadyExists(
                f"premises {start_index} of seed {seed} is already in the estate; "
                "use --start-index past the last generated premises", rule="ESTATE-APPEND")


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
