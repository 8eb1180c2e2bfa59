"""CPU cost of refusing hostile DUIS requests, through the gateway of an embedded instance (issue 8, class 4).

Each hostile request is validly signed by a registered User — what an attacker holding one User's key, or
replaying one of its requests, can send — and submitted twice: *replayed* (its counter already used) and
*tampered* (a fresh counter written in after signing, so the digest no longer matches: what a captured
signature pasted onto other content gives). Prints the CPU milliseconds (``time.process_time``) of each
``DuisGateway.submit`` with the refusal it gave; the target is at most 50 ms for any request under the size
limit. Also prints the per-request cost of the DUIS 5.4 schema validation over the RTDS templates.

Runs against whatever ``gbdcc`` is importable (so also against an older checkout, for a before/after)::

    python fuzz/refusal_cost.py                  # all cases
    python fuzz/refusal_cost.py --only issue     # the issue's two examples only
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from itertools import product
from pathlib import Path
from string import ascii_letters
from typing import TypeVar

from lxml import etree

from gbdcc import bootstrap
from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key
from gbdcc.adapters.duis.signature import sign_document
from gbdcc.config import Settings
from gbdcc.domain.catalogue import WebService, web_service_for

SR = "http://www.dccinterface.co.uk/ServiceUserGateway"
USER = "90-B3-D5-1F-30-01-00-00"
ACB = "90-B3-D5-1F-30-00-00-02"
HUB = "00-DB-12-34-56-78-90-A2"
T = TypeVar("T")
SHARED = Path(os.environ.get("GBDCC_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))


def _request(counter: int, body: str, root_extra: str = "") -> str:
    return (f'<sr:Request xmlns:sr="{SR}" {root_extra} schemaVersion="5.4"><sr:Header>'
            f"<sr:RequestID>{USER}:{ACB}:{counter}</sr:RequestID><sr:CommandVariant>8</sr:CommandVariant>"
            "<sr:ServiceReference>8.2</sr:ServiceReference><sr:ServiceReferenceVariant>8.2"
            f"</sr:ServiceReferenceVariant></sr:Header><sr:Body>{body}</sr:Body></sr:Request>")


def _attributes(n: int) -> Callable[[int], str]:
    names = ("".join(p) for p in product(ascii_letters, repeat=3))
    attrs = " ".join(f'{next(names)}=""' for _ in range(n))
    return lambda c: _request(c, f"<sr:ReadInventory><sr:DeviceID {attrs}>{HUB}</sr:DeviceID></sr:ReadInventory>")


def _namespaces(declarations: int, elements: int, attributes: int = 0) -> Callable[[int], str]:
    decls = " ".join(f'xmlns:p{i}="urn:p{i}"' for i in range(declarations))
    attrs = " ".join(f'a{i}=""' for i in range(attributes))
    return lambda c: _request(c, "<sr:ReadInventory>" + f"<sr:X {attrs}/>" * elements + "</sr:ReadInventory>", decls)


def _largest_template(declarations: int) -> Callable[[int], str]:
    """The largest RTDS template (schema-valid, 420 elements), as our User, with extra namespace declarations:
    it passes every parse check, so its refusal goes through the signature check."""
    name = "ECS46d_6.14.3_CANCELLATION_APC_OUTPUT_SUCCESS_REQUEST_DUIS.XML"
    text = (SHARED / "oracles/duis-templates" / name).read_text()
    text = text[text.index("<sr:Request"):text.index("<ds:Signature")] + "</sr:Request>"
    decls = " ".join(f'xmlns:p{i}="urn:p{i}"' for i in range(declarations))
    text = text.replace("<sr:Request ", f"<sr:Request {decls} ", 1)
    head, _, tail = text.partition("<sr:RequestID>")
    return lambda c: f"{head}<sr:RequestID>{USER}:{tail.split(':', 2)[1]}:{c}{tail[tail.index('</sr:RequestID>'):]}"


CASES: dict[str, Callable[[int], str]] = {
    "issue: 140,000 attributes on one element": _attributes(140_000),
    "issue: 2,000 namespaces over 2,000 elements": _namespaces(2_000, 2_000),
    "at the limits: 13 namespaces in scope, 9,950 elements": _namespaces(13, 9_950),
    "at the limits: 8 attributes on each of 9,950 elements": _namespaces(0, 9_950, 8),
    "at the limits: 13 namespaces, 4 attributes, 9,950 elements": _namespaces(13, 9_950, 4),
    "schema-valid: largest RTDS template + 12 namespaces": _largest_template(12),
}


def _cpu(action: Callable[[], T]) -> tuple[float, T]:
    start = time.process_time()
    result = action()
    return (time.process_time() - start) * 1000, result


def _schema_cost() -> str:
    try:
        from gbdcc.adapters.duis.schema import duis_schema
    except ImportError:
        return "schema validation: not in this version"
    roots = [etree.parse(str(p)).getroot() for p in sorted((SHARED / "oracles/duis-templates").glob("*.XML"))]
    schema = duis_schema()
    start = time.perf_counter()
    for _ in range(10):
        for root in roots:
            schema.validate(root)
    per = (time.perf_counter() - start) / (10 * len(roots)) * 1e6
    return f"schema validation: {per:.1f} µs per request (mean over {len(roots)} RTDS templates x 10)"


def main(only: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        instance = bootstrap.open_instance(Settings(data_dir=Path(tmp) / "var"), seed_demo=True)
        keys = Path(tmp) / "keys"
        bootstrap.register_user(instance, eui=USER, role="IS", name="cost", issue_keys_to=keys)
        key = load_signing_key((keys / "xml-sign.key").read_bytes())
        cert = load_certificate((keys / "xml-sign.pem").read_bytes())
        parser = etree.XMLParser(huge_tree=True)
        read = f"<sr:ReadInventory><sr:DeviceID>{HUB}</sr:DeviceID></sr:ReadInventory>"
        first = sign_document(etree.fromstring(_request(1000, read).encode()), key, cert)
        instance.gateway.submit(first, WebService.NON_DEVICE)  # warm-up: schema, signxml, SQLite
        second = sign_document(etree.fromstring(_request(1001, read).encode()), key, cert)
        ms, reply = _cpu(lambda: instance.gateway.submit(second, WebService.NON_DEVICE))
        print(f"a real 8.2 request [{len(second):,} bytes]: {ms:.1f} ms CPU -> {reply.decision.response_code}")
        counter = 2000
        for name, make in CASES.items():
            if only and only not in name:
                continue
            raw = sign_document(etree.fromstring(make(5).encode(), parser), key, cert)
            counter += 1
            tampered = raw.replace(b":5</sr:RequestID>", f":{counter}</sr:RequestID>".encode())
            for label, body in (("replayed", raw), ("tampered", tampered)):
                cv = int(etree.fromstring(body, parser).findtext(f"{{{SR}}}Header/{{{SR}}}CommandVariant") or 8)
                service = web_service_for(cv)
                ms, reply = _cpu(partial(instance.gateway.submit, body, service))
                print(f"{name} [{len(body):,} bytes, {label}]: {ms:,.1f} ms CPU -> HTTP {reply.http_status} "
                      f"{reply.error_code} {reply.decision.reason[:70]}")
        print(_schema_cost())


if __name__ == "__main__":
    main(sys.argv[2] if sys.argv[1:2] == ["--only"] and len(sys.argv) > 2 else None)
