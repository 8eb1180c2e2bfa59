"""Write the seed corpus of ``fuzz/duis_request.py`` into a directory, from the DCC artefacts in ``../shared``
(never committed): every RTDS request template as published and signed with the RTDS supplier's XML-signing
key, so that mutations start from requests that pass every check.

Usage: ``python fuzz/seed_corpus.py <directory>``; prints how many seeds it wrote.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from gbdcc.adapters.duis.sign_tool import load_certificate, load_signing_key, sign_request

SHARED = Path(os.environ.get("GBDCC_SHARED_DIR", Path(__file__).resolve().parents[2] / "shared"))


def write_seeds(out: Path) -> int:
    keys = SHARED / "oracles/keys/duis-xml-sign"
    key = load_signing_key((keys / "xml-sign-90B3D51F30010000-ds.key").read_bytes())
    cert = load_certificate((keys / "xml-sign-90B3D51F30010000-ds.pem").read_bytes())
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for i, template in enumerate(sorted((SHARED / "oracles/duis-templates").glob("*.XML"))):
        raw = template.read_bytes()
        (out / f"template-{template.stem}").write_bytes(raw)
        (out / f"signed-{template.stem}").write_bytes(sign_request(raw, key, cert, counter=1000 + i))
        count += 2
    return count


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(f"{write_seeds(Path(sys.argv[1]))} seeds written to {sys.argv[1]}")
