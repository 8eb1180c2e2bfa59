"""The demo parties of ``make run``: a supplier and a network operator, Users with keys in the data dir,
to whom the simulated estate is registered — so the README tour can read a meter in minutes.

Their keys are written to ``<data dir>/demo/supplier`` and ``<data dir>/demo/network-operator`` (the
XML-signing pair and the GBCS Organisation Certificates, see ``provisioning.users``); responses and
alerts for them are POSTed to ``GBDCC_DEMO_RESPONSE_URL`` (default ``http://127.0.0.1:8090/``), where
``gbdcc duis receive --port 8090`` listens. Demo Users are ordinary Users: nothing in the DCC treats
them differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from gbdcc.adapters.provisioning.users import register_user
from gbdcc.adapters.wan.estate import EstateParties
from gbdcc.domain.ids import Eui64

if TYPE_CHECKING:
    from gbdcc.bootstrap import Instance

DEMO_SUPPLIER = Eui64.parse("90-B3-D5-1F-30-DE-00-01")
DEMO_NETWORK_OPERATOR = Eui64.parse("90-B3-D5-1F-30-DE-00-02")
DEMO_ENTRY_DATE = date(2020, 1, 1)


@dataclass(frozen=True)
class DemoParties:
    supplier: Eui64
    network_operator: Eui64
    supplier_keys: Path
    network_operator_keys: Path

    @property
    def estate(self) -> EstateParties:
        return EstateParties(self.supplier, self.network_operator)


def ensure_demo_parties(instance: Instance) -> DemoParties:
    """Register the demo supplier (IS, GS) and network operator (ED, GT) once; reuse them afterwards."""
    root = instance.settings.data_dir / "demo"
    parties = DemoParties(DEMO_SUPPLIER, DEMO_NETWORK_OPERATOR, root / "supplier", root / "network-operator")
    url = instance.settings.demo_response_url
    with instance.uow_factory(read_only=True) as uow:
        have_supplier = uow.users.get(DEMO_SUPPLIER) is not None
        have_operator = uow.users.get(DEMO_NETWORK_OPERATOR) is not None
    if not have_supplier:
        for role in ("IS", "GS"):
            register_user(instance, eui=str(DEMO_SUPPLIER), role=role, name="Demo Supplier (simulated)",
                          issue_keys_to=parties.supplier_keys, response_url=url, entry_date=DEMO_ENTRY_DATE)
    if not have_operator:
        for role in ("ED", "GT"):
            register_user(instance, eui=str(DEMO_NETWORK_OPERATOR), role=role, name="Demo Network Operator "
                          "(simulated)", issue_keys_to=parties.network_operator_keys, response_url=url,
                          entry_date=DEMO_ENTRY_DATE)
    return parties
