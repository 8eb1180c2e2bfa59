"""SQL Network Enhancement Plans (R-WAN-2; ``service.coverage.ports.NepRepository``): one row per plan in
``network_enhancement_plans``, its defined area in ``nep_areas`` and its cohort's postcodes in ``nep_cohort``
(indexed by postcode, so ``for_postcode`` — the R-WAN-1 exclusion and the 12.1 answer — is one index scan)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.errors import NotStored
from gbdcc.adapters.db.memory.nep import plan_order
from gbdcc.adapters.db.tables import nep_areas as na
from gbdcc.adapters.db.tables import nep_cohort as nc
from gbdcc.adapters.db.tables import network_enhancement_plans as np_
from gbdcc.domain.errors import NepExists
from gbdcc.domain.nep import NepArea, NetworkEnhancementPlan

_DISTRICT, _POSTCODE = "district", "postcode"


class SqlNepRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, plan: NetworkEnhancementPlan) -> None:
        if self.get(plan.plan_id) is not None:
            raise NepExists(f"a Network Enhancement Plan {plan.plan_id} is already recorded")
        self._conn.execute(insert(np_).values(
            plan_id=plan.plan_id, region=plan.region, created_on=plan.created_on,
            estimated_completion=plan.estimated_completion, completed_on=plan.completed_on))
        area = [{"plan_id": plan.plan_id, "kind": _DISTRICT, "entry": d} for d in plan.area.districts]
        area += [{"plan_id": plan.plan_id, "kind": _POSTCODE, "entry": p} for p in plan.area.postcodes]
        self._conn.execute(insert(na), area)
        self._conn.execute(insert(nc), [{"plan_id": plan.plan_id, "postcode": p} for p in plan.cohort])

    def record_completion(self, plan_id: str, completed_on: date) -> None:
        done = self._conn.execute(update(np_).where(np_.c.plan_id == plan_id).values(completed_on=completed_on))
        if done.rowcount != 1:
            raise NotStored(f"no Network Enhancement Plan {plan_id!r} to complete")

    def get(self, plan_id: str) -> NetworkEnhancementPlan | None:
        found = self._load(select(np_).where(np_.c.plan_id == plan_id))
        return found[0] if found else None

    def plans(self) -> Sequence[NetworkEnhancementPlan]:
        return self._load(select(np_))

    def for_postcode(self, postcode: str) -> Sequence[NetworkEnhancementPlan]:
        holding = select(nc.c.plan_id).where(nc.c.postcode == postcode)
        return self._load(select(np_).where(np_.c.plan_id.in_(holding)))

    def _load(self, query: Any) -> list[NetworkEnhancementPlan]:
        rows = self._conn.execute(query).all()  # ordered here: a collation may ignore spaces and dashes
        if not rows:
            return []
        ids = [r.plan_id for r in rows]
        areas: dict[str, dict[str, list[str]]] = {i: {_DISTRICT: [], _POSTCODE: []} for i in ids}
        for a in self._conn.execute(select(na).where(na.c.plan_id.in_(ids))):
            areas[a.plan_id][a.kind].append(a.entry)
        cohorts: dict[str, list[str]] = {i: [] for i in ids}
        for c in self._conn.execute(select(nc).where(nc.c.plan_id.in_(ids))):
            cohorts[c.plan_id].append(c.postcode)
        return sorted((_plan(r, areas[r.plan_id], cohorts[r.plan_id]) for r in rows), key=plan_order)


def _plan(row: Any, area: dict[str, list[str]], cohort: Iterable[str]) -> NetworkEnhancementPlan:
    return NetworkEnhancementPlan(row.plan_id, row.region,
                                  NepArea(tuple(sorted(area[_DISTRICT])), tuple(sorted(area[_POSTCODE]))),
                                  tuple(sorted(cohort)), row.created_on, row.estimated_completion, row.completed_on)
