"""Every payload of the 1,275 RTDS 4.5.0 GBCS vectors decodes fully (no malformed, none unsupported)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from gbdcc.adapters.gbcs.decoder import describe_all

pytestmark = pytest.mark.oracle


def test_every_vector_payload_decodes(oracles: Path) -> None:
    files = sorted((oracles / "rtds-gbcs").glob("*/*.HEX"))
    assert len(files) == 1275
    status: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    bad: dict[str, str | None] = {}
    for path in files:
        for d in describe_all(bytes.fromhex(path.read_text().strip())):
            status[d.payload_status] += 1
            if d.payload_status != "decoded":
                bad[path.name] = d.payload_error
            elif d.payload is not None:
                by_kind[str(d.payload.get("apdu", "asn1"))] += 1
    print(f"\nRTDS payloads: {dict(status)}; by family {dict(by_kind)}")
    assert status["malformed"] == 0, bad
    assert status["unsupported"] == 0, bad
    assert by_kind["access-response"] == 292 and by_kind["gbz"] == 354 and by_kind["data-notification"] == 62
