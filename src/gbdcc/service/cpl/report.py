"""``gbdcc report cpl`` (R-PKI-2, R-SEC-3): the CPL in force — its version, signer and the result of
verifying its signed file again now (signature, IKI chain, key usage, SECCo as signer) — and its entries,
one row per certified firmware version of each device model."""

from __future__ import annotations

from datetime import datetime

from gbdcc.domain.compliance.report import Cell, ComplianceReport
from gbdcc.domain.cpl import CertifiedProductsList
from gbdcc.domain.errors import GbdccError
from gbdcc.service.cpl.load import read_verified
from gbdcc.service.cpl.ports import CplVerifier
from gbdcc.service.ports import UnitOfWork

COLUMNS = ("device_type", "manufacturer", "model", "hardware_version", "firmware_version", "image_sha256")


class CplReport:
    def __init__(self, verifier: CplVerifier) -> None:
        self._verifier = verifier

    def __call__(self, uow: UnitOfWork, as_of: datetime) -> ComplianceReport:
        record = uow.cpl.in_force()
        title = "Certified Products List in force"
        notes = ["the CPL is signed by SECCo with its IKI file-signing key (Party Signifier, B1.22) and verified "
                 "against the IKI root the DCC holds before use",
                 "Manufacturer Release Notes are not published on the CPL: inputs carrying them are refused (R-SEC-3)"]
        if record is None:
            return ComplianceReport("cpl", "R-PKI-2", title, as_of, COLUMNS, (), summary={
                "cpl_in_force": "none", "enforcement": "off (no CPL loaded: commissioning and firmware updates are "
                                                       "not checked against a CPL)"}, notes=tuple(notes))
        cpl: CertifiedProductsList | None
        try:
            cpl, _ = read_verified(record.signed_file, self._verifier, as_of)
            verification = "verified"
        except GbdccError as err:
            cpl, verification = None, f"FAILED: {err}"
        rows: list[tuple[Cell, ...]] = []
        if cpl is not None:
            rows = [(e.device_type.value, e.manufacturer, e.model, e.hardware_version, f.version, f.sha256)
                    for e in cpl.entries for f in e.firmware]
        summary: dict[str, Cell] = {
            "cpl_in_force": record.version, "issued_at": record.issued_at, "loaded_at": record.loaded_at,
            "signer": record.signer, "signer_serial": record.signer_serial,
            "party_signifier": record.party_signifier, "file_sha256": record.sha256,
            "verification": verification, "device_models": record.entries, "firmware_versions": len(rows),
            "versions_held": len(uow.cpl.versions()),
            "enforcement": "on" if cpl is not None else "on (commissioning refused: the CPL in force does not verify)",
        }
        return ComplianceReport("cpl", "R-PKI-2", title, as_of, COLUMNS, tuple(rows), summary=summary,
                                notes=tuple(notes))
