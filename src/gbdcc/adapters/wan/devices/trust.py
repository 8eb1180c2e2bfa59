"""Device trust anchor cells (GBCS 4.3.2, DOMAIN.md §6) — SIMULATION.

A device holds one cell per remote party role (Root, Recovery, Supplier, Network Operator, ACB,
Transitional CoS, WAN Provider): the party's EUI-64 and the public keys of its organisation
certificates (digital signing and key agreement). Commands are authenticated against these cells only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.smki.certificates import record_from_certificate
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import KeyUsage, RemotePartyRole

#: The roles a device has trust anchor cells for (GBCS remote party roles 0-6).
ANCHOR_ROLES = (RemotePartyRole.ROOT, RemotePartyRole.RECOVERY, RemotePartyRole.SUPPLIER,
                RemotePartyRole.NETWORK_OPERATOR, RemotePartyRole.ACCESS_CONTROL_BROKER,
                RemotePartyRole.TRANSITIONAL_COS, RemotePartyRole.WAN_PROVIDER)


@dataclass(frozen=True, slots=True)
class TrustAnchorCell:
    role: RemotePartyRole
    eui: Eui64
    ds: ec.EllipticCurvePublicKey | None = None
    ka: ec.EllipticCurvePublicKey | None = None


@dataclass
class TrustAnchors:
    """The cells of one device, by role."""

    cells: dict[RemotePartyRole, TrustAnchorCell] = field(default_factory=dict)

    def put(self, cell: TrustAnchorCell) -> None:
        if cell.role not in ANCHOR_ROLES:
            raise ValueError(f"no trust anchor cell for role {cell.role!r}")
        self.cells[cell.role] = cell

    def add_key(self, role: RemotePartyRole, eui: Eui64, usage: KeyUsage,
                key: ec.EllipticCurvePublicKey) -> None:
        """Set one key of a cell (replacing the cell's party when the EUI differs)."""
        cell = self.cells.get(role)
        if cell is None or cell.eui != eui:
            cell = TrustAnchorCell(role, eui)
        cell = replace(cell, ds=key) if usage == KeyUsage.DIGITAL_SIGNATURE else replace(cell, ka=key)
        self.put(cell)

    @classmethod
    def from_certificates(cls, certificates: Iterable[x509.Certificate]) -> TrustAnchors:
        """Cells populated from SMKI organisation certificates (subject OU = role, 2.5.4.45 = EUI)."""
        anchors = cls()
        for cert in certificates:
            rec = record_from_certificate(cert)
            if rec.role in ANCHOR_ROLES and rec.subject_eui is not None and rec.key_usage is not None:
                key = cert.public_key()
                assert isinstance(key, ec.EllipticCurvePublicKey)
                anchors.add_key(rec.role, rec.subject_eui, rec.key_usage, key)
        return anchors

    def by_eui(self, eui: Eui64) -> TrustAnchorCell | None:
        return next((c for c in self.cells.values() if c.eui == eui), None)

    def get(self, role: RemotePartyRole) -> TrustAnchorCell | None:
        return self.cells.get(role)

    def copy(self) -> TrustAnchors:
        return TrustAnchors(dict(self.cells))
