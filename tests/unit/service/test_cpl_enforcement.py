"""The CPL in the DCC, handlers called directly over the in-memory unit of work with a real IKI (R-PKI-2,
R-SEC-3): loading verifies before storing; 8.1.1 is refused for a device whose model is not on the CPL in
force; 11.1 with an image hash off the CPL is refused with the CPL rule before the not-built refusal; with no
CPL loaded enforcement is off; the stored CPL is verified again before use; ``report cpl``."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from gbdcc.adapters.db.memory import InMemoryUnitOfWorkFactory
from gbdcc.adapters.smki.cpl_file import IkiCplVerifier, sign_cpl
from gbdcc.adapters.smki.iki import DEFAULT_SECCO_PARTY_SIGNIFIER, Iki
from gbdcc.domain import cpl
from gbdcc.domain.catalogue import WebService, lookup
from gbdcc.domain.compliance.report import column
from gbdcc.domain.errors import (
    CplSignatureInvalid,
    CplVersionStale,
    DeviceNotCertified,
    FirmwareNotCertified,
    NotImplementedService,
)
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus
from gbdcc.domain.parties import UserRole
from gbdcc.service.cpl.enforcement import CplCommissioning, CplFirmwareUpdate, CplInForce
from gbdcc.service.cpl.load import load_cpl
from gbdcc.service.cpl.report import CplReport
from gbdcc.service.handlers import HandlerResult, RequestContext
from gbdcc.service.messages import InboundRequest
from gbdcc.service.ports import UnitOfWork

NOW = datetime.now(UTC).replace(microsecond=0)
ESME = Eui64.parse("00-DB-12-34-56-78-90-B0")
SUPPLIER = "90-B3-D5-1F-30-01-00-00"
IMAGE = b"\x1e\xf1 a GBCS firmware image (simulated)"


@pytest.fixture(scope="module")
def iki() -> Iki:
    return Iki.generate(DEFAULT_SECCO_PARTY_SIGNIFIER, NOW)


@pytest.fixture
def verifier(iki: Iki) -> IkiCplVerifier:
    return IkiCplVerifier(iki.root.cert, DEFAULT_SECCO_PARTY_SIGNIFIER)


@pytest.fixture
def factory() -> InMemoryUnitOfWorkFactory:
    f = InMemoryUnitOfWorkFactory()
    with f() as uow:
        uow.inventory.add(Device(ESME, DeviceType.ESME, SmiStatus.INSTALLED_NOT_COMMISSIONED, NOW,
                                 manufacturer="SimMeter Ltd", model="SM-ESME"))
        uow.commit()
    return f


def signed(iki: Iki, version: int, *models: str, image_hash: str | None = None) -> bytes:
    digest = image_hash or hashlib.sha256(IMAGE).hexdigest()
    listed = cpl.build({"version": version, "issued_at": "2026-06-01T00:00:00Z", "entries": [
        {"device_type": "ESME", "manufacturer": "SimMeter Ltd", "model": m, "hardware_version": "HW1",
         "firmware": [{"version": "00000001", "sha256": digest}]} for m in models]})
    return sign_cpl(cpl.canonical_bytes(listed), iki)


def load(factory: InMemoryUnitOfWorkFactory, data: bytes, verifier: IkiCplVerifier) -> None:
    with factory() as uow:
        load_cpl(uow, data, verifier, NOW)
        uow.commit()


def context(srv: str, body_name: str, body: dict[str, Any], target: Eui64) -> RequestContext:
    entry = lookup(srv)
    rid = RequestId.parse(f"{SUPPLIER}:{target}:1")
    request = InboundRequest(b"", rid, 4 if entry.critical else 8, entry.service_reference, srv, body_name,
                             body, "CN=X", 1)  # type: ignore[arg-type]
    return RequestContext(request, entry, UserRole.IMPORT_SUPPLIER, NOW, False, WebService.TRANSFORM)


class Admission:
    """Stands in for the device admission handler the CPL check hands a certified 8.1.1 to."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
        self.calls += 1
        return HandlerResult("DUIS-3.5", "admitted", response_code="I0")


def commission(factory: InMemoryUnitOfWorkFactory, verifier: IkiCplVerifier, admission: Admission) -> HandlerResult:
    handler = CplCommissioning(admission, CplInForce(verifier))
    with factory() as uow:
        return handler(uow, context("8.1.1", "CommissionDeviceSynchroniseClock", {}, ESME))


def test_r_pki_2_a_device_model_not_on_the_signed_cpl_cannot_be_commissioned(
        factory: InMemoryUnitOfWorkFactory, iki: Iki, verifier: IkiCplVerifier) -> None:
    load(factory, signed(iki, 1, "SM-OTHER"), verifier)
    admission = Admission()
    with pytest.raises(DeviceNotCertified) as refused:
        commission(factory, verifier, admission)
    assert (refused.value.code, refused.value.rule, refused.value.response_code) == ("GBDCC-855", "R-PKI-2", "E5")
    assert "not on the Certified Products List in force (version 1)" in refused.value.reason
    assert admission.calls == 0
    load(factory, signed(iki, 2, "SM-OTHER", "SM-ESME"), verifier)  # a newer CPL lists the model
    assert commission(factory, verifier, admission).response_code == "I0" and admission.calls == 1


def test_r_pki_2_with_no_cpl_loaded_enforcement_is_off(factory: InMemoryUnitOfWorkFactory,
                                                      verifier: IkiCplVerifier) -> None:
    admission = Admission()
    assert commission(factory, verifier, admission).response_code == "I0" and admission.calls == 1
    with pytest.raises(NotImplementedService):
        update_firmware(factory, verifier, IMAGE)


def test_r_pki_2_a_stored_cpl_altered_in_the_database_is_not_used(
        factory: InMemoryUnitOfWorkFactory, iki: Iki, verifier: IkiCplVerifier) -> None:
    load(factory, signed(iki, 1, "SM-ESME"), verifier)
    with factory() as uow:  # someone with database access edits the stored file
        stored = uow.cpl.in_force()
        assert stored is not None
        state = uow._state()  # the in-memory unit's state: the row replaced in place
        body = json.loads(stored.signed_file)  # change one byte of the signed document, the file well formed
        document = bytearray(base64.b64decode(body["document"]))
        document[document.index(b"SM-ESME")] ^= 0x01
        body["document"] = base64.b64encode(bytes(document)).decode("ascii")
        tampered = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("ascii") + b"\n"
        state.cpl_versions[1] = replace(stored, signed_file=tampered)
        uow.commit()
    with pytest.raises(CplSignatureInvalid):
        commission(factory, verifier, Admission())


def test_r_pki_2_a_cpl_version_not_above_the_one_in_force_is_refused(
        factory: InMemoryUnitOfWorkFactory, iki: Iki, verifier: IkiCplVerifier) -> None:
    load(factory, signed(iki, 4, "SM-ESME"), verifier)
    with pytest.raises(CplVersionStale, match="not above version 4"):
        load(factory, signed(iki, 3, "SM-ESME"), verifier)
    with pytest.raises(CplSignatureInvalid):  # verified before anything is stored
        load(factory, signed(Iki.generate(DEFAULT_SECCO_PARTY_SIGNIFIER, NOW), 5, "SM-ESME"), verifier)
    with factory() as uow:
        assert [r.version for r in uow.cpl.versions()] == [4]


def update_firmware(factory: InMemoryUnitOfWorkFactory, verifier: IkiCplVerifier, image: bytes) -> None:
    body = {"FirmwareImage": base64.b64encode(image).decode(), "FirmwareVersion": "00000001",
            "DeviceIDList": str(ESME)}
    with factory() as uow:
        CplFirmwareUpdate(CplInForce(verifier))(uow, context("11.1", "UpdateFirmware", body, Eui64.parse(
            "90-B3-D5-1F-30-00-00-02")))


def test_r_pki_2_a_firmware_image_not_on_the_cpl_is_refused_before_the_scope_refusal(
        factory: InMemoryUnitOfWorkFactory, iki: Iki, verifier: IkiCplVerifier) -> None:
    load(factory, signed(iki, 1, "SM-ESME"), verifier)
    with pytest.raises(FirmwareNotCertified) as refused:
        update_firmware(factory, verifier, IMAGE + b"!")
    assert (refused.value.code, refused.value.rule, refused.value.response_code) == ("GBDCC-856", "R-PKI-2",
                                                                                   "E110101")
    assert hashlib.sha256(IMAGE + b"!").hexdigest() in refused.value.reason
    with pytest.raises(NotImplementedService, match="image certified for SimMeter Ltd SM-ESME"):
        update_firmware(factory, verifier, IMAGE)  # certified: on to the refusal that 11.1 is not built


def test_r_pki_2_report_cpl_shows_the_cpl_in_force_its_signer_and_verification(
        factory: InMemoryUnitOfWorkFactory, iki: Iki, verifier: IkiCplVerifier) -> None:
    report = CplReport(verifier)
    with factory() as uow:
        empty = report(uow, NOW)
    assert empty.rows == () and str(empty.summary["enforcement"]).startswith("off")
    load(factory, signed(iki, 7, "SM-ESME", "SM-ESME-2"), verifier)
    with factory() as uow:
        shown = report(uow, NOW)
    assert shown.rule == "R-PKI-2" and shown.summary["cpl_in_force"] == 7
    assert shown.summary["verification"] == "verified" and shown.summary["enforcement"] == "on"
    assert shown.summary["party_signifier"] == str(DEFAULT_SECCO_PARTY_SIGNIFIER)
    assert "CN=SECCo" in str(shown.summary["signer"])
    assert column(shown, "model") == ["SM-ESME", "SM-ESME-2"]
    with factory() as uow:  # held by a DCC whose IKI root is another: the report says it does not verify
        other = CplReport(IkiCplVerifier(Iki.generate(DEFAULT_SECCO_PARTY_SIGNIFIER, NOW).root.cert,
                                         DEFAULT_SECCO_PARTY_SIGNIFIER))(uow, NOW)
    assert str(other.summary["verification"]).startswith("FAILED: GBDCC-851 [R-PKI-2]") and other.rows == ()
