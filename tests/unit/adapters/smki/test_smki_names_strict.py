"""Issuer names from a DUIS ``ds:X509IssuerName`` are untrusted (issue 8, class 1): every malformed one — an
attribute type that is not a valid OID, Unicode digits in an OID, overlong text — is ``CertificateInvalid``,
never another exception."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gbdcc.adapters.smki.names import MAX_NAME_CHARS, normalise_issuer, parse_name
from gbdcc.domain.errors import CertificateInvalid


@pytest.mark.parametrize("bad", ["1.40=x", "0.40=x", "OID.1.40=x", "CN=Z1,1.99=x", "2.²=x", "2.5.4.٣=x",
                                 ".".join(["1"] * 40) + "=x", "2." + "9" * 30 + "=x", "3.1=x", "4=x", "OID.=x", "1.=x"])
def test_invalid_oid_in_issuer_name_refused(bad: str) -> None:
    with pytest.raises(CertificateInvalid):
        normalise_issuer(bad)


def test_valid_dotted_oids_are_kept() -> None:
    assert normalise_issuer("2.5.4.3=Z1, OID.2.5.4.11=07") == "CN=Z1,OU=07"
    assert normalise_issuer("CN=Z1,1.2.840.113549.1.9.1=a@b") == "CN=Z1,1.2.840.113549.1.9.1=A@B"


def test_overlong_issuer_name_refused_unread() -> None:
    assert parse_name("CN=" + "A" * 60)
    with pytest.raises(CertificateInvalid, match=str(MAX_NAME_CHARS)):
        normalise_issuer("CN=" + "Z" * MAX_NAME_CHARS)


NAME_TEXT = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60),
    st.lists(st.tuples(st.sampled_from(["CN", "OU", "O", "C", "2.5.4.3", "1.40", "OID.0.9", "x", "", "2.٣"]),
                       st.text(max_size=8)), max_size=5).map(lambda rdns: ",".join(f"{t}={v}" for t, v in rdns)),
)


@given(text=NAME_TEXT)
def test_any_issuer_text_is_normalised_or_refused(text: str) -> None:
    try:
        canonical = normalise_issuer(text)
    except CertificateInvalid:
        return
    assert normalise_issuer(canonical) == canonical  # the canonical form is a fixed point
