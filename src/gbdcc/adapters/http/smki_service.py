"""HTTP adapter: the SMKI repository service in the shape DCC Boxed serves it (its own port, 8083 by default).

``POST /services/certificatesearch?apikey=K`` with ``<CertificateSearchRequest>`` holding one of
``CertificateSubjectName`` (an organisation's EUI-64, ``90-B3-D5-1F-30-00-00-01``) or
``CertificateSubjectAltName`` (a device's), optionally narrowed by ``CertificateRole``, ``CertificateUsage``
(``DS``/``KA``) and ``CertificateStatus`` (``P I N E R``), answers ``<CertificateSearchResponse>`` with one
``<Result>`` per certificate; ``POST /services/retrievecertificate?apikey=K`` with
``<CertificateDataRequest><CertificateSerial>`` (hex) answers ``<CertificateDataResponse>`` whose
``CertificateResponse/CertificateBody`` is the base64 DER. ``application/xml`` both ways.

Status codes as DCC Boxed's clients read them (``dccboxed-keystore``'s ``certificateSearch``): 200 with
results, 402 when nothing matches, 401 for a request that cannot be read or a wrong API key. The API key
is only checked when one is configured (``GBDCC_SMKI_API_KEY``; boxed mode uses DCC Boxed's published
key): certificates are public, the key is compatibility, not security. Request bodies go through the
same hostile-XML parser as DUIS requests, with a small size limit.

The repository also publishes the SMKI's revocation lists (R-PKI-1): ``GET /crl`` lists the latest list of
each Organisation / Device CA (JSON), ``GET /crl/<issuer DN>`` answers that CA's latest list as DER
(``application/pkix-crl``), 404 for an issuer it holds none of — IKI and ICA lists are never held here.
Every list served was verified against its CA's certificate before it was stored.
"""

from __future__ import annotations

import base64
import itertools
import time
from collections.abc import Callable

from fastapi import FastAPI, Request, Response
from lxml import etree
from starlette.concurrency import run_in_threadpool

from gbdcc.adapters.duis.safe_xml import DEFAULT_LIMITS, parse_xml
from gbdcc.domain.errors import GbdccError
from gbdcc.domain.ids import Eui64
from gbdcc.domain.revocation import CaScope
from gbdcc.domain.smki import CertificateStatus, KeyUsage, RemotePartyRole
from gbdcc.service.smki.directory import CertificateEntry, CertificateQuery, SmkiDirectory
from gbdcc.service.smki.revocation import RevocationService

CONTENT_TYPE = "application/xml"
MAX_REQUEST_BYTES = 16 * 1024
BOXED_API_KEY = "u3bg9gt38htd0j2"  # the key DCC Boxed's SMKI service and its clients use (published)
_USAGES = {"DS": KeyUsage.DIGITAL_SIGNATURE, "KA": KeyUsage.KEY_AGREEMENT}
_USAGE_CODES = {v: k for k, v in _USAGES.items()}
_SEARCH_FIELDS = {"CertificateSubjectName", "CertificateSubjectAltName", "CertificateRole", "CertificateUsage",
                  "CertificateStatus"}


class BadSmkiRequest(Exception):
    """A search or retrieval the service cannot read (answered 401, as DCC Boxed does)."""


def _fields(raw: bytes, root_tag: str, allowed: set[str]) -> dict[str, str]:
    try:
        root = parse_xml(raw, max_bytes=MAX_REQUEST_BYTES, limits=DEFAULT_LIMITS)
    except GbdccError as exc:
        raise BadSmkiRequest(exc.reason) from None
    if etree.QName(root).localname != root_tag:
        raise BadSmkiRequest(f"expected <{root_tag}>, got <{etree.QName(root).localname}>")
    out: dict[str, str] = {}
    for child in root:
        if not isinstance(child.tag, str):
            continue
        name = etree.QName(child).localname
        if name not in allowed:
            raise BadSmkiRequest(f"<{name}> is not a field of <{root_tag}>")
        if name in out:
            raise BadSmkiRequest(f"<{name}> given twice")
        out[name] = "".join(child.itertext()).strip()
    return out


def _eui(text: str, field: str) -> Eui64:
    try:
        return Eui64.parse(text)
    except GbdccError:
        raise BadSmkiRequest(f"{field} {text[:40]!r} is not an EUI-64") from None


def parse_search(raw: bytes) -> CertificateQuery:
    f = _fields(raw, "CertificateSearchRequest", _SEARCH_FIELDS)
    if ("CertificateSubjectName" in f) == ("CertificateSubjectAltName" in f):
        raise BadSmkiRequest("give exactly one of CertificateSubjectName and CertificateSubjectAltName")
    device = "CertificateSubjectAltName" in f
    subject = _eui(f["CertificateSubjectAltName" if device else "CertificateSubjectName"], "subject")
    role = usage = status = None
    if "CertificateRole" in f:
        text = f["CertificateRole"]
        if not (text.isascii() and text.isdigit() and len(text) <= 3):
            raise BadSmkiRequest(f"CertificateRole {text[:10]!r} is not a Remote Party Role number")
        try:
            role = RemotePartyRole(int(text))
        except ValueError:
            raise BadSmkiRequest(f"CertificateRole {text} is not a Remote Party Role") from None
    if "CertificateUsage" in f:
        if f["CertificateUsage"] not in _USAGES:
            raise BadSmkiRequest("CertificateUsage must be DS or KA")
        usage = _USAGES[f["CertificateUsage"]]
    if "CertificateStatus" in f:
        try:
            status = CertificateStatus(f["CertificateStatus"])
        except ValueError:
            raise BadSmkiRequest("CertificateStatus must be one of P I N E R") from None
    return CertificateQuery(subject, device, role, usage, status)


def parse_retrieve(raw: bytes) -> int:
    text = _fields(raw, "CertificateDataRequest", {"CertificateSerial"}).get("CertificateSerial", "")
    if not text or len(text) > 42 or not text.isascii() or any(c not in "0123456789abcdefABCDEF" for c in text):
        raise BadSmkiRequest("CertificateSerial must be the certificate's serial number in hex")
    return int(text, 16)


def _add(parent: etree._Element, tag: str, text: str) -> None:
    etree.SubElement(parent, tag).text = text


def _describe(parent: etree._Element, entry: CertificateEntry, *, body: bool) -> None:
    record = entry.record
    subject = str(record.subject_eui) if record.subject_eui is not None else ""
    _add(parent, "CertificateSubjectAltName" if entry.device else "CertificateSubjectName", subject)
    _add(parent, "CertificateSerial", f"{record.serial:X}")
    _add(parent, "CertificateStatus", entry.status.value)
    if body:
        b64 = base64.b64encode(record.der).decode("ascii")  # PEM-style 64-character lines: clients wrap it
        _add(parent, "CertificateBody", "\n".join(b64[i:i + 64] for i in range(0, len(b64), 64)))
    if not entry.device and record.role is not None:
        _add(parent, "CertificateRole", str(record.role.value))
    if record.key_usage is not None:
        _add(parent, "CertificateUsage", _USAGE_CODES[record.key_usage])
    _add(parent, "ManufacturingFlag", "false")


def _document(root_tag: str, code: int, message: str, audit: str,
              fill: Callable[[etree._Element], None] | None = None) -> bytes:
    root = etree.Element(root_tag)
    _add(root, "ResponseCode", str(code))
    _add(root, "ResponseMessage", message)
    _add(root, "AuditReference", audit)
    if fill is not None:
        fill(root)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def create_smki_app(directory: SmkiDirectory, *, api_key: str | None = None,
                    revocation: RevocationService | None = None) -> FastAPI:
    app = FastAPI(title="gbdcc SMKI repository service", docs_url=None, redoc_url=None, openapi_url=None)
    sequence = itertools.count(1)

    def audit_reference() -> str:
        return f"{int(time.time())}-{next(sequence):09d}"

    def answer(root_tag: str, code: int, message: str,
               fill: Callable[[etree._Element], None] | None = None) -> Response:
        return Response(_document(root_tag, code, message, audit_reference(), fill), status_code=code,
                        media_type=CONTENT_TYPE)

    async def body_of(request: Request) -> bytes:
        if api_key is not None and request.query_params.get("apikey") != api_key:
            raise BadSmkiRequest("missing or wrong apikey")
        raw = b""
        async for chunk in request.stream():
            raw += chunk
            if len(raw) > MAX_REQUEST_BYTES:
                raise BadSmkiRequest(f"request over {MAX_REQUEST_BYTES} bytes")
        return raw

    @app.post("/services/certificatesearch")
    async def certificate_search(request: Request) -> Response:
        tag = "CertificateSearchResponse"
        try:
            query = parse_search(await body_of(request))
        except BadSmkiRequest as exc:
            return answer(tag, 401, f"Invalid search parameters: {exc}")
        entries = await run_in_threadpool(directory.search, query)
        if not entries:
            return answer(tag, 402, "No certificates found")

        def fill(root: etree._Element) -> None:
            for entry in entries:
                _describe(etree.SubElement(root, "Result"), entry, body=False)

        return answer(tag, 200, "Success", fill)

    @app.post("/services/retrievecertificate")
    async def retrieve_certificate(request: Request) -> Response:
        tag = "CertificateDataResponse"
        try:
            serial = parse_retrieve(await body_of(request))
        except BadSmkiRequest as exc:
            return answer(tag, 401, f"Invalid search parameters: {exc}")
        entry = await run_in_threadpool(directory.retrieve, serial)
        if entry is None:
            return answer(tag, 402, "Certificate not found")
        return answer(tag, 200, "Success",
                      lambda root: _describe(etree.SubElement(root, "CertificateResponse"), entry, body=True))

    if revocation is not None:
        _revocation_routes(app, revocation)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _revocation_routes(app: FastAPI, revocation: RevocationService) -> None:
    """``GET /crl`` and ``GET /crl/{issuer}``: the SMKI's published revocation lists (R-PKI-1)."""

    @app.get("/crl")
    async def revocation_lists() -> list[dict[str, object]]:
        held = await run_in_threadpool(revocation.published)
        return [{"issuer": c.issuer, "number": c.number, "thisUpdate": c.this_update.isoformat(),
                 "nextUpdate": c.next_update.isoformat() if c.next_update else None, "revoked": len(c.entries),
                 "path": f"/crl/{c.issuer}"} for c in held if c.scope is not CaScope.OTHER]

    @app.get("/crl/{issuer:path}")
    async def revocation_list(issuer: str) -> Response:
        try:
            crl = await run_in_threadpool(revocation.latest, issuer)
        except GbdccError as exc:
            return Response(f"{exc}\n", status_code=404, media_type="text/plain")
        if crl.scope is CaScope.OTHER:  # never stored; refused here too (R-PKI-1)
            return Response("IKI and ICA revocation lists are not held in the SMKI Repository\n", status_code=404,
                            media_type="text/plain")
        return Response(crl.der, media_type="application/pkix-crl")
