"""Property test: whatever a signed request's body carries, the gateway answers with a DUIS refusal or an I0 —
never an unhandled error — and a refusal always names its code, rule and reason."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from gbdcc import bootstrap
from gbdcc.domain.catalogue import WebService

NS = {"sr": "http://www.dccinterface.co.uk/ServiceUserGateway"}
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=24)
EUIS = st.sampled_from(["00-DB-12-34-56-78-90-A2", "00-DB-12-34-56-78-90-A3", "00-DB-12-34-56-78-90-B0",
                        "00-00-00-00-00-00-00-00", "zz"])
STATUSES = st.sampled_from(["Pending", "InstalledNotCommissioned", "Commissioned", "Withdrawn", "Bogus"])


def _e(name: str, value: str) -> str:
    from xml.sax.saxutils import escape

    return f"<sr:{name}>{escape(value)}</sr:{name}>"


BODIES = st.one_of(
    st.tuples(st.just("12.2"), st.builds(lambda d, t, m: "<sr:DevicePrenotification>" + _e("DeviceID", d)
                                         + _e("DeviceManufacturer", m) + _e("DeviceModel", m) + _e("DeviceType", t)
                                         + "</sr:DevicePrenotification>",
                                         EUIS, st.sampled_from(["ESME", "GSME", "CHF", "TOASTER"]), TEXT)),
    st.tuples(st.just("8.2"), st.builds(lambda k, v: f"<sr:ReadInventory>{_e(k, v)}</sr:ReadInventory>",
                                        st.sampled_from(["DeviceID", "MPxN", "UPRN", "Nonsense"]), TEXT)),
    st.tuples(st.just("8.4"), st.builds(lambda d, k, v: "<sr:UpdateInventory>" + _e("DeviceID", d) + _e(k, v)
                                        + "</sr:UpdateInventory>", EUIS,
                                        st.sampled_from(["UpdateDeviceStatusExceptCH", "UpdateDeviceStatusCH"]),
                                        STATUSES)),
    st.tuples(st.just("8.3"), st.builds(lambda d: f"<sr:DecommissionDevice>{_e('DeviceID', d)}</sr:DecommissionDevice>",
                                        EUIS)),
    st.builds(lambda srv, el, d: (srv, f"<sr:{el}>{_e('DeviceID', d)}</sr:{el}>"),
              st.sampled_from(["8.14.1", "8.14.2", "8.14.3", "8.14.4", "8.2"]),
              st.sampled_from(["CHFInstallSuccessSMWAN", "CHFInstallSuccessNoSMWAN", "CHFFaultReturn",
                               "CHFNoFaultReturn"]), EUIS),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=BODIES)
def test_any_signed_body_gets_a_duis_answer(instance: bootstrap.Instance, supplier: Any,
                                            case: tuple[str, str]) -> None:
    srv, body = case
    reply = instance.gateway.submit(supplier.request(srv, body), WebService.NON_DEVICE)
    code = reply.decision.response_code
    assert code == "I0" or code.startswith("E")
    if code != "I0":
        assert reply.error_code and reply.decision.rule and reply.decision.reason
    if reply.content_type == "application/xml":
        root = etree.fromstring(reply.body)
        assert root.findtext("sr:Header/sr:ResponseCode", namespaces=NS) == code
