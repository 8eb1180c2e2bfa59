"""What crosses the DUIS codec port: a parsed inbound Service Request and an outbound Service Response.

Plain data, independent of the XML library: the ``duis`` adapter turns bytes into ``InboundRequest`` and
``OutboundResponse`` into signed bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Union

from gbdcc.domain.coverage import WanCoverage
from gbdcc.domain.ids import RequestId
from gbdcc.domain.inventory import Device

#: A DUIS body as nested data: element local name → text, nested mapping, or a list when repeated.
BodyValue = Union[str, "Body", list["BodyValue"]]
Body = Mapping[str, BodyValue]


@dataclass(frozen=True, slots=True)
class InboundRequest:
    """A parsed (not yet authenticated) DUIS Service Request."""

    raw: bytes
    request_id: RequestId
    command_variant: int
    service_reference: str
    srv: str
    body_name: str
    body: Body
    signer_issuer: str
    signer_serial: int
    #: The codec's own parsed form, opaque to the service layer (saves a second parse to verify).
    native: object = field(default=None, compare=False, repr=False)

    def text(self, *path: str) -> str | None:
        """The text at ``path`` under the body element, or None (first occurrence when repeated)."""
        node: BodyValue = self.body
        for name in path:
            if isinstance(node, list):
                node = node[0]
            if not isinstance(node, Mapping) or name not in node:
                return None
            node = node[name]
        if isinstance(node, list):
            node = node[0]
        return node if isinstance(node, str) else None

    def has(self, *path: str) -> bool:
        node: BodyValue = self.body
        for name in path:
            if isinstance(node, list):
                node = node[0]
            if not isinstance(node, Mapping) or name not in node:
                return False
            node = node[name]
        return True


@dataclass(frozen=True, slots=True)
class OutboundResponse:
    """A DUIS Service Response to build and sign. ``request_id`` is None when none could be read."""

    response_code: str
    at: datetime
    request_id: str | None = None
    response_id: str | None = None
    service_reference: str | None = None
    srv: str | None = None
    inventory: Sequence[Device] | None = None
    gbcs_payload: bytes | None = None
    precommand: bytes | None = None
    gbcs_version: str | None = None
    #: 12.1: the request's own choice (``("UPRN", value)`` or ``("PartialAddress", (postcode, address))``)
    #: echoed back, and the per-region answers.
    wan_matrix_request: tuple[str, object] | None = None
    wan_matrix: Sequence[WanCoverage] | None = None
