"""A CoS Party: the segregated function that signs Change of Supplier credential replacements (R-COS-1).

It holds its own signing key (:class:`~gbdcc.service.cos.ports.CosSigner`) and its own audit log
(:class:`~gbdcc.service.cos.ports.CosAuditLog`), and reads nothing of the DCC but — read-only — the
Registration Data and the SMKI repository (public certificates). The transform asks it to sign; before it
does, it checks for itself that the command is a CS02b supplier-by-TransCoS from this party to the device
of the request, that the requester is the Registered Supplier for the MPxN at that instant and that the
replacement certificates are one Supplier's Organisation Certificates from the SMKI repository. Every
decision, signed or refused, is in its log. The Transitional CoS Party and the ECoS Party are two
instances (R-COS-2): each reads — read-only — the CoS cell the SMI records for the device and signs only for
a device routed to it (``check_party_trusted``). The TCoS Party also signs the ECoS migration campaign's
CS02b transCoSByTransCoS (:meth:`CosParty.sign_migration`), only for a device whose cell holds its own
certificate and only to put there a Remote Party Role 05 certificate the SMKI repository holds.
"""

from __future__ import annotations

from datetime import datetime

from gbdcc.domain.cos import (
    CS02B_SUPPLIER_BY_TRANSCOS,
    CS02B_TRANSCOS_BY_TRANSCOS,
    CosCell,
    check_party_trusted,
    check_registered_supplier,
    replacement_party,
)
from gbdcc.domain.errors import CosCertificatesRefused, CosPartyNotTrusted, GbdccError
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import CertificateKind, KeyUsage, RemotePartyRole
from gbdcc.service.cos.ports import CertificateFacts, CosAuditLog, CosCommand, CosSigner, MigrationCommand
from gbdcc.service.ports import Clock, UnitOfWork, UnitOfWorkFactory


class CosParty:
    def __init__(self, name: str, signer: CosSigner, log: CosAuditLog, registration: UnitOfWorkFactory,
                 certificates: CertificateFacts, clock: Clock, *, test_pki: bool = False,
                 cell: CosCell = CosCell.TCOS) -> None:
        self.name = name
        self.cell = cell  # the CoS cell value of the devices whose Transitional CoS cell holds this party's cert
        self._clock = clock
        self._signer = signer
        self._log = log
        self._registration = registration  # read-only use: Registration Data only
        self._certificates = certificates
        self._test_pki = test_pki

    @property
    def party(self) -> Eui64:
        return self._signer.party

    def countersign(self, command: CosCommand) -> bytes:
        """The signature of ``command.to_sign`` — or the refusal (E4 / ``CosCertificatesRefused``), logged."""
        at = self._clock.now()
        try:
            new_supplier = self._check(command, at)
        except GbdccError as err:
            self._record(_facts(command), at, "refused", err.rule, err.reason)
            raise
        signature = self._signer.sign(command.to_sign)
        self._record(_facts(command), at, "signed", "R-COS-1",
                     f"CS02b for {command.device_id}: the Supplier cell to {new_supplier}'s certificates",
                     new_supplier=str(new_supplier))
        return signature

    def sign_migration(self, command: MigrationCommand) -> bytes:
        """R-COS-2: the signature of a CS02b transCoSByTransCoS of the ECoS migration campaign — or the
        refusal (``CosPartyNotTrusted`` / ``CosCertificatesRefused``), logged."""
        at = self._clock.now()
        facts = {"request_id": f"cos-migration:{command.device_id}:{command.counter}", "requester": "DCC",
                 "device": str(command.device_id), "mpxn": "", "target": str(command.target)}
        try:
            self._check_migration(command, at)
        except GbdccError as err:
            self._record(facts, at, "refused", err.rule, err.reason)
            raise
        signature = self._signer.sign(command.to_sign)
        self._record(facts, at, "signed", "R-COS-2", f"CS02b transCoSByTransCoS for {command.device_id}: the "
                     f"Transitional CoS cell to the {command.target} certificate")
        return signature

    def _check_header(self, header: tuple[int, Eui64, Eui64], device: Eui64, code: int, what: str,
                      rule: str) -> None:
        """The command is a CS02b of message code ``code`` from this party to ``device``."""
        if header != (code, self.party, device):
            raise CosCertificatesRefused(f"{self.name} signs only CS02b {what} (0x{code:04X}) from {self.party} to "
                                         f"the device, not 0x{header[0]:04X} from {header[1]} to {header[2]}",
                                         rule=rule)

    def _check_migration(self, command: MigrationCommand, at: datetime) -> None:
        self._check_header((command.message_code, command.originator, command.recipient), command.device_id,
                           CS02B_TRANSCOS_BY_TRANSCOS, "transCoSByTransCoS", "R-COS-2")
        try:
            record = self._certificates.facts(command.replacement_certificate)
        except GbdccError as err:
            raise CosCertificatesRefused(f"the replacement certificate cannot be read: {err.reason}",
                                         rule="R-COS-2") from None
        with self._registration(read_only=True) as uow:
            cell = self._cell(uow, command.device_id)
            lodged = uow.certificates.by_issuer_serial(record.issuer, record.serial) is not None
        if cell is not self.cell:
            raise CosPartyNotTrusted(f"{command.device_id}'s Transitional CoS cell holds the {cell} certificate: "
                                     f"the {self.name} Party cannot replace it")
        if not lodged:
            raise CosCertificatesRefused(f"replacement certificate {record.serial:X} is not in the SMKI repository",
                                         rule="R-COS-2")
        if (record.kind is not CertificateKind.ORGANISATION or record.role is not RemotePartyRole.TRANSITIONAL_COS
                or record.key_usage is not KeyUsage.DIGITAL_SIGNATURE or record.subject_eui == self.party
                or not record.valid_at(at, test_pki=self._test_pki)):
            raise CosCertificatesRefused(f"certificate {record.serial:X} is not another CoS Party's digital-signing "
                                         f"Organisation Certificate (Remote Party Role 05) valid at {at.isoformat()}",
                                         rule="R-COS-2")

    def _check(self, command: CosCommand, at: datetime) -> Eui64:
        self._check_header((command.message_code, command.originator, command.recipient), command.device_id,
                           CS02B_SUPPLIER_BY_TRANSCOS, "supplier-by-TransCoS", "R-COS-1")
        try:
            records = [self._certificates.facts(der, prepayment=pp) for der, pp in command.replacement_certificates]
        except GbdccError as err:
            raise CosCertificatesRefused(f"a replacement certificate cannot be read: {err.reason}") from None
        with self._registration(read_only=True) as uow:
            check_party_trusted(self.cell, self._cell(uow, command.device_id), str(command.device_id))
            periods = uow.registration.for_mpxns([command.mpxn])
            unknown = [f"{r.serial:X}" for r in records
                       if uow.certificates.by_issuer_serial(r.issuer, r.serial) is None]
        check_registered_supplier(command.requester, command.mpxn, [command.mpxn], periods, at)
        if unknown:
            raise CosCertificatesRefused(f"replacement certificate(s) {', '.join(unknown)} are not in the SMKI "
                                         "repository")
        return replacement_party(records, at, test_pki=self._test_pki)

    @staticmethod
    def _cell(uow: UnitOfWork, device_id: Eui64) -> CosCell:
        device = uow.inventory.get(device_id)
        if device is None:
            raise CosPartyNotTrusted(f"{device_id} is not in the SMI: no CoS cell is recorded for it")
        return device.cos_cell

    def _record(self, facts: dict[str, str], at: datetime, outcome: str, rule: str, reason: str,
                **extra: str) -> None:
        self._log.append({"at": at.isoformat(), "party": self.name, **facts, "outcome": outcome, "rule": rule,
                          "reason": reason, **extra})


def _facts(command: CosCommand) -> dict[str, str]:
    return {"request_id": command.request_id, "requester": str(command.requester), "device": str(command.device_id),
            "mpxn": command.mpxn}
