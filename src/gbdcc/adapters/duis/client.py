"""A User-side DUIS client — what a supplier's adapter does (backs ``gbdcc duis send``).

It signs requests with the User's XML-signing key, POSTs each to the web service its Command Variant
belongs to, and for a critical request follows the critical flow itself (DUIS 3.5): CV4 to Transform →
the Pre-Command from the I0 → correlate it with the request (``adapters.gbcs.correlate``: the grouping
header, and every value — the request transformed again here must give the same command) → sign it with the
User's GBCS digital-signing key → send it back as CV5 with the same RequestID → I99, the Service
Response following to the User's receive-response address.
"""

from __future__ import annotations

import base64
import ssl
from dataclasses import dataclass
from pathlib import Path

import httpx
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from lxml import etree

from gbdcc.adapters.duis.namespaces import SR
from gbdcc.adapters.duis.request import parse_request
from gbdcc.adapters.duis.safe_xml import parse_xml
from gbdcc.adapters.duis.sign_tool import sign_request
from gbdcc.adapters.gbcs import frame
from gbdcc.adapters.gbcs.correlate import correlate
from gbdcc.domain.catalogue import web_service_for
from gbdcc.domain.errors import CryptoError, GbdccError

NS = {"sr": SR}


class ClientError(GbdccError):
    """The DCC could not be reached, or did not answer as DUIS says it does."""

    code = "GBDCC-130"
    default_rule = "DUIS-CLIENT"


@dataclass(frozen=True)
class Reply:
    """One synchronous DUIS reply."""

    status: int
    body: bytes
    response_code: str | None
    headers: dict[str, str]

    @property
    def xml(self) -> etree._Element | None:
        try:
            return parse_xml(self.body) if self.body.lstrip().startswith(b"<") else None
        except GbdccError:
            return None


class DuisClient:
    def __init__(self, base_url: str, *, xml_key: ec.EllipticCurvePrivateKey | None = None,
                 xml_cert: x509.Certificate | None = None, gbcs_key: ec.EllipticCurvePrivateKey | None = None,
                 timeout: float = 30.0, fresh_counter: bool = False, tls: ssl.SSLContext | None = None) -> None:
        """``tls``: the context for an ``https://`` DCC (:func:`tls_context`: its CA, and the User's client
        certificate for mutual TLS); default the system's trust store."""
        self._fresh = fresh_counter
        self._base = base_url.rstrip("/")
        self._xml_key = xml_key
        self._xml_cert = xml_cert
        self._gbcs_key = gbcs_key
        self._http = httpx.Client(timeout=timeout, verify=tls if tls is not None else True)

    def post(self, signed: bytes) -> Reply:
        """POST a signed request to the web service of its Command Variant."""
        path = web_service_for(parse_request(signed).command_variant).path
        url = self._base + path
        try:
            reply = self._http.post(url, content=signed, headers={"Content-Type": "application/xml"})
        except httpx.HTTPError as exc:
            raise ClientError(f"cannot reach the DCC at {url}: {exc} (start it with `gbdcc up`, or give "
                              "--url / GBDCC_URL)") from None
        root = None
        if reply.headers.get("content-type", "").startswith("application/xml"):
            try:
                root = parse_xml(reply.content)
            except GbdccError:
                root = None
        code = root.findtext("sr:Header/sr:ResponseCode", namespaces=NS) if root is not None else None
        return Reply(reply.status_code, reply.content, code, dict(reply.headers))

    def send(self, request: bytes) -> list[Reply]:
        """Send a request (signed already, or signed here when the client has an XML key). A CV4 whose
        Pre-Command comes back is completed as CV5 when the client holds a GBCS signing key."""
        signed = self._sign(request, fresh=self._fresh) if self._xml_key is not None else request
        first = self.post(signed)
        if parse_request(signed).command_variant != 4 or first.response_code != "I0" or self._gbcs_key is None:
            return [first]
        return [first, self.post(self.signed_precommand(signed, first))]

    def signed_precommand(self, cv4: bytes, reply: Reply) -> bytes:
        """The CV5 for a CV4 and its I0 reply: the Pre-Command correlated, signed, and wrapped."""
        root = reply.xml
        text = root.findtext(".//sr:PreCommand/sr:GBCSPayload", namespaces=NS) if root is not None else None
        if not text:
            raise ClientError("the Transform reply carries no PreCommand")
        precommand = base64.b64decode(text)
        correlate(cv4, precommand)
        if self._gbcs_key is None:
            raise CryptoError("signing a Pre-Command needs the User's GBCS digital-signing key (--gbcs-key)")
        signed = frame.sign_precommand(precommand, self._gbcs_key)
        return self._sign(cv5_request(cv4, signed))

    def _sign(self, request: bytes, *, fresh: bool = False) -> bytes:
        """Sign; ``fresh`` sets the RequestID counter to the time in milliseconds (as the DCC's tool does)."""
        if self._xml_key is None or self._xml_cert is None:
            raise CryptoError("signing needs the User's XML-signing key and certificate (--key, --cert)")
        return sign_request(request, self._xml_key, self._xml_cert, preserve_counter=not fresh)

    def close(self) -> None:
        self._http.close()


def tls_context(ca: Path | None = None, cert: Path | None = None, key: Path | None = None) -> ssl.SSLContext:
    """A client TLS context: trust ``ca`` (else the system store) and present ``cert`` / ``key`` (mutual TLS)."""
    context = ssl.create_default_context(cafile=str(ca) if ca is not None else None)
    if (cert is None) != (key is None):
        raise ClientError("give both --tls-cert and --tls-key (a client certificate and its key)")
    if cert is not None and key is not None:
        try:
            context.load_cert_chain(cert, key)
        except (ssl.SSLError, ValueError) as exc:
            raise ClientError(f"{cert} and {key} are not a usable client certificate and key: {exc}") from None
    return context


def cv5_request(cv4: bytes, signed_precommand: bytes) -> bytes:
    """The unsigned CV5 request for a CV4: same RequestID and SRV, body ``SignedPreCommand``."""
    request = parse_request(cv4)
    ref, srv = request.service_reference, request.service_reference_variant
    payload = base64.b64encode(signed_precommand).decode("ascii")
    return (f'<sr:Request xmlns:sr="{SR}" schemaVersion="5.4"><sr:Header><sr:RequestID>{request.request_id}'
            f"</sr:RequestID><sr:CommandVariant>5</sr:CommandVariant><sr:ServiceReference>{ref}"
            f"</sr:ServiceReference><sr:ServiceReferenceVariant>{srv}</sr:ServiceReferenceVariant></sr:Header>"
            f"<sr:Body><sr:SignedPreCommand><sr:GBCSPayload>{payload}</sr:GBCSPayload></sr:SignedPreCommand>"
            "</sr:Body></sr:Request>").encode()
