"""``gbdcc report hubs`` (SEC F5-F7, R-CH-1): one row per Communications Hub order — what was forecast for its
month, its lifecycle, the hubs delivered and found in the SMI, the returns (fault / no-fault) and, for Special
Installation Mesh orders, the site visit booked; a summary per Supplier."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from gbdcc.domain.compliance.report import Cell, ComplianceReport
from gbdcc.domain.hubs import HubForecast, HubOrder, LogisticsTerms, OrderStatus, ReturnKind
from gbdcc.service.hubs.logistics import duis_returns
from gbdcc.service.ports import UnitOfWork

COLUMNS = ("order_id", "supplier", "region", "hub_type", "test_hubs", "quantity", "delivery_date", "forecast",
           "status", "refused_rule", "delivered", "in_smi", "returned_fault", "returned_no_fault", "site_visit",
           "consent_information_given")


def _forecast_for(forecasts: list[HubForecast], order: HubOrder) -> int | None:
    """The latest forecast the Supplier made for the order's region, type and month (None: none made)."""
    month = order.delivery_date.replace(day=1)
    same = [f for f in forecasts if (f.supplier, f.region, f.hub_type, f.month) ==
            (order.supplier, order.region, order.hub_type, month)]
    return max(same, key=lambda f: (f.submitted_at, f.forecast_id or 0)).quantity if same else None


class HubsReport:
    def __init__(self, terms: LogisticsTerms) -> None:
        self._terms = terms

    def __call__(self, uow: UnitOfWork, as_of: datetime) -> ComplianceReport:
        forecasts = list(uow.hubs.forecasts())
        returns = {r.chf: r for r in (*uow.hubs.returns(), *duis_returns(uow)) if r.returned_at <= as_of}
        rows: list[tuple[Cell, ...]] = []
        per_supplier: Counter[str] = Counter()
        statuses: Counter[str] = Counter()
        for order in uow.hubs.orders():
            if order.placed_at > as_of:
                continue
            assert order.order_id is not None
            hubs = [h for h in uow.hubs.hubs(order.order_id) if h.delivered_at <= as_of]
            in_smi = sum(1 for h in hubs if uow.inventory.get(h.chf) is not None)
            kinds = Counter(returns[h.chf].kind for h in hubs if h.chf in returns)
            visit = None if order.site_visit is None else f"{order.site_visit.on} {order.site_visit.slot.value}"
            rows.append((order.order_id, str(order.supplier), order.region.value, order.hub_type.value,
                         order.test_hubs, order.quantity, order.delivery_date, _forecast_for(forecasts, order),
                         order.status.value, order.refused_rule, len(hubs), in_smi, kinds[ReturnKind.FAULT],
                         kinds[ReturnKind.NO_FAULT], visit, order.consent_information is not None))
            per_supplier[str(order.supplier)] += len(hubs)
            statuses[order.status.value] += 1
        summary: dict[str, Cell] = {"orders": len(rows), "forecasts": len(forecasts),
                                    "hubs_delivered": sum(per_supplier.values()), "hubs_returned": len(returns),
                                    **{f"orders_{s.value}": statuses[s.value] for s in OrderStatus},
                                    **{f"delivered_to_{k}": v for k, v in sorted(per_supplier.items())}}
        notes = ("R-CH-1: Special Installation Mesh hubs only for the South and Central regions; each SIM order "
                 "books a DCC site visit and carries the information the Supplier needs for the customer's consent "
                 "(obtaining consent is the Supplier's job)",
                 f"lead time {self._terms.min_lead_days} days, acceptance window {self._terms.acceptance_days} days "
                 "(configuration: GBDCC_HUBS_*; the F5/F6 figures are assumptions, see docs/operations.md)",
                 "deliveries are SIMULATED logistics: delivered hubs enter the SMI Pending for the ordering Supplier",
                 "returns: those made with gbdcc hubs return and those Users reported by 8.14.3 / 8.14.4")
        return ComplianceReport("hubs", "R-CH-1", "Communications Hub forecasts, orders, deliveries and returns",
                                as_of, COLUMNS, tuple(rows), summary=summary, notes=notes)
