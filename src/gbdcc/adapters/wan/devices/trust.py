"""Device trust anchor cells (GBCS 4.3.2, 13.3.5; DOMAIN.md §6) — SIMULATION.

A device holds one cell per remote party role (Root, Recovery, Supplier, Network Operator, ACB,
Transitional CoS, WAN Provider, Load Controller): the party's EUI-64 and the public keys of its
organisation certificates — digital signing and key agreement, and for the Supplier also the
prepayment top-up key agreement key (GBCS "cell usage" 1, used to check UTRNs; R-SEC-4: its private key
is the Supplier's, never the DCC's). Each key is kept with its certificate's subject key identifier
(what CS02a / CS02b report). Commands are authenticated against these cells only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.smki.certificates import record_from_certificate
from gbdcc.adapters.smki.profile import key_identifier
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import KeyUsage, RemotePartyRole

#: The roles a device has trust anchor cells for (GBCS remote party roles 0-6 and 8).
ANCHOR_ROLES = (RemotePartyRole.ROOT, RemotePartyRole.RECOVERY, RemotePartyRole.SUPPLIER,
                RemotePartyRole.NETWORK_OPERATOR, RemotePartyRole.ACCESS_CONTROL_BROKER,
                RemotePartyRole.TRANSITIONAL_COS, RemotePartyRole.WAN_PROVIDER,
                RemotePartyRole.LOAD_CONTROLLER)


@dataclass(frozen=True, slots=True)
class TrustAnchorCell:
    role: RemotePartyRole
    eui: Eui64
    ds: ec.EllipticCurvePublicKey | None = None
    ka: ec.EllipticCurvePublicKey | None = None
    pp: ec.EllipticCurvePublicKey | None = None  # Supplier prepayment top-up key agreement key
    ds_ski: bytes = b""
    ka_ski: bytes = b""
    pp_ski: bytes = b""

    def key(self, usage: KeyUsage, *, prepayment: bool = False) -> ec.EllipticCurvePublicKey | None:
        if prepayment:
            return self.pp
        return self.ds if usage == KeyUsage.DIGITAL_SIGNATURE else self.ka

    def ski(self, usage: KeyUsage, *, prepayment: bool = False) -> bytes:
        """The subject key identifier of the key in that slot (8 bytes; empty when the slot is empty)."""
        if prepayment:
            return self.pp_ski
        return self.ds_ski if usage == KeyUsage.DIGITAL_SIGNATURE else self.ka_ski

    def with_key(self, usage: KeyUsage, key: ec.EllipticCurvePublicKey, ski: bytes | None = None, *,
                 prepayment: bool = False) -> TrustAnchorCell:
        ident = ski if ski is not None else key_identifier(key)
        if prepayment:
            return replace(self, pp=key, pp_ski=ident)
        if usage == KeyUsage.DIGITAL_SIGNATURE:
            return replace(self, ds=key, ds_ski=ident)
        return replace(self, ka=key, ka_ski=ident)


def certificate_ski(cert: x509.Certificate) -> bytes:
    """The certificate's subjectKeyIdentifier (RFC 5280 method 2 of its key when it carries none)."""
    try:
        return cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    except x509.ExtensionNotFound:
        key = cert.public_key()
        assert isinstance(key, ec.EllipticCurvePublicKey)
        return key_identifier(key)


@dataclass
class TrustAnchors:
    """The cells of one device, by role."""

    cells: dict[RemotePartyRole, TrustAnchorCell] = field(default_factory=dict)

    def put(self, cell: TrustAnchorCell) -> None:
        if cell.role not in ANCHOR_ROLES:
            raise ValueError(f"no trust anchor cell for role {cell.role!r}")
        self.cells[cell.role] = cell

    def add_key(self, role: RemotePartyRole, eui: Eui64, usage: KeyUsage,
                key: ec.EllipticCurvePublicKey, *, ski: bytes | None = None, prepayment: bool = False) -> None:
        """Set one key of a cell (replacing the cell's party when the EUI differs)."""
        cell = self.cells.get(role)
        if cell is None or cell.eui != eui:
            cell = TrustAnchorCell(role, eui)
        self.put(cell.with_key(usage, key, ski, prepayment=prepayment))

    def add_certificate(self, cert: x509.Certificate, *, prepayment: bool = False) -> None:
        """Put an SMKI organisation certificate's key in its cell (subject OU = role, 2.5.4.45 = EUI);
        ``prepayment`` puts a Supplier key agreement certificate in the prepayment top-up slot."""
        rec = record_from_certificate(cert)
        if rec.role not in ANCHOR_ROLES or rec.subject_eui is None or rec.key_usage is None:
            raise ValueError(f"certificate {cert.serial_number} is not an organisation certificate of a cell")
        key = cert.public_key()
        assert isinstance(key, ec.EllipticCurvePublicKey)
        self.add_key(rec.role, rec.subject_eui, rec.key_usage, key, ski=certificate_ski(cert),
                     prepayment=prepayment)

    @classmethod
    def from_certificates(cls, certificates: Iterable[x509.Certificate], *,
                          prepayment: Iterable[x509.Certificate] = ()) -> TrustAnchors:
        """Cells populated from SMKI organisation certificates (subject OU = role, 2.5.4.45 = EUI);
        ``prepayment``: Supplier prepayment top-up key agreement certificates."""
        anchors = cls()
        for cert in certificates:
            rec = record_from_certificate(cert)
            if rec.role in ANCHOR_ROLES and rec.subject_eui is not None and rec.key_usage is not None:
                anchors.add_certificate(cert)
        for cert in prepayment:
            anchors.add_certificate(cert, prepayment=True)
        return anchors

    def by_eui(self, eui: Eui64) -> TrustAnchorCell | None:
        return next((c for c in self.cells.values() if c.eui == eui), None)

    def role_of(self, eui: Eui64) -> RemotePartyRole | None:
        cell = self.by_eui(eui)
        return None if cell is None else cell.role

    def get(self, role: RemotePartyRole) -> TrustAnchorCell | None:
        return self.cells.get(role)

    def copy(self) -> TrustAnchors:
        return TrustAnchors(dict(self.cells))
