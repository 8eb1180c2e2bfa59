"""atheris fuzz target for the DUIS request path: bounded safe parse → XSD → header → KeyInfo → issuer name →
body mapping → signature verification (``gbdcc.adapters.duis``).

The oracle: for any input bytes the path returns or raises a ``GbdccError`` — anything else (a ``ValueError``
from ``int()``, a ``RecursionError``, an lxml or signxml exception) is a crash, written by libFuzzer as
``crash-<sha1>`` for a regression test. The inner functions are called, not ``XmlDuisCodec.parse``, whose
last-resort handler would hide such a bug.

Run through ``make fuzz`` (long) or ``tests/fuzz`` (bounded); by hand::

    python fuzz/seed_corpus.py .tools/fuzz/corpus
    python fuzz/duis_request.py .tools/fuzz/corpus -dict=fuzz/duis.dict -max_total_time=60

Seeds are signed with the RTDS supplier key from ``../shared`` (``GBDCC_SHARED_DIR``), so that mutations of
them reach signature verification; the certificate is read from the same place.
"""

from __future__ import annotations

import copy
import os
import random
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["gbdcc"]):
    from gbdcc.adapters.duis.codec import element_to_body
    from gbdcc.adapters.duis.request import parse_request
    from gbdcc.adapters.duis.sign_tool import load_certificate
    from gbdcc.adapters.duis.signature import signature_key_info, verify_signature
    from gbdcc.adapters.smki.names import normalise_issuer
    from gbdcc.domain.errors import GbdccError

from lxml import etree

SHARED = Path(os.environ.get("GBDCC_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))
CERT = load_certificate((SHARED / "oracles/keys/duis-xml-sign/xml-sign-90B3D51F30010000-ds.pem").read_bytes())
AT = CERT.not_valid_before_utc  # the RTDS test certificate is expired today

#: What the structure-aware mutator writes into text, attributes and names (issue 8's hostile classes).
HOSTILE = ["²", "⁸", "٣", "８", "1_0", " 8 ", "\u00a0", "\u200b", "+8", "-1", "08", "9" * 25, "9" * 5000, "1.40",
           "OID.3.1", "CN=Z1,1.40=x", "А", "<", "&amp;", "x" * 2000, "", "true", "5.2", "6.0"]


def test_one_input(data: bytes) -> None:
    try:
        request = parse_request(data)
        issuer, _serial = signature_key_info(request.root)
        normalise_issuer(issuer)
        element_to_body(request.body)
        verify_signature(request.root, CERT, at=AT)
    except GbdccError:
        return


def _mutate_tree(data: bytes, rnd: random.Random) -> bytes | None:
    """One XML-aware edit (text, comment, attribute, namespace, duplicate, move), or None if ``data`` is not XML."""
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    el = rnd.choice(elements)
    op = rnd.randrange(7)
    if op == 0:
        el.text = rnd.choice(HOSTILE) if rnd.random() < 0.7 else (el.text or "") + rnd.choice(HOSTILE)
    elif op == 1 and len(el) == 0:
        el.append(etree.Comment("c"))
        el[-1].tail = rnd.choice(HOSTILE)
    elif op == 2:
        el.set(f"a{rnd.randrange(100)}", rnd.choice(HOSTILE))
    elif op == 3 and el.getparent() is not None:
        el.addnext(copy.deepcopy(el))
    elif op == 4 and el.getparent() is not None and len(elements) > 2:
        parent = el.getparent()
        parent.remove(el)
        rnd.choice([e for e in root.iter() if isinstance(e.tag, str)]).append(el)
    elif op == 5:
        nsmap = {f"p{i}": f"urn:p{i}" for i in range(rnd.randrange(1, 80))}
        wrapper = etree.Element(el.tag, nsmap={**(el.nsmap or {}), **nsmap})
        wrapper.extend(list(el))
        wrapper.text = el.text
        if el.getparent() is not None:
            el.getparent().replace(el, wrapper)
    else:
        el.tail = rnd.choice(HOSTILE)
    return bytes(etree.tostring(root))


def custom_mutator(data: bytes, max_size: int, seed: int) -> bytes:
    rnd = random.Random(seed)
    if rnd.random() < 0.5:
        try:
            mutated = _mutate_tree(data, rnd)
        except (ValueError, TypeError):  # lxml refusing an edit (e.g. an invalid name): mutate bytes instead
            mutated = None
        if mutated is not None and len(mutated) <= max_size:
            return mutated
    return bytes(atheris.Mutate(data, max_size))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input, custom_mutator=custom_mutator)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
