"""Installation journeys through DUIS only, in virtual time, and the SMI rules they exercise (IEWP;
R-SMI-1, R-SMI-2, R-SMI-4)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from lxml import etree

from gbdcc.adapters.provisioning.spare import prepare_spare_premises
from gbdcc.adapters.provisioning.users import register_user

from .conftest import NS, SUPPLIER_URL, Dcc, Party, journeys

GAS_URL = "http://gas-supplier.test/duis"
GAS_SUPPLIER = "90-B3-D5-1F-30-6A-00-01"


def register_supplier(dcc: Dcc, keys: Path) -> Party:
    for role in ("IS", "GS"):
        register_user(dcc.instance, eui=GAS_SUPPLIER, role=role, name="Second supplier", issue_keys_to=keys,
                      response_url=GAS_URL)
    from gbdcc.domain.ids import Eui64

    return Party(Eui64.parse(GAS_SUPPLIER), keys, GAS_URL)


def spare(dcc: Dcc, index: int = 0):  # type: ignore[no-untyped-def]
    return prepare_spare_premises(dcc.instance, index, dcc.supplier.eui, dcc.demo.network_operator,
                                  gas_transporter=dcc.demo.gas_transporter)


def test_electricity_install_journey(dcc: Dcc) -> None:
    p = spare(dcc)
    j = journeys(dcc)
    j.electricity_install(p.chf, p.esme, p.mpan)
    assert dcc.device(p.esme).status.value == "Commissioned"
    assert dcc.device(p.esme).import_mpxn == p.mpan and dcc.device(p.esme).chf_id == p.chf


def test_gas_install_journey_and_r_smi_1_gpf_takes_the_gsme_status(dcc: Dcc) -> None:
    p = spare(dcc)
    j = journeys(dcc)
    j.install_hub(p.chf, p.mprn)
    assert dcc.device(p.gpf).status.value == "InstalledNotCommissioned"  # 8.14.1: the GPF is not yet
    j.gas_install(p.chf, p.gpf, p.gsme, p.mprn)
    assert dcc.device(p.gsme).status.value == "Commissioned"
    assert dcc.device(p.gpf).status.value == "InstalledNotCommissioned"  # R-SMI-1 at the join: GSME was INC


def test_r_smi_2_no_cascade_until_the_supplier_rejoins(dcc: Dcc) -> None:
    """Commissioning the GSME later does not move the GPF joined to it; re-joining does (R-SMI-1 again)."""
    p = spare(dcc)
    j = journeys(dcc)
    j.install_hub(p.chf, p.mprn)
    j.gas_install(p.chf, p.gpf, p.gsme, p.mprn)
    history = [c.status.value for c in dcc.device(p.gpf).history]
    assert dcc.device(p.gpf).status.value == "InstalledNotCommissioned"
    j.join(p.gsme, p.gpf, critical=True)
    assert dcc.device(p.gpf).status.value == "Commissioned"
    assert [c.status.value for c in dcc.device(p.gpf).history] == [*history, "Commissioned"]


def test_ppmid_and_ihd_join_and_r_smi_1_type_1_device_takes_the_meter_status(dcc: Dcc) -> None:
    p = spare(dcc)
    j = journeys(dcc)
    j.electricity_install(p.chf, p.esme, p.mpan)
    j.han_device(p.chf, p.ppmid, "PPMID", p.esme)
    assert dcc.device(p.ppmid).status.value == "Commissioned"  # joined to a Commissioned ESME (R-SMI-1)
    j.han_device(p.chf, p.ihd, "IHD", p.esme)
    assert dcc.device(p.ihd).chf_id == p.chf


def test_reads_supply_control_and_decommission(dcc: Dcc) -> None:
    p = spare(dcc)
    j = journeys(dcc)
    j.electricity_install(p.chf, p.esme, p.mpan)
    dcc.run(horizon=timedelta(days=1))
    now = dcc.clock.now()
    j.profile_read(p.esme, now - timedelta(hours=6), now)
    j.supply(p.esme, enable=False)
    j.supply(p.esme, enable=True)
    j.decommission(p.esme)
    assert dcc.device(p.esme).status.value == "Decommissioned"
    refused = j.send("read after decommission", p.esme, "4.1.1", "<sr:ReadInstantaneousImportRegisters/>",
                     expect="E5")
    assert refused.sync == "E5"


def test_dual_fuel_two_suppliers_share_one_hub_and_r_smi_4_both_are_told(dcc: Dcc, tmp_path: Path) -> None:
    gas = register_supplier(dcc, tmp_path / "gas-supplier")
    p = prepare_spare_premises(dcc.instance, 1, dcc.supplier.eui, dcc.demo.network_operator,
                               gas_supplier=gas.eui, gas_transporter=dcc.demo.gas_transporter)
    electricity = journeys(dcc)
    electricity.electricity_install(p.chf, p.esme, p.mpan)
    gas_j = journeys(dcc, gas, GAS_URL)
    gas_j.gas_install(p.chf, p.gpf, p.gsme, p.mprn)
    # the electricity supplier may not touch the gas meter, nor the gas supplier the electricity one (E4)
    electricity.send("elec supplier reads the gas meter", p.gsme, "4.1.1",
                     "<sr:ReadInstantaneousImportRegisters/>", expect="E4")
    gas_j.send("gas supplier reads the electricity meter", p.esme, "4.1.1",
               "<sr:ReadInstantaneousImportRegisters/>", expect="E4")
    # the hub is shared: decommissioning it tells both suppliers (R-SMI-4)
    before = {url: len(dcc.receivers.received[url]) for url in (SUPPLIER_URL, GAS_URL)}
    electricity.decommission(p.chf)
    dcc.run()
    for url in (SUPPLIER_URL, GAS_URL):
        alerts = [etree.fromstring(raw) for raw in dcc.receivers.received[url][before[url]:]]
        dcc_alerts = [a for a in alerts if a.find(".//sr:DCCAlertMessage", NS) is not None]
        assert len(dcc_alerts) == 1, url
        assert dcc_alerts[0].findtext(".//sr:DeviceStatusChangeEvent/sr:DeviceID", namespaces=NS) == str(p.chf)
        assert dcc_alerts[0].find(".//sr:CHFDecommissioning", NS) is not None


def test_device_alerts_reach_the_registered_supplier(dcc: Dcc) -> None:
    p = spare(dcc)
    j = journeys(dcc)
    j.electricity_install(p.chf, p.esme, p.mpan)
    alerts = [etree.fromstring(raw) for raw in dcc.receivers.received[SUPPLIER_URL]]
    codes = {a.findtext(".//sr:AlertCode", namespaces=NS) for a in alerts if a.find(".//sr:DeviceAlertMessage", NS)
             is not None}
    assert {"8F12", "8183"} <= codes  # device log changed, device joined the SMHAN
