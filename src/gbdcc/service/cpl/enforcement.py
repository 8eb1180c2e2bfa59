"""Enforcing the CPL in force (R-PKI-2): a device whose model / firmware is not on it cannot be
commissioned (8.1.1 Commission Device), and a firmware image whose SHA-256 is not on it is not
distributed (11.1 Update Firmware).

The CPL in force is the highest version the DCC stored; it is verified again (signature and IKI chain)
before its first use in a process — so a row altered in the database is not trusted — and then kept by
version. When no CPL was ever loaded, enforcement is off: installations that have none keep working,
and ``gbdcc up`` / ``gbdcc report cpl`` say so.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import threading
from datetime import datetime

from gbdcc.domain.cpl import CertifiedProductsList
from gbdcc.domain.errors import CplSignatureInvalid, HeaderInvalid, NotImplementedService
from gbdcc.domain.ids import Eui64
from gbdcc.service.cpl.load import read_verified
from gbdcc.service.cpl.ports import CplVerifier
from gbdcc.service.handlers import Handler, HandlerResult, RequestContext
from gbdcc.service.ports import UnitOfWork

COMMISSION_SRV = "8.1.1"
UPDATE_FIRMWARE_SRV = "11.1"


class CplInForce:
    """The verified CPL in force, read through a unit of work (None: no CPL loaded, enforcement off)."""

    def __init__(self, verifier: CplVerifier) -> None:
        self._verifier = verifier
        self._lock = threading.Lock()
        self._cached: tuple[str, CertifiedProductsList] | None = None  # (sha256 of the file, its CPL)

    def get(self, uow: UnitOfWork, now: datetime) -> CertifiedProductsList | None:
        record = uow.cpl.in_force()
        if record is None:
            return None
        with self._lock:
            if self._cached is not None and self._cached[0] == record.sha256:
                return self._cached[1]
        cpl, checked = read_verified(record.signed_file, self._verifier, now)  # verified before use
        if checked.sha256 != record.sha256 or cpl.version != record.version:
            raise CplSignatureInvalid(f"the stored CPL version {record.version} does not match the file it was "
                                      "loaded from")
        with self._lock:
            self._cached = (record.sha256, cpl)
        return cpl


class CplCommissioning:
    """8.1.1 Commission Device: refused (GBDCC-855, R-PKI-2) when the target device's model / firmware is
    not on the CPL in force; otherwise the device admission handler takes it."""

    def __init__(self, admission: Handler, cpl: CplInForce) -> None:
        self._admission = admission
        self._cpl = cpl

    def __call__(self, uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
        cpl = self._cpl.get(uow, ctx.now)
        device = ctx.device if ctx.device is not None else uow.inventory.get(ctx.request.request_id.target)
        if cpl is not None and device is not None:
            cpl.check_device(device)
        return self._admission(uow, ctx)


class CplFirmwareUpdate:
    """11.1 Update Firmware: the image's SHA-256 must be on the CPL in force, certified as the version
    named and for every named device the SMI knows (GBDCC-856, R-PKI-2) — checked *before* the refusal
    that gbdcc does not distribute firmware yet (GBDCC-500, E12), which follows in every other case."""

    def __init__(self, cpl: CplInForce) -> None:
        self._cpl = cpl

    def __call__(self, uow: UnitOfWork, ctx: RequestContext) -> HandlerResult:
        cpl = self._cpl.get(uow, ctx.now)
        if cpl is not None:
            req = ctx.request
            image, version, listed = req.text("FirmwareImage"), req.text("FirmwareVersion"), req.text("DeviceIDList")
            if image is None or version is None or listed is None:
                raise HeaderInvalid("11.1 carries FirmwareImage, FirmwareVersion and DeviceIDList")
            try:
                raw = base64.b64decode("".join(image.split()), validate=True)
            except (binascii.Error, ValueError):
                raise HeaderInvalid("11.1 FirmwareImage is not base64") from None
            devices = [d for d in (uow.inventory.get(Eui64.parse(t.strip())) for t in listed.split(",")) if d]
            entry = cpl.check_image(hashlib.sha256(raw).hexdigest(), version, devices)
            note = f"image certified for {entry.manufacturer} {entry.model} on CPL version {cpl.version}; "
        else:
            note = ""
        raise NotImplementedService(f"{note}SRV {ctx.srv.srv} ({ctx.srv.name}) is recognised but not yet "
                                    "implemented by gbdcc")
