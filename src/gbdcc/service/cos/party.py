"""A CoS Party: the segregated function that signs Change of Supplier credential replacements (R-COS-1).

It holds its own signing key (:class:`~gbdcc.service.cos.ports.CosSigner`) and its own audit log
(:class:`~gbdcc.service.cos.ports.CosAuditLog`), and reads nothing of the DCC but — read-only — the
Registration Data and the SMKI repository (public certificates). The transform asks it to sign; before it
does, it checks for itself that the command is a CS02b supplier-by-TransCoS from this party to the device
of the request, that the requester is the Registered Supplier for the MPxN at that instant and that the
replacement certificates are one Supplier's Organisation Certificates from the SMKI repository. Every
decision, signed or refused, is in its log. The Transitional CoS Party and the ECoS Party are two
instances (R-COS-2).
"""

from __future__ import annotations

from datetime import datetime

from gbdcc.domain.cos import CS02B_SUPPLIER_BY_TRANSCOS, check_registered_supplier, replacement_party
from gbdcc.domain.errors import CosCertificatesRefused, GbdccError
from gbdcc.domain.ids import Eui64
from gbdcc.service.cos.ports import CertificateFacts, CosAuditLog, CosCommand, CosSigner
from gbdcc.service.ports import Clock, UnitOfWorkFactory


class CosParty:
    def __init__(self, name: str, signer: CosSigner, log: CosAuditLog, registration: UnitOfWorkFactory,
                 certificates: CertificateFacts, clock: Clock, *, test_pki: bool = False) -> None:
        self.name = name
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
            self._record(command, at, "refused", err.rule, err.reason)
            raise
        signature = self._signer.sign(command.to_sign)
        self._record(command, at, "signed", "R-COS-1",
                     f"CS02b for {command.device_id}: the Supplier cell to {new_supplier}'s certificates",
                     new_supplier=str(new_supplier))
        return signature

    def _check(self, command: CosCommand, at: datetime) -> Eui64:
        if (command.message_code, command.originator, command.recipient) != (
                CS02B_SUPPLIER_BY_TRANSCOS, self.party, command.device_id):
            raise CosCertificatesRefused(
                f"{self.name} signs only CS02b supplier-by-TransCoS (0x{CS02B_SUPPLIER_BY_TRANSCOS:04X}) from "
                f"{self.party} to the request's device, not 0x{command.message_code:04X} from {command.originator} "
                f"to {command.recipient}")
        try:
            records = [self._certificates.facts(der, prepayment=pp) for der, pp in command.replacement_certificates]
        except GbdccError as err:
            raise CosCertificatesRefused(f"a replacement certificate cannot be read: {err.reason}") from None
        with self._registration(read_only=True) as uow:
            periods = uow.registration.for_mpxns([command.mpxn])
            unknown = [f"{r.serial:X}" for r in records
                       if uow.certificates.by_issuer_serial(r.issuer, r.serial) is None]
        check_registered_supplier(command.requester, command.mpxn, [command.mpxn], periods, at)
        if unknown:
            raise CosCertificatesRefused(f"replacement certificate(s) {', '.join(unknown)} are not in the SMKI "
                                         "repository")
        return replacement_party(records, at, test_pki=self._test_pki)

    def _record(self, command: CosCommand, at: datetime, outcome: str, rule: str, reason: str,
                **extra: str) -> None:
        self._log.append({"at": at.isoformat(), "party": self.name, "request_id": command.request_id,
                          "requester": str(command.requester), "device": str(command.device_id),
                          "mpxn": command.mpxn, "outcome": outcome, "rule": rule, "reason": reason, **extra})
