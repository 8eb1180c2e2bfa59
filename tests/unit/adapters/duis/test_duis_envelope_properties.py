"""Property tests over every envelope field (issue 8, class 1): whatever text an attacker puts in a RequestID part,
the CommandVariant, ServiceReference(Variant), FirstInSequence, PrecedingServiceRequestID, schemaVersion, a body
identifier or the KeyInfo issuer and serial — Unicode digits, white space variants, overlong values, mixed
scripts — the request path (parse → XSD → header → KeyInfo) either refuses it with a ``GbdccError`` (E1) or acts
on exactly the ASCII value written, never raises anything else."""

from __future__ import annotations

from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from hypothesis import given, settings
from hypothesis import strategies as st

from gbdcc.adapters.duis.request import parse_request
from gbdcc.adapters.duis.signature import signature_key_info
from gbdcc.adapters.http.app import status_for_error
from gbdcc.adapters.smki.names import normalise_issuer
from gbdcc.domain.errors import GbdccError
from gbdcc.domain.ids import XML_SPACE

VALID = {
    "originator": "90-B3-D5-1F-30-01-00-00", "target": "90-B3-D5-1F-30-00-00-02", "counter": "1000",
    "FirstInSequence": "true", "PrecedingServiceRequestID": "90-B3-D5-1F-30-01-00-00:90-B3-D5-1F-30-00-00-02:999",
    "CommandVariant": "8", "ServiceReference": "8.2", "ServiceReferenceVariant": "8.2", "schemaVersion": "5.4",
    "DeviceID": "00-DB-12-34-56-78-90-A2", "X509IssuerName": "CN=Z1,OU=07", "X509SerialNumber": "1234567890",
}
ASCII_FIELDS = set(VALID) - {"X509IssuerName"}  # a distinguished name may legitimately hold non-ASCII text

UNICODE_DIGITS = "²³⁸₈٣۴३৪੫૬୭௮౯೦൧๒໓༤၅႖០᠑１𝟖"
SPACES = " \t\r\n\u00a0\u2003\u200b\u3000\u2028\ufeff\x85"
HOMOGLYPHS = "АВЕНОРСТХаеорсхΑΒΕΗΟΡΤΧοι"  # Cyrillic and Greek look-alikes of hex letters and digits
XML_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))


def _mutations(valid: str) -> st.SearchStrategy[str]:
    """Text derived from a valid value: a character replaced or inserted, padded, repeated, or arbitrary."""
    pool = st.sampled_from(UNICODE_DIGITS + SPACES + HOMOGLYPHS + "0123456789ABCDEFabcdef-:.+_ ") | XML_CHARS

    @st.composite
    def edit(draw: st.DrawFn) -> str:
        i = draw(st.integers(0, len(valid)))
        replace = draw(st.booleans())
        return valid[:i] + draw(pool) + valid[i + 1 if replace else i:]

    return st.one_of(
        edit(),
        st.tuples(st.text(st.sampled_from(SPACES), max_size=3), st.text(st.sampled_from(SPACES), max_size=3))
        .map(lambda p: p[0] + valid + p[1]),
        st.integers(2, 3000).map(lambda n: valid * n),
        st.text(XML_CHARS, max_size=30),
    )


FIELD_AND_TEXT = st.sampled_from(sorted(VALID)).flatmap(lambda f: st.tuples(st.just(f), _mutations(VALID[f])))


_CHAR_REFS = {"\r": "&#13;", "\n": "&#10;", "\t": "&#9;"}  # kept as written (no end-of-line normalisation)


def _document(field: str, text: str) -> bytes:
    v = {**VALID, field: text}

    def el(name: str) -> str:
        return f"<sr:{name}>{escape(v[name], _CHAR_REFS)}</sr:{name}>"

    return (
        '<sr:Request xmlns:sr="http://www.dccinterface.co.uk/ServiceUserGateway" '
        'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" '
        f'schemaVersion={quoteattr(v["schemaVersion"], _CHAR_REFS)}><sr:Header>'
        f"<sr:RequestID>{escape(v['originator'] + ':' + v['target'] + ':' + v['counter'], _CHAR_REFS)}</sr:RequestID>"
        + el("FirstInSequence") + el("PrecedingServiceRequestID") + el("CommandVariant") + el("ServiceReference")
        + el("ServiceReferenceVariant") + "</sr:Header><sr:Body><sr:ReadInventory>" + el("DeviceID")
        + "</sr:ReadInventory></sr:Body><ds:Signature><ds:SignedInfo>"
        '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
        '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"/>'
        '<ds:Reference URI=""><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>'
        "<ds:DigestValue>AA==</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>AA==</ds:SignatureValue>"
        "<ds:KeyInfo><ds:X509Data><ds:X509IssuerSerial>" + el("X509IssuerName").replace("sr:", "ds:")
        + el("X509SerialNumber").replace("sr:", "ds:") + "</ds:X509IssuerSerial></ds:X509Data></ds:KeyInfo>"
        "</ds:Signature></sr:Request>"
    ).encode()


def _read(raw: bytes) -> dict[str, str]:
    """The values the request path acts on, through the inner functions (no last-resort handler in the way)."""
    req = parse_request(raw)
    issuer, serial = signature_key_info(req.root)
    normalise_issuer(issuer)
    rid = req.request_id
    return {
        "originator": str(rid.originator), "target": str(rid.target), "counter": str(rid.counter),
        "FirstInSequence": str(req.first_in_sequence).lower(), "CommandVariant": str(req.command_variant),
        "PrecedingServiceRequestID": str(req.preceding_request_id), "ServiceReference": req.service_reference,
        "ServiceReferenceVariant": req.service_reference_variant, "schemaVersion": req.schema_version,
        "DeviceID": req.text("DeviceID") or "", "X509IssuerName": issuer, "X509SerialNumber": str(serial),
    }


SAME: dict[str, Callable[[str, str], bool]] = {
    "counter": lambda written, read: int(written.lstrip("+")) == int(read),
    "CommandVariant": lambda written, read: int(written.lstrip("+")) == int(read),
    "X509SerialNumber": lambda written, read: int(written.lstrip("+")) == int(read),
    "FirstInSequence": lambda written, read: {"1": "true", "0": "false"}.get(written, written) == read,
}


@settings(max_examples=400, deadline=None)
@given(case=FIELD_AND_TEXT)
def test_every_envelope_field_is_read_exactly_or_refused(case: tuple[str, str]) -> None:
    field, text = case
    try:
        values = _read(_document(field, text))
    except GbdccError as err:
        assert err.response_code == "E1" and 400 <= status_for_error(err) < 500
        return
    written = text.strip(XML_SPACE)
    if field in ASCII_FIELDS:
        assert written.isascii(), (field, text)
    same = SAME.get(field, lambda w, r: w.upper() == r.upper())
    assert same(written, values[field]), (field, text, values[field])
