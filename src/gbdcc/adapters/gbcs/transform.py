"""DUIS → GBCS transform (DUIS 5.4 §3.5 "Transform", GBCS 7.2 / 13.3, SEC H4).

``transform(request, ctx)`` maps a DUIS Service Request to its GBCS command:

* the use case comes from SRV + body element (+ target device type, + body shape) — the data table
  in :mod:`.payload.usecases`;
* the payload is the use case's template rendered with the request body and the context;
* the grouping header carries the originator (the User, or the DCC's ACB / TransCoS for
  DCC-originated commands, with the User's ID and counter as supplementary remote party), the
  originator counter, the target device, the message code and — if given — a date-time;
* critical SRVs (catalogue) give the Pre-Command the User must sign (General-Signing without
  signature, RTDS form); non-critical ones give a General-Ciphering command MAC'd by the ACB
  (KDF from the ACB key-agreement key and the device's).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lxml import etree

from gbdcc.adapters.gbcs import crypto, frame
from gbdcc.adapters.gbcs.header import CraFlag, GroupingHeader, OtherInformation, encode_dlms_datetime
from gbdcc.adapters.gbcs.keys import KeyRing
from gbdcc.adapters.gbcs.payload import usecases
from gbdcc.adapters.gbcs.payload.source import BodySource, body_values
from gbdcc.adapters.gbcs.payload.template import UseCase, Variant
from gbdcc.domain import catalogue
from gbdcc.domain.errors import CryptoError, GbcsError, GbdccError
from gbdcc.domain.ids import Eui64, RequestId
from gbdcc.domain.smki import KeyUsage

SR = "http://www.dccinterface.co.uk/ServiceUserGateway"
ACB_EUI = Eui64.parse("90-B3-D5-1F-30-00-00-02")
TRANSCOS_EUI = Eui64.parse("90-B3-D5-1F-30-00-00-04")


class UnsupportedUseCase(GbcsError):
    """No GBCS use case in gbdcc's table for this SRV / body element / device type."""

    code = "GBDCC-720"


@dataclass(frozen=True, slots=True)
class TransformContext:
    """What the transform needs beyond the request.

    ``counter``: originator counter of the GBCS command — the User's RequestID counter when the User
    originates (default), the ACB's (or TransCoS's) own counter for DCC-originated commands.
    ``keys``: key ring with the ACB key-agreement private key and the device key-agreement
    certificates (and, for DCC-signed commands, the originator's DS private key).
    ``device_type``: the target's device type (ESME, GSME, GPF, CHF, PPMID, IHD…) from the inventory.
    ``date_time``: the date-time to stamp in the grouping header; ``None`` leaves it absent (RTDS).
    ``user_role``: the requesting User's remote-party role (``SUPPLIER``, ``NETWORK_OPERATOR``… as
    :class:`gbdcc.domain.smki.RemotePartyRole` names) — selects role-specific use cases (ECS25r1/r2,
    ECS35f/g).
    ``device_facts``: what the inventory knows about the target's device model that GBCS use cases
    depend on: ``polyphase`` (ECS23b / ECS26k / ECS29f) and ``legacy-gbcs`` (a model that only
    supports the superseded use case, e.g. ECS08 rather than ECS08a).
    ``remote_party``: the User on whose behalf the DCC itself requests (RequestID originator = the
    ACB, e.g. CS08 to a PPMID / HCALCS): the device's registered supplier, from registration data. It
    becomes the supplementary remote party of the ACB-originated command (GBCS 7.2.8), so the response
    reaches that User.
    """

    keys: KeyRing
    counter: int | None = None
    device_type: str | None = None
    acb: Eui64 = ACB_EUI
    transcos: Eui64 = TRANSCOS_EUI
    date_time: datetime | None = None
    user_role: str | None = None
    device_facts: frozenset[str] = frozenset()
    remote_party: Eui64 | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: Signs a TransCoS-originated command (CS02b of 6.23) instead of a key in ``keys``: the segregated CoS
    #: Party, given the grouping header, the bytes to sign and the request element.
    countersign: Callable[[GroupingHeader, bytes, etree._Element], bytes] | None = None


@dataclass(frozen=True, slots=True)
class _Request:
    request_id: RequestId
    srv: str
    element: etree._Element  # the request element (child of sr:Body)

    @property
    def body_name(self) -> str:
        return str(etree.QName(self.element).localname)


def _as_request(request: Any) -> _Request:
    """Accept a ``DuisRequest`` (gbdcc.adapters.duis.request) or an lxml root element."""
    if hasattr(request, "request_id") and hasattr(request, "body"):
        body = request.body
        if etree.QName(body).localname == "Body":
            body = next(el for el in body if isinstance(el.tag, str))
        return _Request(request.request_id, request.service_reference_variant, body)
    root = request.getroot() if hasattr(request, "getroot") else request
    rid = root.findtext(f"{{{SR}}}Header/{{{SR}}}RequestID")
    srv = root.findtext(f"{{{SR}}}Header/{{{SR}}}ServiceReferenceVariant")
    body = root.find(f"{{{SR}}}Body")
    if rid is None or srv is None or body is None:
        raise GbcsError("not a DUIS request: RequestID, ServiceReferenceVariant or Body missing")
    elements = [el for el in body if isinstance(el.tag, str)]
    if not elements:
        raise GbcsError("DUIS request body is empty")
    return _Request(RequestId.parse(rid), srv.strip(), elements[0])


def body_shape(element: etree._Element) -> frozenset[str]:
    """The set of leaf paths (indexes dropped) of a request body: what selects a payload variant."""
    return frozenset(re.sub(r"\[\d+\]", "", p) for p, _ in body_values(element))


def _facts(element: etree._Element, user_role: str | None, device_facts: frozenset[str]) -> dict[str, object]:
    facts: dict[str, object] = {"@role": user_role, "@fact": device_facts}
    for path, text in body_values(element):
        values = facts.setdefault(re.sub(r"\[\d+\]", "", path), [])
        assert isinstance(values, list)
        values.append(text)
    return facts


def select(
    request: Any,
    device_type: str | None = None,
    user_role: str | None = None,
    device_facts: frozenset[str] = frozenset(),
) -> tuple[UseCase, Variant]:
    """The GBCS use case and payload variant a DUIS request maps to (see :func:`usecases.find`)."""
    req = _as_request(request)
    found = usecases.find(req.srv, req.body_name, body_shape(req.element), device_type,
                          _facts(req.element, user_role, device_facts))
    if found is None:
        raise UnsupportedUseCase(f"no GBCS use case for SRV {req.srv} / {req.body_name} ({device_type})")
    return found


def build(request: Any, ctx: TransformContext) -> tuple[GroupingHeader, bytes, UseCase, Variant]:
    """Grouping header and payload of the command (before framing)."""
    req = _as_request(request)
    uc, variant = select(request, ctx.device_type, ctx.user_role, ctx.device_facts)
    user = req.request_id.originator
    base = variant.mode.split("+")[0]
    if user == ctx.acb and "srp" in variant.mode and ctx.remote_party is not None:
        # the DCC requests on a User's behalf (RequestID originator = ACB, e.g. CS08): the ACB
        # originates the command and that User is the supplementary remote party (GBCS 7.2.8)
        base, user = "acb", ctx.remote_party
    originator = {"user": user, "acb": ctx.acb, "transcos": ctx.transcos}[base]
    counter = ctx.counter if ctx.counter is not None else req.request_id.counter
    if "srp" in variant.mode:
        # an Unknown Remote Party's KA certificate (DUIS KAPublicSecurityCredentials, ECS21b / GCS16b /
        # GCS61 "URP") travels in the header so the device can encrypt its response (GBCS 7.2.8.2)
        ka = BodySource(req.element, {}).text("KAPublicSecurityCredentials")
        other = OtherInformation(uc.message_code, user, req.request_id.counter,
                                 supplementary_remote_party_ka_certificate=base64.b64decode(ka) if ka else None)
    else:
        other = OtherInformation(uc.message_code)
    header = GroupingHeader(
        cra_flag=CraFlag.COMMAND,
        originator_counter=counter,
        originator=originator,
        recipient=req.request_id.target,
        other_information=other,
        date_time=None if ctx.date_time is None else encode_dlms_datetime(ctx.date_time),
    )
    src = BodySource(
        req.element,
        {
            "counter": counter,
            "originator": originator.to_bytes(),
            "recipient": req.request_id.target.to_bytes(),
            "request_counter": req.request_id.counter,
            "user": user.to_bytes(),
            **ctx.extra,
        },
    )
    return header, variant.payload.render(src), uc, variant


def is_critical(srv: str) -> bool:
    try:
        return catalogue.lookup(srv).critical
    except GbdccError:  # an SRV the catalogue does not know is treated as non-critical
        return False


def transform(request: Any, ctx: TransformContext) -> bytes:
    """The GBCS bytes for a DUIS request: Pre-Command (critical SRV, User-originated) or MAC'd
    command (non-critical, or DCC-originated) — see the module docstring."""
    req = _as_request(request)
    header, payload, _uc, variant = build(request, ctx)
    if is_critical(req.srv) and variant.mode == "user":
        return frame.encode_precommand(header, payload)
    signature = None
    if variant.mode.endswith("+signed"):
        unsigned = frame.encode_general_signing(header, payload, signature_length_byte=False)
        if variant.mode.startswith("transcos") and ctx.countersign is not None:
            signature = ctx.countersign(header, unsigned[1:], req.element)
        else:
            ds = ctx.keys.private_key(header.originator, KeyUsage.DIGITAL_SIGNATURE)
            if ds is None:
                raise CryptoError(f"no digital-signing private key for originator {header.originator}")
            signature = crypto.sign(ds, unsigned[1:])
    acb_ka = ctx.keys.private_key(ctx.acb, KeyUsage.KEY_AGREEMENT)
    device_ka = ctx.keys.public_key(header.recipient, KeyUsage.KEY_AGREEMENT)
    if acb_ka is None or device_ka is None:
        raise CryptoError(f"MAC needs the ACB KA private key and the KA certificate of {header.recipient}")
    return frame.encode_mac_command(header, payload, (acb_ka, device_ka), signature=signature)
