"""Inputs the fuzzer (``fuzz/duis_request.py``) found that once escaped the request path as something other than a
``GbdccError``; each must now be refused with one."""

from __future__ import annotations

import pytest

from gbdcc.adapters.duis.request import parse_request
from gbdcc.domain.errors import GbdccError

FOUND = {
    # The one-pass limit checks run while libxml2 streams events; an element whose prefix is not declared reaches
    # them with its tag still "ds:Transform" (the namespace error is raised only at the end of the document), and
    # lxml's QName() refused that tag with a ValueError while the comment refusal was being worded.
    "undeclared prefix and a comment in its text": b'<sr:Request xmlns:sr="urn:x"><ds:Transform Algorithm="x">'
                                                   b"<!--c--> 8 </ds:Transform></sr:Request>",
    "undeclared prefix past a limit": b'<r><p:x a="1" b="2" c="3" d="4" e="5" f="6" g="7" h="8" i="9"/></r>',
}


@pytest.mark.parametrize("name", sorted(FOUND))
def test_fuzzer_finding_is_refused(name: str) -> None:
    with pytest.raises(GbdccError):
        parse_request(FOUND[name])
