"""The DCC's own SMKI identities for one gbdcc instance (simulated: a private PKI, not the real SMKI).

On first use :meth:`DccIdentity.load_or_create` creates under ``<data_dir>/smki/``:

* ``pki/`` — the private Root, Organisation and Device CAs (:class:`~.pki.Pki`);
* ``dcc/certs/`` and ``dcc/keys/`` — the DCC's Access Control Broker Organisation Certificates, one
  digitalSignature and one keyAgreement (role 04: GBCS ACB, MACs and signs commands; DOMAIN.md §6), and
  the DSP XML-signing certificate (OU ``89``) that signs DUIS responses (DUIS 3.2.2), all for the DCC's
  EUI (``90-B3-D5-1F-30-00-00-02`` by default, the ACB of the DCC test estate);
* ``identity.json`` — written last, so an interrupted creation is redone rather than half-loaded;
* optionally ``dcc/gbcs/`` — identities *adopted* from a test PKI (:meth:`DccIdentity.adopt_gbcs`,
  e.g. the RTDS or DCC Boxed keys): ``xml-sign`` (the DCC Boxed DSP XML-signing key, replacing the
  generated one), ``acb-ds``, ``acb-ka`` (replacing the generated ACB pair),
  ``transcos-ds`` (the Transitional CoS Party's signing key, GBCS CS02b by TransCoS) and the
  certificates ``recovery-ds`` / ``wan-provider-ds|ka`` devices hold trust anchors for.

Later calls load the same material. Keys are PKCS#8, encrypted when a passphrase is given. Creation is
serialised by an exclusive ``flock`` so several processes starting together agree on one identity.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.smki import storage
from gbdcc.adapters.smki.certificates import record_from_certificate
from gbdcc.adapters.smki.errors import KeyStoreError
from gbdcc.adapters.smki.issue import issue_dsp_xml_signing_certificate, issue_organisation_certificate
from gbdcc.adapters.smki.keystore import KeyStore, key_name, role_key_name
from gbdcc.adapters.smki.pki import Pki
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import CertificateRecord, KeyUsage, RemotePartyRole

DEFAULT_DCC_EUI = Eui64.parse("90-B3-D5-1F-30-00-00-02")
_FORMAT = 1


@dataclass(frozen=True, slots=True)
class DccIdentity:
    eui: Eui64
    pki: Pki
    xml_signing_cert: x509.Certificate
    xml_signing_key: ec.EllipticCurvePrivateKey
    acb_ds_cert: x509.Certificate
    acb_ds_key: ec.EllipticCurvePrivateKey
    acb_ka_cert: x509.Certificate
    acb_ka_key: ec.EllipticCurvePrivateKey
    transcos_ds_key: ec.EllipticCurvePrivateKey | None = None
    transcos_ds_cert: x509.Certificate | None = None
    #: Other DCC Organisation Certificates devices hold trust anchors for (TransCoS, Recovery, WAN provider).
    anchor_certs: tuple[x509.Certificate, ...] = ()
    #: Identities adopted from a test PKI (stems of ``_ADOPTED``; ``xml-sign``: the DCC Boxed DSP key).
    adopted: frozenset[str] = frozenset()

    @staticmethod
    def directory(data_dir: Path) -> Path:
        return data_dir / "smki"

    @classmethod
    def load_or_create(
        cls, data_dir: Path, passphrase: bytes | None = None, *, eui: Eui64 = DEFAULT_DCC_EUI,
        now: datetime | None = None,
    ) -> DccIdentity:
        """Load the identity kept in ``data_dir``; create it first if there is none."""
        root = cls.directory(data_dir)
        with storage.exclusive(root / ".lock"):
            if (root / "identity.json").is_file():
                return cls._load(root, passphrase, eui)
            return cls._create(root, passphrase, eui, now or datetime.now(UTC))

    @classmethod
    def _stems(cls, eui: Eui64) -> dict[str, str]:
        return {
            "xml_signing": role_key_name(eui, RemotePartyRole.DSP_XML_SIGNING, KeyUsage.DIGITAL_SIGNATURE),
            "acb_ds": key_name(eui, KeyUsage.DIGITAL_SIGNATURE),
            "acb_ka": key_name(eui, KeyUsage.KEY_AGREEMENT),
        }

    @classmethod
    def _create(cls, root: Path, passphrase: bytes | None, eui: Eui64, now: datetime) -> DccIdentity:
        pki = Pki.generate(now=now)
        start = (now.astimezone(UTC) - timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        ca = pki.organisation_ca
        keys = {name: ec.generate_private_key(ec.SECP256R1()) for name in ("xml_signing", "acb_ds", "acb_ka")}
        certs = {
            "xml_signing": issue_dsp_xml_signing_certificate(
                ca, keys["xml_signing"].public_key(), eui=eui, not_before=start),
            "acb_ds": issue_organisation_certificate(
                ca, keys["acb_ds"].public_key(), eui=eui, role=RemotePartyRole.ACCESS_CONTROL_BROKER,
                usage=KeyUsage.DIGITAL_SIGNATURE, not_before=start),
            "acb_ka": issue_organisation_certificate(
                ca, keys["acb_ka"].public_key(), eui=eui, role=RemotePartyRole.ACCESS_CONTROL_BROKER,
                usage=KeyUsage.KEY_AGREEMENT, not_before=start),
        }
        pki.save(root / "pki", passphrase)
        keystore = KeyStore(root / "dcc" / "keys", passphrase)
        for part, stem in cls._stems(eui).items():
            keystore.put(stem, keys[part])
            storage.write_atomic(root / "dcc" / "certs" / f"{stem}.pem", storage.certificate_pem(certs[part]))
        manifest = {"format": _FORMAT, "eui": eui.hex, "created": now.astimezone(UTC).isoformat()}
        storage.write_atomic(root / "identity.json", json.dumps(manifest, indent=2).encode())
        return cls._build(eui, pki, certs, keys)

    @classmethod
    def _load(cls, root: Path, passphrase: bytes | None, eui: Eui64) -> DccIdentity:
        manifest = json.loads((root / "identity.json").read_text())
        stored = Eui64.parse(manifest["eui"])
        if stored != eui:
            raise KeyStoreError(f"{root} holds the DCC identity for EUI {stored}, not {eui}")
        pki = Pki.load(root / "pki", passphrase)
        keystore = KeyStore(root / "dcc" / "keys", passphrase)
        certs: dict[str, x509.Certificate] = {}
        keys: dict[str, ec.EllipticCurvePrivateKey] = {}
        for part, stem in cls._stems(eui).items():
            path = root / "dcc" / "certs" / f"{stem}.pem"
            certs[part] = storage.load_certificate(path.read_bytes(), source=str(path))
            keys[part] = keystore.get(stem)
            if keys[part].public_key() != certs[part].public_key():
                raise KeyStoreError(f"DCC key {stem} does not match its certificate")
        identity = cls._build(eui, pki, certs, keys)
        return identity._with_adopted(root / "dcc" / "gbcs", passphrase)

    _ADOPTED = ("xml-sign", "acb-ds", "acb-ka", "transcos-ds", "recovery-ds", "wan-provider-ds", "wan-provider-ka")

    def _with_adopted(self, folder: Path, passphrase: bytes | None) -> DccIdentity:
        """This identity with the GBCS identities adopted into ``folder`` (if any)."""
        if not folder.is_dir():
            return self
        keystore = KeyStore(folder, passphrase)
        certs = {stem: storage.load_certificate((folder / f"{stem}.pem").read_bytes(), source=stem)
                 for stem in self._ADOPTED if (folder / f"{stem}.pem").is_file()}
        changes: dict[str, object] = {"adopted": frozenset(certs)}
        if "xml-sign" in certs:
            changes["xml_signing_cert"], changes["xml_signing_key"] = certs["xml-sign"], keystore.get("xml-sign")
        for part in ("acb-ds", "acb-ka"):
            if part in certs:
                attr = part.replace("-", "_")
                changes[f"{attr}_cert"], changes[f"{attr}_key"] = certs[part], keystore.get(part)
        if "transcos-ds" in certs and (folder / "transcos-ds.key").is_file():
            changes["transcos_ds_key"] = keystore.get("transcos-ds")
            changes["transcos_ds_cert"] = certs["transcos-ds"]
        changes["anchor_certs"] = tuple(c for stem, c in certs.items() if stem not in ("xml-sign", "acb-ds", "acb-ka"))
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def adopt_gbcs(cls, data_dir: Path, certificates: dict[str, x509.Certificate],
                   keys: dict[str, ec.EllipticCurvePrivateKey], passphrase: bytes | None = None) -> None:
        """Make test-PKI identities the DCC's own (stems of ``_ADOPTED``: ``xml-sign`` — the DSP XML-signing
        key DUIS responses are signed with —, ``acb-ds``, ``acb-ka``, ``transcos-ds``, ``recovery-ds``,
        ``wan-provider-ds|ka``). Takes effect on the next load."""
        folder = cls.directory(data_dir) / "dcc" / "gbcs"
        keystore = KeyStore(folder, passphrase)
        for stem, cert in certificates.items():
            if stem not in cls._ADOPTED:
                raise KeyStoreError(f"not a DCC GBCS identity: {stem}")
            key = keys.get(stem)
            if key is not None:
                if key.public_key() != cert.public_key():
                    raise KeyStoreError(f"the {stem} key does not match its certificate")
                keystore.put(stem, key)
            storage.write_atomic(folder / f"{stem}.pem", storage.certificate_pem(cert))

    @classmethod
    def _build(
        cls, eui: Eui64, pki: Pki, certs: dict[str, x509.Certificate], keys: dict[str, ec.EllipticCurvePrivateKey]
    ) -> DccIdentity:
        return cls(
            eui=eui, pki=pki,
            xml_signing_cert=certs["xml_signing"], xml_signing_key=keys["xml_signing"],
            acb_ds_cert=certs["acb_ds"], acb_ds_key=keys["acb_ds"],
            acb_ka_cert=certs["acb_ka"], acb_ka_key=keys["acb_ka"],
        )

    def xml_signing_cert_pem(self) -> str:
        return storage.certificate_pem(self.xml_signing_cert).decode("ascii")

    def records(self) -> list[CertificateRecord]:
        """CA and DCC certificates as records, for seeding the SMKI repository."""
        certs = [*self.pki.ca_certificates(), self.xml_signing_cert, self.acb_ds_cert, self.acb_ka_cert,
                 *self.anchor_certs]
        return [record_from_certificate(c) for c in certs]

    def gbcs_certificates(self) -> list[x509.Certificate]:
        """The DCC's Organisation Certificates a device holds trust anchors for (ACB, TransCoS, …)."""
        return [self.acb_ds_cert, self.acb_ka_cert, *self.anchor_certs]
