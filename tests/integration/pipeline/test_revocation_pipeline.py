"""R-PKI-1 through the gateway with real signed requests (SQLite, real crypto, virtual time): a revoked
supplier certificate is refused on its very next request, and so is a signed Pre-Command (CV5) signed with
a revoked digital-signing certificate; nothing reaches the device."""

from __future__ import annotations

from gbdcc import bootstrap
from gbdcc.domain.ids import RequestId
from gbdcc.domain.inventory import DeviceType
from gbdcc.domain.requests import RequestState
from gbdcc.domain.smki import KeyUsage, RemotePartyRole, RevocationReason

from .conftest import Dcc

READ = "<sr:ReadInstantaneousImportRegisters/>"


def test_r_pki_1_revoked_supplier_certificate_is_refused_on_its_next_request(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    before = dcc.submit(dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ))
    assert before.decision.response_code == "I99"
    revocation = bootstrap.build_revocation(dcc.instance)
    applied = revocation.revoke(dcc.supplier.xml_cert.serial_number, reason=RevocationReason.KEY_COMPROMISE)
    assert [r.serial for r in applied.newly_revoked] == [dcc.supplier.xml_cert.serial_number]
    refused = dcc.submit(dcc.request(dcc.supplier, esme.device_id, "4.1.1", READ))
    assert refused.duis and refused.decision.response_code == "E1"
    assert refused.error is not None and (refused.error.code, refused.error.rule) == ("GBDCC-860", "R-PKI-1")
    assert "revoked" in refused.error.reason and "keyCompromise" in refused.error.reason
    sent = dcc.instance.pipeline.sm_wan.stats.sent
    dcc.run()
    assert dcc.instance.pipeline.sm_wan.stats.sent == sent + 1  # only the request admitted before revocation
    other = dcc.submit(dcc.request(dcc.dno, esme.device_id, "4.1.1", READ))  # another User is unaffected
    assert other.error is None or other.error.code != "GBDCC-860"


def test_r_pki_1_cv5_signed_with_a_revoked_digital_signing_certificate_is_refused(dcc: Dcc) -> None:
    esme = dcc.first(DeviceType.ESME)
    cv4 = dcc.request(dcc.supplier, esme.device_id, "7.2", "<sr:DisableSupply/>", cv=4)
    first = dcc.submit(cv4)
    assert first.decision.response_code == "I0"
    with dcc.instance.uow_factory(read_only=True) as uow:
        [ds] = [r for r in uow.certificates.by_eui_usage(dcc.supplier.eui, KeyUsage.DIGITAL_SIGNATURE)
                if r.role is RemotePartyRole.SUPPLIER]
    bootstrap.build_revocation(dcc.instance).revoke(ds.serial)
    sent = dcc.instance.pipeline.sm_wan.stats.sent
    refused = dcc.submit(dcc.signed_precommand(dcc.supplier, cv4, first))
    assert refused.duis and refused.decision.response_code == "E1"
    assert refused.error is not None and (refused.error.code, refused.error.rule) == ("GBDCC-860", "R-PKI-1")
    dcc.run()
    assert dcc.instance.pipeline.sm_wan.stats.sent == sent
    with dcc.instance.uow_factory(read_only=True) as uow:
        stored = uow.requests.get(RequestId.parse(first.request_id or ""))
    assert stored is not None and stored.state is RequestState.AWAITING_SIGNED_PRECOMMAND
