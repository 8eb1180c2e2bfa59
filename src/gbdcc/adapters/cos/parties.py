"""The CoS Parties of an instance (R-COS-1, R-COS-2), each with its own key, certificate and audit log: the
Transitional CoS Party and the ECoS Party, side by side; each device's 6.23 goes to the party its CoS cell in
the SMI names (a null cell: ECoS), and the null certificate the migration campaign may put in a cell."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

from gbdcc.adapters.cos.audit_log import JsonLinesLog
from gbdcc.adapters.cos.identity import ECOS_EUI, TCOS_EUI, CosIdentity, adopted, load_or_create, null_certificate
from gbdcc.adapters.cos.migration_gbcs import DeviceKey, MigrationCommands
from gbdcc.adapters.cos.signer import KeySigner
from gbdcc.adapters.smki.certificates import CertificateReader
from gbdcc.adapters.smki.dcc_identity import DccIdentity
from gbdcc.domain.cos import CosCell, party_for
from gbdcc.domain.ids import Eui64
from gbdcc.service.cos.party import CosParty
from gbdcc.service.ports import Clock, UnitOfWorkFactory


@dataclass(frozen=True)
class CosParties:
    tcos: CosParty
    tcos_identity: CosIdentity
    logs: dict[str, JsonLinesLog]
    ecos: CosParty
    ecos_identity: CosIdentity
    null: x509.Certificate
    uow_factory: UnitOfWorkFactory

    def for_device(self, device_id: Eui64) -> CosParty:
        """The party whose certificate the device's Transitional CoS cell holds, as the SMI records it
        (R-COS-2; a null cell: ECoS — and a device the SMI does not know: TCoS, which then refuses it)."""
        with self.uow_factory(read_only=True) as uow:
            device = uow.inventory.get(device_id)
        cell = CosCell.TCOS if device is None else device.cos_cell
        return self.tcos if party_for(cell) is CosCell.TCOS else self.ecos

    def cell_certificates(self) -> dict[CosCell, x509.Certificate]:
        """The certificate a device's Transitional CoS cell holds for each CoS cell value."""
        return {CosCell.TCOS: self.tcos_identity.certificate, CosCell.ECOS: self.ecos_identity.certificate,
                CosCell.NULL: self.null}

    def certificates(self) -> list[x509.Certificate]:
        """Every CoS certificate, for the SMKI repository."""
        return list(self.cell_certificates().values())

    def migration_commands(self, acb_ka_key: ec.EllipticCurvePrivateKey, device_ka: DeviceKey, device_ds: DeviceKey,
                           organisation_ca: x509.Certificate) -> MigrationCommands:
        """The ECoS migration campaign's GBCS: CS02b transCoSByTransCoS signed by the TCoS Party (R-COS-2)."""
        targets: dict[CosCell, bytes] = {cell: cert.public_bytes(Encoding.DER)
                                         for cell, cert in self.cell_certificates().items() if cell is not CosCell.TCOS}
        return MigrationCommands(self.tcos, targets, organisation_ca.public_bytes(Encoding.DER), acb_ka_key,
                                 device_ka, device_ds)


def build_cos_parties(data_dir: Path, identity: DccIdentity, passphrase: bytes | None,
                      uow_factory: UnitOfWorkFactory, clock: Clock, *, test_pki: bool) -> CosParties:
    ca, now = identity.pki.organisation_ca, clock.now()
    if identity.transcos_ds_key is not None and identity.transcos_ds_cert is not None:
        tcos = adopted("TCoS", identity.transcos_ds_cert, identity.transcos_ds_key)
    else:
        tcos = load_or_create(data_dir, "TCoS", TCOS_EUI, ca, passphrase, now=now)
    ecos = load_or_create(data_dir, "ECoS", ECOS_EUI, ca, passphrase, now=now)
    logs = {name: JsonLinesLog(data_dir / "cos-party" / name / "audit.jsonl") for name in ("TCoS", "ECoS")}
    parties = {name: CosParty(name, KeySigner(ident.eui, ident.key), logs[name], uow_factory, CertificateReader(),
                              clock, test_pki=test_pki, cell=cell)
               for name, ident, cell in (("TCoS", tcos, CosCell.TCOS), ("ECoS", ecos, CosCell.ECOS))}
    return CosParties(parties["TCoS"], tcos, logs, parties["ECoS"], ecos, null_certificate(data_dir, ca, now=now),
                      uow_factory)
