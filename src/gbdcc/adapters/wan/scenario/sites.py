"""Where the estate's devices are, for selecting what a scenario event touches — SIMULATION support.

A scenario selects premises by CSP region, postcode prefix or device ID before any simulated hub exists:
:class:`SqlSites` reads only the device ID, type, hub and postcode columns of the SMI (one query per
event, no device built), :class:`StaticSites` answers from SMI records in memory (tests, tools).
:func:`select_targets` applies an event's :class:`~.model.Selection`: filters, then the seeded draw.

The CSP region of a device is the one its postcode maps to (``coverage.region_for_postcode``), as the
simulated SM WAN attaches hubs; devices without a GB postcode are in no region.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Engine, or_, select

from gbdcc.adapters.db.tables import devices as table
from gbdcc.adapters.wan.coverage import CspRegion, postcode_prefixes, region_for_postcode
from gbdcc.adapters.wan.scenario.errors import ScenarioInvalid
from gbdcc.adapters.wan.scenario.model import Event, Selection, with_article
from gbdcc.domain.errors import InvalidIdentifier
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus

#: Devices a premises has in service: installed (on the HAN for a meter), whether commissioned or not.
IN_SERVICE = frozenset({SmiStatus.WHITELISTED, SmiStatus.INSTALLED_NOT_COMMISSIONED, SmiStatus.COMMISSIONED,
                        SmiStatus.SUSPENDED, SmiStatus.RECOVERY, SmiStatus.RECOVERED})
_QUERY_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Located:
    """A device, the Communications Hub it hangs off (itself for a CHF) and its premises' postcode."""

    device_id: Eui64
    device_type: DeviceType
    hub_id: Eui64 | None
    postcode: str | None

    @property
    def region(self) -> CspRegion | None:
        try:
            return region_for_postcode(self.postcode) if self.postcode else None
        except InvalidIdentifier:
            return None

    def within(self, region: CspRegion | None, postcode: str | None) -> bool:
        if region is not None and self.region is not region:
            return False
        if postcode is None:
            return True
        try:
            return self.postcode is not None and postcode in postcode_prefixes(self.postcode)
        except InvalidIdentifier:
            return False


class Sites(Protocol):
    def find(self, kind: DeviceType, region: CspRegion | None, postcode: str | None) -> list[Located]:
        """The in-service devices of ``kind`` in the area (None: anywhere)."""
        ...

    def get(self, ids: Sequence[Eui64]) -> list[Located]:
        """The devices with these IDs the SMI has (any status); unknown IDs are left out."""
        ...


def _located(device_id: Eui64, kind: str, chf_id: Eui64 | None, postcode: str | None) -> Located:
    device_type = DeviceType(kind)
    return Located(device_id, device_type, device_id if device_type is DeviceType.CHF else chf_id, postcode)


class SqlSites:
    """:class:`Sites` over the SMI's ``devices`` table."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._columns = (table.c.device_id, table.c.device_type, table.c.chf_id, table.c.postcode)

    def find(self, kind: DeviceType, region: CspRegion | None, postcode: str | None) -> list[Located]:
        query = select(*self._columns).where(table.c.device_type == kind.value,
                                             table.c.status.in_([s.value for s in IN_SERVICE]))
        if region is not None:  # a narrowing only: the postcode decides (module docstring)
            query = query.where(or_(table.c.csp_region == region.value, table.c.csp_region.is_(None)))
        if postcode is not None:
            area = re.match(r"[A-Z]{1,2}", postcode)
            query = query.where(table.c.postcode.like(f"{area.group(0) if area else postcode}%"))
        with self._engine.connect() as conn:
            rows = conn.execute(query).all()
        found = (_located(*row) for row in rows)
        return [d for d in found if d.within(region, postcode)]

    def get(self, ids: Sequence[Eui64]) -> list[Located]:
        out: list[Located] = []
        with self._engine.connect() as conn:
            for i in range(0, len(ids), _QUERY_CHUNK):
                query = select(*self._columns).where(table.c.device_id.in_(list(ids[i:i + _QUERY_CHUNK])))
                out += [_located(*row) for row in conn.execute(query).all()]
        return out


class StaticSites:
    """:class:`Sites` over SMI records held in memory."""

    def __init__(self, devices: Iterable[Device]) -> None:
        self._devices = {d.device_id: d for d in devices}

    @staticmethod
    def _of(d: Device) -> Located:
        return _located(d.device_id, d.device_type.value, d.chf_id, d.postcode)

    def find(self, kind: DeviceType, region: CspRegion | None, postcode: str | None) -> list[Located]:
        found = (self._of(d) for d in self._devices.values() if d.device_type is kind and d.status in IN_SERVICE)
        return [d for d in found if d.within(region, postcode)]

    def get(self, ids: Sequence[Eui64]) -> list[Located]:
        return [self._of(self._devices[i]) for i in ids if i in self._devices]


class NoSites:
    """:class:`Sites` of an instance whose SMI is in memory (handler tests): every selection is refused."""

    def find(self, kind: DeviceType, region: CspRegion | None, postcode: str | None) -> list[Located]:
        raise ScenarioInvalid("this instance keeps its SMI in memory: scenarios select premises from the SQL SMI")

    def get(self, ids: Sequence[Eui64]) -> list[Located]:
        return self.find(DeviceType.CHF, None, None)


def select_targets(event: Event, kind: DeviceType, sites: Sites, seed: int | str) -> list[Located]:
    """The devices of ``kind`` (a CHF: the premises' hubs; a meter type) the event touches, in device ID
    order. Explicit devices of another type stand for their hub when ``kind`` is CHF."""
    s = event.select
    population = _explicit(event, kind, sites) if s.devices else sites.find(kind, s.region, s.postcode)
    population = sorted({d.device_id: d for d in population}.values(), key=lambda d: d.device_id.value)
    return sorted(draw(population, s, random.Random(f"{seed}:{event.index}")), key=lambda d: d.device_id.value)


def draw(population: Sequence[Located], s: Selection, rng: random.Random) -> list[Located]:
    """``count`` of them, or ``fraction`` (rounded half up), drawn with ``rng``; all when neither."""
    if s.count is not None:
        k = min(s.count, len(population))
    elif s.fraction is not None:
        k = math.floor(s.fraction * len(population) + 0.5)
    else:
        return list(population)
    return rng.sample(list(population), k)


def _explicit(event: Event, kind: DeviceType, sites: Sites) -> list[Located]:
    s = event.select
    found = {d.device_id: d for d in sites.get(s.devices)}
    missing = [str(i) for i in s.devices if i not in found]
    if missing:
        raise ScenarioInvalid(f"{event.label}: not in the SMI: {', '.join(missing[:5])}"
                              + (f" and {len(missing) - 5} more" if len(missing) > 5 else ""))
    out = []
    for d in found.values():
        if kind is DeviceType.CHF and d.device_type is not DeviceType.CHF:
            if d.hub_id is None:
                raise ScenarioInvalid(f"{event.label}: {d.device_type} {d.device_id} is on no Communications Hub")
            d = Located(d.hub_id, DeviceType.CHF, d.hub_id, d.postcode)
        elif d.device_type is not kind:
            raise ScenarioInvalid(f"{event.label}: {d.device_id} is {with_article(d.device_type)}, "
                                  f"not {with_article(kind)}")
        if d.within(s.region, s.postcode):
            out.append(d)
    return out
