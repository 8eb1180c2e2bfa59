"""An XML-DSig verifier for DUIS written with plain lxml C14N + ``cryptography`` (no signxml).

Used by the tests as a second opinion on what ``gbdcc.adapters.duis.signature`` produces. It follows
XML-DSig: SignedInfo in the CanonicalizationMethod (exclusive C14N); the ``URI=""`` reference is the
document minus the enveloped signature, turned into octets by the explicit C14N transform if any,
otherwise by inclusive C14N 1.0 (XML-DSig §4.3.3.2), as the DCC tool does.
"""

from __future__ import annotations

import base64
import copy
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from lxml import etree

DS = "http://www.w3.org/2000/09/xmldsig#"
NS = {"ds": DS}


def independent_verify(signed: bytes, cert: x509.Certificate) -> None:
    """Raise (AssertionError or cryptography's InvalidSignature) unless ``signed`` verifies."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(signed, parser)
    sig = root[-1]
    assert sig.tag == f"{{{DS}}}Signature"
    signed_info = sig.find("ds:SignedInfo", NS)
    assert signed_info.find("ds:CanonicalizationMethod", NS).get("Algorithm") == (
        "http://www.w3.org/2001/10/xml-exc-c14n#"
    )
    refs = signed_info.findall("ds:Reference", NS)
    assert len(refs) == 1 and refs[0].get("URI") == ""
    transforms = [t.get("Algorithm") for t in refs[0].findall("ds:Transforms/ds:Transform", NS)]
    assert transforms[0] == "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    exclusive = transforms[1:] == ["http://www.w3.org/2001/10/xml-exc-c14n#"]

    doc = copy.deepcopy(root)
    doc.remove(doc[-1])
    digest = hashlib.sha256(etree.tostring(doc, method="c14n", exclusive=exclusive)).digest()
    assert base64.b64decode(refs[0].findtext("ds:DigestValue", namespaces=NS)) == digest, "digest mismatch"

    raw = base64.b64decode("".join(sig.findtext("ds:SignatureValue", namespaces=NS).split()))
    half = len(raw) // 2
    der = encode_dss_signature(int.from_bytes(raw[:half], "big"), int.from_bytes(raw[half:], "big"))
    key = cert.public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey)
    key.verify(der, etree.tostring(signed_info, method="c14n", exclusive=True), ec.ECDSA(hashes.SHA256()))
