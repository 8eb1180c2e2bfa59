"""Consent in the gateway (R-CONSENT-1..3): signed requests submitted to ``DuisGateway.submit`` directly — no
HTTP — on an in-memory instance with the demo parties, a simulated estate (SIMULATED devices) and an Other
User registered with keys from the instance's test PKI. Consent is recorded with the service use cases
(``service.compliance.consent_records``), as ``gbdcc consent`` and ``/admin/v1/consents`` do."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from gbdcc import bootstrap
from gbdcc.adapters.delivery.memory import RecordingReceivers
from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key, sign_request
from gbdcc.adapters.provisioning.demo import ensure_demo_parties
from gbdcc.adapters.provisioning.estate import ensure_estate
from gbdcc.adapters.provisioning.users import register_user
from gbdcc.adapters.wan.estate import generate_estate
from gbdcc.adapters.wan.scheduler import VirtualClock, VirtualScheduler
from gbdcc.config import Settings
from gbdcc.domain.catalogue import lookup, web_service_for
from gbdcc.domain.compliance.consent import ConsentPurpose
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus, StatusChange
from gbdcc.domain.requests import RequestState
from gbdcc.service.compliance.consent_records import (
    declare_compromise,
    give_consent,
    record_inform_attempt,
    record_notice,
    withdraw_consent,
)
from gbdcc.service.gateway import GatewayReply

SR = "http://www.dccinterface.co.uk/ServiceUserGateway"
T0 = datetime(2026, 6, 1, 9, tzinfo=UTC)
OTHER_USER = Eui64.parse("90-B3-D5-1F-30-0A-00-07")
PROFILE = ("<sr:ReadActiveImportProfileData><sr:ReadLogPeriod><sr:StartDateTime>2026-05-31T00:00:00.00Z"
           "</sr:StartDateTime><sr:EndDateTime>2026-06-01T00:00:00.00Z</sr:EndDateTime></sr:ReadLogPeriod>"
           "</sr:ReadActiveImportProfileData>")
DATA, HAN = frozenset({ConsentPurpose.CONSUMPTION_DATA}), frozenset({ConsentPurpose.HAN_JOIN})
UNKNOWN_CAD = Eui64.parse("00-DB-12-34-56-78-90-9C")  # not in the SMI: a Method B (Type 2) join to a meter


@dataclass
class Signer:
    eui: Eui64
    keys: Path
    counter: int = 100


class Dcc:
    def __init__(self, data_dir: Path) -> None:
        self.clock = VirtualClock(T0)
        self.instance = bootstrap.open_instance(Settings(data_dir=data_dir, demo_response_url="http://r.test/"),
                                                clock=self.clock, scheduler=VirtualScheduler(self.clock),
                                                delivery=RecordingReceivers(), in_memory=True)
        demo = ensure_demo_parties(self.instance)
        ensure_estate(self.instance, 8, parties=demo.estate)
        register_user(self.instance, eui=str(OTHER_USER), role="OU", name="Energy app (Other User)",
                      issue_keys_to=data_dir / "ou", response_url="http://ou.test/")
        self.supplier = Signer(demo.supplier, demo.supplier_keys)
        self.other_user = Signer(OTHER_USER, data_dir / "ou")
        premises = next(p for p in generate_estate(8, 1) if p.status is SmiStatus.COMMISSIONED
                        and p.device(DeviceType.ESME) and p.device(DeviceType.GSME) and p.device(DeviceType.IHD))
        self.esme, self.gsme, self.ihd = (self.device(premises.device(t).device_id)  # type: ignore[union-attr]
                                          for t in (DeviceType.ESME, DeviceType.GSME, DeviceType.IHD))
        assert self.esme.import_mpxn and self.gsme.import_mpxn
        self.mpan, self.mprn = self.esme.import_mpxn, self.gsme.import_mpxn
        self.cad = self._add_cad()

    def device(self, eui: Eui64) -> Device:
        with self.instance.uow_factory(read_only=True) as uow:
            found = uow.inventory.get(eui)
        assert found is not None
        return found

    def _add_cad(self) -> Device:
        """A Consumer Access Device on the premises' hub, in the SMI (as 8.11 leaves one)."""
        cad = Device(Eui64.parse("00-DB-12-34-56-78-90-CA"), DeviceType.CAD, SmiStatus.INSTALLED_NOT_COMMISSIONED, T0,
                     chf_id=self.esme.chf_id, history=(StatusChange(SmiStatus.INSTALLED_NOT_COMMISSIONED, T0, "test"),))
        with self.instance.uow_factory() as uow:
            uow.inventory.add(cad)
            uow.commit()
        return cad

    def send(self, who: Signer, target: Eui64, srv: str, body: str) -> GatewayReply:
        entry = lookup(srv)
        who.counter += 1
        xml = (f'<sr:Request xmlns:sr="{SR}" schemaVersion="5.4"><sr:Header><sr:RequestID>{who.eui}:{target}:'
               f"{who.counter}</sr:RequestID><sr:CommandVariant>1</sr:CommandVariant><sr:ServiceReference>"
               f"{entry.service_reference}</sr:ServiceReference><sr:ServiceReferenceVariant>{srv}"
               f"</sr:ServiceReferenceVariant></sr:Header><sr:Body>{body}</sr:Body></sr:Request>").encode()
        key = load_signing_key((who.keys / "xml-sign.key").read_bytes())
        cert = load_certificate((who.keys / "xml-sign.pem").read_bytes())
        return self.instance.gateway.submit(sign_request(xml, key, cert, preserve_counter=True), web_service_for(1))

    def profile(self, who: Signer | None = None) -> GatewayReply:
        return self.send(who or self.other_user, self.esme.device_id, "4.8.1", PROFILE)

    def han(self, who: Signer, srv: str, other: Eui64, target: Eui64 | None = None) -> GatewayReply:
        element = "JoinServiceNonCritical" if srv == "8.7.2" else "UnjoinServiceNonCritical"
        return self.send(who, target or self.gsme.device_id, srv,
                         f"<sr:{element}><sr:OtherDeviceID>{other}</sr:OtherDeviceID></sr:{element}>")

    def consent(self, who: Signer, mpxn: str, purposes: frozenset[ConsentPurpose], *, notice: bool = False) -> int:
        now = self.clock.now()
        record = give_consent(self.instance.uow_factory, who.eui, mpxn, purposes, now - timedelta(minutes=1),
                              third_party_notice_at=now - timedelta(minutes=1) if notice else None,
                              evidence="signed form (test)", lenient=True)
        assert record.consent_id is not None
        return record.consent_id

    def audit_states(self, reply: GatewayReply) -> list[tuple[RequestState, str, str]]:
        assert reply.request_id is not None
        with self.instance.uow_factory(read_only=True) as uow:
            records = uow.audit.for_request(reply.request_id)
        return [(a.state, a.decision.rule, a.decision.response_code) for a in records]


@pytest.fixture
def dcc(tmp_path: Path) -> Iterator[Dcc]:
    yield Dcc(tmp_path)


def refused(reply: GatewayReply, rule: str, code: str) -> bool:
    return reply.duis and reply.error is not None and reply.error.code == code and reply.decision.rule == rule \
        and reply.decision.response_code == "E4"


# --- R-CONSENT-1: Other Users' consumption data -------------------------------------------------------------


def test_r_consent_1_other_user_profile_read_refused_without_consent_admitted_with_it_refused_after_withdrawal(
        dcc: Dcc) -> None:
    before = dcc.profile()
    assert refused(before, "R-CONSENT-1", "GBDCC-840"), before.decision
    assert "Unambiguous Consent" in before.decision.reason and dcc.mpan in before.decision.reason
    assert dcc.audit_states(before) == [(RequestState.REJECTED, "R-CONSENT-1", "E4")] * 2  # request and response

    consent_id = dcc.consent(dcc.other_user, dcc.mpan, DATA)
    admitted = dcc.profile()
    assert admitted.error is None and admitted.decision.response_code == "I99", admitted.decision
    assert admitted.decision.rule == "R-CONSENT-1"  # the rule that let it through, in the audit trail too
    assert dcc.audit_states(admitted) == [(RequestState.ADMITTED, "R-CONSENT-1", "I99")] * 2

    dcc.clock.advance(60)
    withdraw_consent(dcc.instance.uow_factory, consent_id, dcc.clock.now())
    after = dcc.profile()
    assert refused(after, "R-CONSENT-1", "GBDCC-840"), after.decision


def test_r_consent_1_consent_at_the_gas_mprn_covers_the_premises_on_the_same_hub(dcc: Dcc) -> None:
    dcc.consent(dcc.other_user, dcc.mprn, DATA)
    assert dcc.profile().decision.response_code == "I99"


def test_r_consent_1_consent_for_another_purpose_or_another_user_does_not_count(dcc: Dcc) -> None:
    dcc.consent(dcc.other_user, dcc.mpan, HAN)  # joining a CAD, not data
    dcc.consent(dcc.supplier, dcc.mpan, DATA)  # the supplier's consent, not the Other User's
    assert refused(dcc.profile(), "R-CONSENT-1", "GBDCC-840")


def test_r_consent_1_a_supplier_reading_profile_data_is_not_gated(dcc: Dcc) -> None:
    reply = dcc.profile(dcc.supplier)
    assert reply.decision.response_code == "I99" and reply.decision.rule == "R-SR-1"


def test_r_consent_1_cad_join_and_unjoin_refused_without_consent(dcc: Dcc) -> None:
    for who in (dcc.supplier, dcc.other_user):
        for srv in ("8.7.2", "8.8.2"):
            reply = dcc.han(who, srv, dcc.cad.device_id)
            assert refused(reply, "R-CONSENT-1", "GBDCC-840"), (who.eui, srv, reply.decision)
            assert "CAD" in reply.decision.reason


def test_r_consent_1_supplier_ihd_join_needs_consent_but_no_third_party_notice(dcc: Dcc) -> None:
    assert refused(dcc.han(dcc.supplier, "8.7.2", dcc.ihd.device_id), "R-CONSENT-1", "GBDCC-840")
    dcc.consent(dcc.supplier, dcc.mpan, HAN)  # no notice: a supplier providing an IHD under its licence
    reply = dcc.han(dcc.supplier, "8.7.2", dcc.ihd.device_id)
    assert reply.decision.response_code == "I99" and reply.decision.rule == "R-CONSENT-1", reply.decision


# --- R-CONSENT-2: tell the consumer third parties may gain access ---------------------------------------------


def test_r_consent_2_cad_join_refused_until_the_consumer_is_told_of_third_party_access(dcc: Dcc) -> None:
    consent_id = dcc.consent(dcc.supplier, dcc.mpan, HAN)
    reply = dcc.han(dcc.supplier, "8.7.2", dcc.cad.device_id)
    assert refused(reply, "R-CONSENT-2", "GBDCC-841"), reply.decision
    assert dcc.audit_states(reply)[0][1] == "R-CONSENT-2"
    record_notice(dcc.instance.uow_factory, consent_id, dcc.clock.now())
    assert dcc.han(dcc.supplier, "8.7.2", dcc.cad.device_id).decision.response_code == "I99"


def test_r_consent_2_other_user_cad_join_needs_the_notice_and_unjoin_does_not(dcc: Dcc) -> None:
    dcc.consent(dcc.other_user, dcc.mpan, HAN)
    assert refused(dcc.han(dcc.other_user, "8.7.2", dcc.cad.device_id), "R-CONSENT-2", "GBDCC-841")
    assert dcc.han(dcc.other_user, "8.8.2", dcc.cad.device_id).decision.response_code == "I99"
    dcc.consent(dcc.other_user, dcc.mpan, HAN, notice=True)
    assert dcc.han(dcc.other_user, "8.7.2", dcc.cad.device_id).decision.response_code == "I99"


def test_r_consent_2_a_method_b_join_of_a_device_the_smi_does_not_know_is_a_type_2_join(dcc: Dcc) -> None:
    assert refused(dcc.han(dcc.supplier, "8.7.2", UNKNOWN_CAD), "R-CONSENT-1", "GBDCC-840")
    dcc.consent(dcc.supplier, dcc.mprn, HAN)
    assert refused(dcc.han(dcc.supplier, "8.7.2", UNKNOWN_CAD), "R-CONSENT-2", "GBDCC-841")  # not known as an IHD
    dcc.consent(dcc.supplier, dcc.mprn, HAN, notice=True)
    assert dcc.han(dcc.supplier, "8.7.2", UNKNOWN_CAD).decision.response_code == "I99"


# --- R-CONSENT-3: unjoin on a suspected compromise -------------------------------------------------------------


def test_r_consent_3_supplier_unjoins_a_compromising_cad_without_consent_once_it_tried_to_inform(dcc: Dcc) -> None:
    factory, now = dcc.instance.uow_factory, dcc.clock.now()
    declaration = declare_compromise(factory, dcc.supplier.eui, dcc.cad.device_id, now,
                                     "the CAD floods the HAN with join requests")
    reply = dcc.han(dcc.supplier, "8.8.2", dcc.cad.device_id)
    assert refused(reply, "R-CONSENT-1", "GBDCC-840"), reply.decision  # no attempt to inform recorded yet
    assert declaration.declaration_id is not None
    record_inform_attempt(factory, declaration.declaration_id, now, "letter posted to the premises")
    reply = dcc.han(dcc.supplier, "8.8.2", dcc.cad.device_id)
    assert reply.decision.response_code == "I99" and reply.decision.rule == "R-CONSENT-3", reply.decision
    assert {rule for _, rule, _ in dcc.audit_states(reply)} == {"R-CONSENT-3"}


def test_r_consent_3_the_declaration_allows_neither_a_join_nor_another_users_unjoin(dcc: Dcc) -> None:
    now = dcc.clock.now()
    declare_compromise(dcc.instance.uow_factory, dcc.supplier.eui, dcc.cad.device_id, now, "tampered CAD",
                       inform_attempt_at=now, inform_attempt="phoned the consumer")
    assert refused(dcc.han(dcc.supplier, "8.7.2", dcc.cad.device_id), "R-CONSENT-1", "GBDCC-840")
    assert refused(dcc.han(dcc.other_user, "8.8.2", dcc.cad.device_id), "R-CONSENT-1", "GBDCC-840")
    other_cad_reply = dcc.han(dcc.supplier, "8.8.2", UNKNOWN_CAD)  # declared for another device
    assert refused(other_cad_reply, "R-CONSENT-1", "GBDCC-840")


def test_r_consent_1_a_quarantined_request_released_after_its_consent_was_withdrawn_is_refused(dcc: Dcc) -> None:
    """Release authorises the request again as things are at release (SEC G6), consent included: a join admitted
    with consent, then quarantined, is refused once the consumer has withdrawn the consent."""
    from dataclasses import replace

    from gbdcc.domain.errors import ConsentRequired
    from gbdcc.domain.ids import RequestId
    from gbdcc.wiring.features import quarantine_desk

    consent_id = dcc.consent(dcc.supplier, dcc.mpan, HAN)
    reply = dcc.han(dcc.supplier, "8.7.2", dcc.ihd.device_id)
    assert reply.decision.response_code == "I99" and reply.request_id is not None
    rid = RequestId.parse(reply.request_id)
    with dcc.instance.uow_factory() as uow:  # as anomaly detection leaves a request it holds back
        stored = uow.requests.get(rid)
        assert stored is not None
        assert uow.requests.update(replace(stored, state=RequestState.QUARANTINED), stored.state)
        uow.commit()
    dcc.clock.advance(60)
    withdraw_consent(dcc.instance.uow_factory, consent_id, dcc.clock.now())
    desk = quarantine_desk(dcc.instance.settings, dcc.instance.uow_factory, dcc.clock, identity=dcc.instance.identity)
    with pytest.raises(ConsentRequired) as err:
        desk.release(dcc.supplier.eui, rid)
    assert err.value.rule == "R-CONSENT-1"
    with dcc.instance.uow_factory(read_only=True) as uow:
        still = uow.requests.get(rid)
    assert still is not None and still.state is RequestState.QUARANTINED  # nothing released
