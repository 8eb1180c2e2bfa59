"""The Recovery trust anchor cell of each device, as the SIMULATED estate holds it (IEWP 5.6(c), R-POST-1).

The SMI records no Recovery cell: the DCC's view of Device Security Credentials is the supplier and network
operator parties (``Device.supplier_credentials`` …) and the CoS cell. A real DCC would learn a device's cells
from a 6.24.1 Retrieve Device Security Credentials (KRP) response; gbdcc's devices are simulated, and the
simulation (``registry.SimulatedEstate``) builds every device's cells from the SMI with the DCC's own GBCS
certificates — the Recovery one among them when the DCC identity holds one (adopted from a test PKI,
``smki/dcc_identity.py``: ``recovery-ds``). This reader answers with that cell: what every SIMULATED device
holds when it is built. A replacement made on a live simulated hub (6.15.1 mode 8) lives in that hub's memory
only and is not seen here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from cryptography import x509

from gbdcc.adapters.smki import storage
from gbdcc.adapters.smki.dcc_identity import DccIdentity
from gbdcc.adapters.wan.devices.trust import TrustAnchors, certificate_ski
from gbdcc.domain.compliance.post_commissioning import RecoveryCheck
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import CertificateRecord, RemotePartyRole


class SimulatedRecoveryCells:
    """Implements ``service.compliance.post_ports.RecoveryCells`` over the SIMULATED devices."""

    source = ("the SIMULATED devices (adapters/wan: each is built from the SMI with the DCC's GBCS certificates; "
              "the SMI records no Recovery cell)")

    def __init__(self, dcc_certificates: Sequence[x509.Certificate]) -> None:
        self._cell = TrustAnchors.from_certificates(dcc_certificates).get(RemotePartyRole.RECOVERY)

    @classmethod
    def from_data_dir(cls, data_dir: Path) -> SimulatedRecoveryCells:
        """The cells the instance in ``data_dir`` builds its simulated devices with: the DCC identity's adopted
        GBCS certificates (certificates only; no key is read)."""
        folder = DccIdentity.directory(data_dir) / "dcc" / "gbcs"
        certs = [storage.load_certificate(p.read_bytes(), source=str(p)) for p in sorted(folder.glob("*.pem"))
                 if p.stem != "xml-sign"] if folder.is_dir() else []
        return cls(certs)

    def check(self, device_ids: Sequence[Eui64], certificate: CertificateRecord) -> Mapping[Eui64, RecoveryCheck]:
        cell = self._cell
        if cell is None or cell.ds is None:
            verdict = RecoveryCheck.EMPTY
        else:
            ski = certificate_ski(x509.load_der_x509_certificate(certificate.der))
            holds = cell.eui == certificate.subject_eui and cell.ds_ski == ski
            verdict = RecoveryCheck.HOLDS if holds else RecoveryCheck.DIFFERS
        return dict.fromkeys(device_ids, verdict)
