"""Registration Data from an RDP decides E4 (R-SR-1, time-sliced): a file moving a meter's MPAN to another
supplier from an instant changes, from that instant and not before, which supplier's device requests are
admitted — in virtual time, through the real pipeline (SQLite, real crypto, simulated SM WAN and meters)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tests.support.rdp import file_text, reg

from gbdcc.adapters.provisioning.users import register_user
from gbdcc.adapters.rdp.files import CsvRegistrationFiles, read_bytes, read_response
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import DeviceType
from gbdcc.domain.rdp.cadence import default_cadences
from gbdcc.domain.rdp.model import Fuel
from gbdcc.service.registration import RegistrationLoad, add_rdp

from .conftest import T0, Dcc, Party, code

READ = "<sr:ReadInstantaneousImportRegisters/>"
SUPPLIER_2 = Eui64.parse("90-B3-D5-1F-30-03-00-00")
SUPPLIER_2_URL = "http://supplier-2.test/duis"


def _second_supplier(dcc: Dcc, keys: Path) -> Party:
    register_user(dcc.instance, eui=str(SUPPLIER_2), role="IS", name="Supplier 2", issue_keys_to=keys,
                  response_url=SUPPLIER_2_URL, entry_date=date(2020, 1, 1))
    return Party(SUPPLIER_2, keys, SUPPLIER_2_URL)


def _load(dcc: Dcc, text: str) -> bytes:
    load = RegistrationLoad(dcc.instance.uow_factory, dcc.clock, CsvRegistrationFiles())
    loaded = load(read_bytes(text.encode(), source="test"))
    assert loaded.outcome.accepted, loaded.response.decode()
    return loaded.response


def test_r_sr_1_an_rdp_file_moves_e4_from_one_supplier_to_the_other_at_its_effective_time(
        dcc: Dcc, tmp_path: Path) -> None:
    esme = dcc.first(DeviceType.ESME)
    assert esme.import_mpxn is not None
    supplier_2 = _second_supplier(dcc, tmp_path / "supplier-2")
    add_rdp(dcc.instance.uow_factory, "ENWL", Fuel.ELECTRICITY, "Electricity North West (simulated)",
            default_cadences(T0.date()), added_on=T0.date())
    switch = T0 + timedelta(hours=1)
    response = _load(dcc, file_text([reg(esme.import_mpxn, str(SUPPLIER_2), switch.isoformat(),
                                         operator=str(dcc.demo.network_operator))], kind="UPDATE"))
    assert read_response(response).summary["changed"] == "1"

    # Before the effective time: the registered supplier is still the old one.
    old_before = dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ)
    assert dcc.submit(old_before).decision.response_code == "I99"
    new_before = dcc.submit(dcc.request(supplier_2, esme.device_id, "4.1.1", READ))
    assert new_before.decision.response_code == "E4" and new_before.decision.rule == "R-SR-1"
    dcc.run()
    [answered] = dcc.responses_for(old_before)
    assert code(answered) == "I0"

    # From it on: the new supplier is admitted and the old one gets E4.
    dcc.clock.set(switch)
    old_after = dcc.submit(dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ))
    assert old_after.decision.response_code == "E4" and str(dcc.supplier.eui) in old_after.decision.reason
    new_after = dcc.submit(dcc.request(supplier_2, esme.device_id, "4.1.1", READ))
    assert new_after.decision.response_code == "I99"


def test_a_malformed_rdp_file_leaves_access_as_it_was(dcc: Dcc, tmp_path: Path) -> None:
    esme = dcc.first(DeviceType.ESME)
    assert esme.import_mpxn is not None
    supplier_2 = _second_supplier(dcc, tmp_path / "supplier-2")
    add_rdp(dcc.instance.uow_factory, "ENWL", Fuel.ELECTRICITY, "ENWL", default_cadences(T0.date()),
            added_on=T0.date())
    text = file_text([reg(esme.import_mpxn, str(SUPPLIER_2), T0.isoformat(), operator=str(dcc.demo.network_operator)),
                      reg("13", str(SUPPLIER_2))], kind="UPDATE")
    loaded = RegistrationLoad(dcc.instance.uow_factory, dcc.clock, CsvRegistrationFiles())(
        read_bytes(text.encode(), source="test"))
    assert read_response(loaded.response).bad_lines == (3,)
    dcc.clock.advance(60)
    assert dcc.submit(dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ)).decision.response_code == "I99"
    assert dcc.submit(dcc.request(supplier_2, esme.device_id, "4.1.1", READ)).decision.response_code == "E4"
