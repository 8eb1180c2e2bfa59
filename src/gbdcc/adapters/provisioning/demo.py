"""The demo parties of ``make run``: a supplier (IS, GS — one User ID may be shared across supplier roles,
R-USER-2), an electricity distributor and a gas transporter (one User ID each), Users with keys in the data dir,
to whom the simulated estate is registered — so the README tour can read a meter in minutes.

Their keys are written to ``<data dir>/demo/supplier``, ``…/network-operator`` and ``…/gas-transporter``
(the XML-signing pair and the GBCS Organisation Certificates, see ``provisioning.users``); responses and
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
DEMO_GAS_TRANSPORTER = Eui64.parse("90-B3-D5-1F-30-DE-00-03")
DEMO_ENTRY_DATE = date(2020, 1, 1)


@dataclass(frozen=True)
class DemoParties:
    supplier: Eui64
    network_operator: Eui64
    gas_transporter: Eui64
    supplier_keys: Path
    network_operator_keys: Path
    gas_transporter_keys: Path

    @property
    def estate(self) -> EstateParties:
        return EstateParties(self.supplier, self.network_operator, gas_transporter=self.gas_transporter)


def ensure_demo_parties(instance: Instance) -> DemoParties:
    """Register the demo Users once; reuse them afterwards."""
    root = instance.settings.data_dir / "demo"
    parties = DemoParties(DEMO_SUPPLIER, DEMO_NETWORK_OPERATOR, DEMO_GAS_TRANSPORTER, root / "supplier",
                          root / "network-operator", root / "gas-transporter")
    url = instance.settings.demo_response_url
    wanted = ((DEMO_SUPPLIER, ("IS", "GS"), "Demo Supplier (simulated)", parties.supplier_keys),
              (DEMO_NETWORK_OPERATOR, ("ED",), "Demo Electricity Distributor (simulated)",
               parties.network_operator_keys),
              (DEMO_GAS_TRANSPORTER, ("GT",), "Demo Gas Transporter (simulated)", parties.gas_transporter_keys))
    for eui, roles, name, keys in wanted:
        with instance.uow_factory(read_only=True) as uow:
            known = uow.users.get(eui) is not None
        if not known:
            for role in roles:
                register_user(instance, eui=str(eui), role=role, name=name, issue_keys_to=keys, response_url=url,
                              entry_date=DEMO_ENTRY_DATE)
    return parties
