"""The CPL through DUIS, on a DCC in virtual time (SQLite, real crypto, simulated devices): SECCo's signed CPL
loaded into the DCC decides whether 8.1.1 Commission Device goes ahead (R-PKI-2); 11.1 Update Firmware with an
image off the CPL is refused with the CPL rule, otherwise with the not-built E12."""

from __future__ import annotations

import base64
import hashlib

import pytest

from gbdcc import bootstrap
from gbdcc.adapters.duis.journeys import JourneyFailed
from gbdcc.adapters.provisioning.spare import prepare_spare_premises
from gbdcc.adapters.smki.cpl_file import sign_cpl
from gbdcc.adapters.smki.iki import Iki
from gbdcc.domain import cpl
from gbdcc.domain.inventory import DeviceType
from gbdcc.service.cpl.load import load_cpl

from .conftest import Dcc, journeys

IMAGE = b"SimMeter ESME firmware 00000002 (simulated image)"


def load_signed_cpl(dcc: Dcc, *models: str, manufacturer: str = "SimMeter Ltd") -> None:
    """SECCo signs a CPL with its IKI key (the IKI the instance made in its data dir) and the DCC loads it."""
    iki = Iki.load_or_create(dcc.data_dir)
    with dcc.instance.uow_factory() as uow:
        current = uow.cpl.in_force()
    listed = cpl.build({"version": 1 if current is None else current.version + 1, "entries": [
        {"device_type": "ESME", "manufacturer": manufacturer, "model": m, "hardware_version": "HW1",
         "firmware": [{"version": "00000002", "sha256": hashlib.sha256(IMAGE).hexdigest()}]} for m in models]},
        issued_at=dcc.clock.now())
    with dcc.instance.uow_factory() as uow:
        load_cpl(uow, sign_cpl(cpl.canonical_bytes(listed), iki), bootstrap.cpl_verifier(dcc.instance.settings),
                 dcc.clock.now())
        uow.commit()


def spare(dcc: Dcc):  # type: ignore[no-untyped-def]
    return prepare_spare_premises(dcc.instance, 0, dcc.supplier.eui, dcc.demo.network_operator,
                                  gas_transporter=dcc.demo.gas_transporter)


def test_r_pki_2_a_device_model_not_on_the_signed_cpl_cannot_be_commissioned_through_duis(dcc: Dcc) -> None:
    load_signed_cpl(dcc, "SM-GSME-ONLY")
    p = spare(dcc)
    j = journeys(dcc)
    with pytest.raises(JourneyFailed, match=r"8\.1\.1 answered E5 \(R-PKI-2: .*not on the Certified Products List"):
        j.electricity_install(p.chf, p.esme, p.mpan)
    assert dcc.device(p.esme).status.value == "InstalledNotCommissioned"
    load_signed_cpl(dcc, "SM-GSME-ONLY", "SM-ESME")  # SECCo certifies the model: a new CPL version
    j.commission(p.esme)
    dcc.run()
    assert dcc.device(p.esme).status.value == "Commissioned"


def test_r_pki_2_update_firmware_with_an_image_off_the_cpl_is_refused_before_the_scope_refusal(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)  # a meter of the simulated estate
    assert esme.manufacturer and esme.model
    load_signed_cpl(dcc, esme.model, manufacturer=esme.manufacturer)
    j = journeys(dcc)

    def update(image: bytes, expect: str) -> str:
        body = (f"<sr:UpdateFirmware><sr:FirmwareImage>{base64.b64encode(image).decode()}</sr:FirmwareImage>"
                f"<sr:FirmwareVersion>00000002</sr:FirmwareVersion><sr:DeviceIDList>{esme.device_id}"
                "</sr:DeviceIDList></sr:UpdateFirmware>")
        return j.send("update firmware", "90-B3-D5-1F-30-00-00-02", "11.1", body, expect=expect).note

    assert "is not on the Certified Products List" in update(b"an uncertified image", "E110101")
    assert f"image certified for {esme.manufacturer} {esme.model}" in update(IMAGE, "E12")  # then: not yet implemented
