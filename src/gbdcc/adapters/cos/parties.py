"""The CoS Parties of an instance (R-COS-1, R-COS-2), each with its own key, certificate and audit log."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography import x509

from gbdcc.adapters.cos.audit_log import JsonLinesLog
from gbdcc.adapters.cos.identity import TCOS_EUI, CosIdentity, adopted, load_or_create
from gbdcc.adapters.cos.signer import KeySigner
from gbdcc.adapters.smki.certificates import CertificateReader
from gbdcc.adapters.smki.dcc_identity import DccIdentity
from gbdcc.domain.ids import Eui64
from gbdcc.service.cos.party import CosParty
from gbdcc.service.ports import Clock, UnitOfWorkFactory


@dataclass(frozen=True)
class CosParties:
    tcos: CosParty
    tcos_identity: CosIdentity
    logs: dict[str, JsonLinesLog]

    def for_device(self, device_id: Eui64) -> CosParty:
        """The party whose certificate the device's Transitional CoS cell holds."""
        return self.tcos

    def certificates(self) -> list[x509.Certificate]:
        return [self.tcos_identity.certificate]


def build_cos_parties(data_dir: Path, identity: DccIdentity, passphrase: bytes | None,
                      uow_factory: UnitOfWorkFactory, clock: Clock, *, test_pki: bool) -> CosParties:
    if identity.transcos_ds_key is not None and identity.transcos_ds_cert is not None:
        tcos = adopted("TCoS", identity.transcos_ds_cert, identity.transcos_ds_key)
    else:
        tcos = load_or_create(data_dir, "TCoS", TCOS_EUI, identity.pki.organisation_ca, passphrase, now=clock.now())
    logs = {"TCoS": JsonLinesLog(data_dir / "cos-party" / "TCoS" / "audit.jsonl")}
    party = CosParty("TCoS", KeySigner(tcos.eui, tcos.key), logs["TCoS"], uow_factory, CertificateReader(), clock,
                     test_pki=test_pki)
    return CosParties(party, tcos, logs)
