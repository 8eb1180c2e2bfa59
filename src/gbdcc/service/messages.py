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
from gbdcc.domain.schedules import Schedule

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
class InventoryPayload:
    """``sr:DSPInventory`` (8.2 Read Inventory): at most 17 devices."""

    devices: Sequence[Device]


@dataclass(frozen=True, slots=True)
class WanMatrixPayload:
    """``sr:DSPWANMatrix`` (12.1): the request's own choice echoed back (``("UPRN", value)`` or
    ``("PartialAddress", (postcode, address))``) and one answer per CSP region."""

    request: tuple[str, object]
    regions: Sequence[WanCoverage]


@dataclass(frozen=True, slots=True)
class PreCommandPayload:
    """``sr:PreCommand`` (CV4): the GBCS Pre-Command for the User to correlate and sign."""

    gbcs: bytes
    gbcs_version: str = "3.2"


@dataclass(frozen=True, slots=True)
class GbcsPayload:
    """``sr:GBCSPayload``: a device's GBCS response."""

    gbcs: bytes


@dataclass(frozen=True, slots=True)
class LocalCommandPayload:
    """``sr:LocalCommand`` (CV2 / CV6): the GBCS command for local delivery to the device."""

    gbcs: bytes


@dataclass(frozen=True, slots=True)
class DeviceAlertPayload:
    """``sr:DeviceAlertMessage``: a device's GBCS alert, its code as 2-byte hex."""

    alert_code: int
    gbcs: bytes


@dataclass(frozen=True, slots=True)
class DccAlertPayload:
    """``sr:DCCAlertMessage``: a DCC alert code and one typed ``sr:DCCAlert`` choice.

    ``alert`` is the DCCAlert choice element's local name (e.g. ``DeviceStatusChangeEvent``) and
    ``fields`` its content as nested data in XSD element order (the codec writes it as given).
    """

    code: str
    alert: str
    fields: Body


@dataclass(frozen=True, slots=True)
class ScheduleIdPayload:
    """``sr:DSPScheduleID``: the schedule 5.1 Create Schedule made."""

    schedule_id: int


@dataclass(frozen=True, slots=True)
class SchedulesReadPayload:
    """``sr:DSPSchedulesRead`` (5.2 Read Schedule): 1-99 schedules, each with its details as created."""

    schedules: Sequence[Schedule]


@dataclass(frozen=True, slots=True)
class ScheduledMessagePayload:
    """``sr:DSPScheduledMessage``: the device's GBCS response to a DCC-scheduled run, and its schedule."""

    gbcs: bytes
    schedule_id: int


ResponsePayload = (InventoryPayload | WanMatrixPayload | PreCommandPayload | GbcsPayload | LocalCommandPayload
                   | DeviceAlertPayload | DccAlertPayload | ScheduleIdPayload | SchedulesReadPayload
                   | ScheduledMessagePayload)


@dataclass(frozen=True, slots=True)
class OutboundResponse:
    """A DUIS Service Response, Device Alert or DCC Alert to build and sign. ``request_id`` is None when
    none could be read (and for unsolicited alerts). The body is chosen by the payload's type: a
    ``DeviceAlertPayload`` / ``DccAlertPayload`` gives an alert message, anything else (or none) a
    ``ResponseMessage`` for ``service_reference`` / ``srv``."""

    response_code: str
    at: datetime
    request_id: str | None = None
    response_id: str | None = None
    service_reference: str | None = None
    srv: str | None = None
    payload: ResponsePayload | None = None
