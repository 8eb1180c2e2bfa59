"""Looking up what access control decides a device request on (``domain.access.DeviceFacts``).

The target device from the SMI; the other devices of its Communications Hub (whose meters give a CHF,
GPF, PPMID, HCALCS or Type 2 device its metering points); an MPxN the request names (8.11 adds a device
with its ``ImportMPxN``); and the Registration Data periods of every MPxN involved. Also the device-model
facts the GBCS transform chooses some use cases by (:func:`model_facts`).
"""

from __future__ import annotations

import re
from datetime import datetime

from gbdcc.domain.access import DeviceFacts, metering_points
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType
from gbdcc.service.messages import InboundRequest
from gbdcc.service.ports import UnitOfWork

#: Body paths that name the metering point of the device a request concerns (DUIS 5.4 XSD).
BODY_MPXN_PATHS: tuple[tuple[str, ...], ...] = (("AddDeviceToCHFWhitelist", "ImportMPxN"), ("ImportMPxN",))


#: ESME variants of polyphase meters (DUIS ``ESMEVariant`` C: polyphase; GBCS 13.3 ECS23b / ECS26k / ECS29f).
POLYPHASE_VARIANTS = frozenset({"C"})
#: A SMETS2 / CHTS technical specification of major version 1 (``SMETSCHTSVersion`` such as ``SMETS2 V1.58``):
#: gbdcc's rule for device models built to GBCS v1, which take only the use cases later GBCS versions
#: superseded (ECS08, ECS26d / e / i, GCS21d / e, GCS25, GCS60, CCS04 — GBCS 13.3).
_LEGACY_SPEC = re.compile(r"^\s*(SMETS2|CHTS)\s*V?\s*1(\.\d+)*\s*$", re.IGNORECASE)


def model_facts(device: Device | None) -> frozenset[str]:
    """What the SMI says about the device's model that the transform chooses a use case by:
    ``polyphase`` (ESMEVariant C) and ``legacy-gbcs`` (a GBCS v1 model, :data:`_LEGACY_SPEC`)."""
    if device is None:
        return frozenset()
    facts = set()
    if device.esme_variant in POLYPHASE_VARIANTS:
        facts.add("polyphase")
    if device.smets_chts_version and _LEGACY_SPEC.match(device.smets_chts_version):
        facts.add("legacy-gbcs")
    return frozenset(facts)


def hub_id_of(device: Device) -> Eui64 | None:
    """The CHF through which a device is reached over the SM WAN (itself for a CHF)."""
    return device.device_id if device.device_type is DeviceType.CHF else device.chf_id


def hub_devices(uow: UnitOfWork, device: Device) -> list[Device]:
    """Every device of the target's Communications Hub, the CHF included (the target excluded)."""
    chf_id = hub_id_of(device)
    if chf_id is None:
        return []
    found = {d.device_id: d for d in uow.inventory.by_chf(chf_id)}
    if chf_id != device.device_id and chf_id not in found:
        chf = uow.inventory.get(chf_id)
        if chf is not None:
            found[chf_id] = chf
    found.pop(device.device_id, None)
    return list(found.values())


def body_mpxn(request: InboundRequest) -> str | None:
    for path in BODY_MPXN_PATHS:
        text = request.text(*path)
        if text:
            return text.strip()
    return None


def gather_facts(uow: UnitOfWork, request: InboundRequest, at: datetime) -> DeviceFacts:
    """The facts of a device request at ``at`` (one SMI read per device, one Registration Data read)."""
    device = uow.inventory.get(request.request_id.target)
    if device is None:
        return DeviceFacts(device=None)
    others = hub_devices(uow, device)
    mpxn = body_mpxn(request)
    points = metering_points(device, others, mpxn)
    registrations = uow.registration.for_mpxns(sorted(points)) if points else ()
    return DeviceFacts(device=device, hub_devices=tuple(others), body_mpxn=mpxn, registrations=tuple(registrations))
