"""DUIS side of the DCC schedules (5.1-5.3): the request the DCC writes for each run, and the schedule payloads.

* :class:`XmlDccRequestWriter` implements ``service.schedules.ports.DccRequestWriter``: an ``sr:Request``
  (schema 5.4, Command Variant 1) built element by element from the service layer's body, signed with the
  DCC's DSP XML-signing key — the run is a request the DCC makes, so the signature is the DCC's;
* :func:`schedule_payload` turns the service layer's ``ScheduleIdPayload`` / ``SchedulesReadPayload`` /
  ``ScheduledMessagePayload`` into the ``response`` builder's ``DSPScheduleID`` / ``DSPSchedulesRead`` /
  ``DSPScheduledMessage`` (the codec calls it).
"""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from lxml import etree

from gbdcc.adapters.duis.namespaces import SCHEMA_VERSION, SR, sr
from gbdcc.adapters.duis.response import (
    DspScheduledMessage,
    DspScheduleId,
    DspSchedulesRead,
    Payload,
    ScheduleDetails,
)
from gbdcc.adapters.duis.signature import sign_document
from gbdcc.domain.catalogue import lookup
from gbdcc.domain.ids import RequestId
from gbdcc.domain.schedules import Schedule, format_xs_time
from gbdcc.service.messages import (
    Body,
    BodyValue,
    ScheduledMessagePayload,
    ScheduleIdPayload,
    SchedulesReadPayload,
)

#: The Command Variant of a request the DCC makes over the SM WAN for a User (DUIS 3.4).
RUN_COMMAND_VARIANT = 1


class XmlDccRequestWriter:
    """Implements :class:`gbdcc.service.schedules.ports.DccRequestWriter` with the DCC's XML-signing key."""

    def __init__(self, signing_key: ec.EllipticCurvePrivateKey, signing_cert: x509.Certificate) -> None:
        self._key = signing_key
        self._cert = signing_cert

    def write(self, request_id: RequestId, service_reference: str, srv: str, element: str, body: Body) -> bytes:
        root = etree.Element(sr("Request"), nsmap={"sr": SR})
        root.set("schemaVersion", SCHEMA_VERSION)
        header = etree.SubElement(root, sr("Header"))
        for name, text in (("RequestID", str(request_id)), ("CommandVariant", str(RUN_COMMAND_VARIANT)),
                           ("ServiceReference", service_reference), ("ServiceReferenceVariant", srv)):
            etree.SubElement(header, sr(name)).text = text
        _children(etree.SubElement(etree.SubElement(root, sr("Body")), sr(element)), body)
        return sign_document(root, self._key, self._cert)


def _children(parent: etree._Element, body: Body) -> None:
    for name, value in body.items():
        for item in value if isinstance(value, list) else [value]:
            _child(parent, name, item)


def _child(parent: etree._Element, name: str, value: BodyValue) -> None:
    el = etree.SubElement(parent, sr(name))
    if isinstance(value, str):
        el.text = value
    elif isinstance(value, list):
        raise TypeError(f"nested list under {name}")
    else:
        _children(el, value)


def schedule_details(schedule: Schedule) -> ScheduleDetails:
    """A stored schedule as ``sr:DSPSchedule`` (what 5.1 created)."""
    srv = lookup(schedule.srv)
    fields: list[tuple[str, str]] = []
    if schedule.offsets is not None:
        o = schedule.offsets
        fields = [("StartDateOffset", str(o.start_offset)), ("StartTime", format_xs_time(o.start_time)),
                  ("EndDateOffset", str(o.end_offset)), ("EndTime", format_xs_time(o.end_time))]
    return ScheduleDetails(
        frequency=schedule.frequency.value, start_date=schedule.start_date, end_date=schedule.end_date,
        execution_start_time=None if schedule.execution_time is None else format_xs_time(schedule.execution_time),
        ka_credential=schedule.ka_credential, service_reference=srv.service_reference,
        service_reference_variant=srv.srv, device_id=str(schedule.device_id), body_element=schedule.body,
        body_fields=fields)


def schedule_payload(payload: object) -> Payload | None:
    """The response payload of a schedule payload, or None when ``payload`` is not one of them."""
    if isinstance(payload, ScheduleIdPayload):
        return DspScheduleId(payload.schedule_id)
    if isinstance(payload, SchedulesReadPayload):
        return DspSchedulesRead([(s.schedule_id, schedule_details(s)) for s in payload.schedules])
    if isinstance(payload, ScheduledMessagePayload):
        return DspScheduledMessage(payload.gbcs, payload.schedule_id)
    return None
