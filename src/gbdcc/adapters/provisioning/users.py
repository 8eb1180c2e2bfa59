"""Registering Users (SEC H1; R-USER-1, R-USER-2) with the credentials they need to use the DCC.

A User needs a DUIS XML-signing certificate (OU 87) to sign Service Requests and — to sign critical
commands, and to read the GBCS responses its devices MAC and encrypt for it — SMKI Organisation
Certificates for digital signing and key agreement in its remote-party role (supplier 02, network
operator 03, other 7F; suppliers also a prepayment top-up key agreement pair, GBCS 4.3.3). With
``issue_keys_to`` gbdcc's own test PKI issues them all and writes the private keys beside the
certificates, in the layout ``gbdcc parse --keys`` and ``gbdcc gbcs sign-precommand`` read:
``xml-sign.key|pem`` and ``<eui hex>-ds|ka|pp-ka.key|pem``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.smki import storage
from gbdcc.adapters.smki.certificates import check_usable, record_from_certificate
from gbdcc.adapters.smki.issue import issue_organisation_certificate, issue_user_xml_signing_certificate
from gbdcc.domain.errors import CertificateInvalid, UserAlreadyRegistered
from gbdcc.domain.ids import Eui64
from gbdcc.domain.parties import SUPPLIER_ROLES, User, UserRole, UserRoleEntry
from gbdcc.domain.smki import CertificateRecord, KeyUsage, RemotePartyRole

if TYPE_CHECKING:
    from gbdcc.bootstrap import Instance

#: The Organisation Certificate role a User Role signs GBCS commands as (GBCS 4.3.2).
GBCS_ROLE: dict[UserRole, RemotePartyRole] = {
    UserRole.IMPORT_SUPPLIER: RemotePartyRole.SUPPLIER, UserRole.EXPORT_SUPPLIER: RemotePartyRole.SUPPLIER,
    UserRole.GAS_SUPPLIER: RemotePartyRole.SUPPLIER, UserRole.ELECTRICITY_DISTRIBUTOR: RemotePartyRole.NETWORK_OPERATOR,
    UserRole.GAS_TRANSPORTER: RemotePartyRole.NETWORK_OPERATOR, UserRole.OTHER_USER: RemotePartyRole.OTHER,
    UserRole.REGISTERED_SUPPLIER_AGENT: RemotePartyRole.OTHER,
}


def register_user(
    instance: Instance,
    *,
    eui: str,
    role: str,
    name: str,
    certificate_pem: bytes | None = None,
    issue_keys_to: Path | None = None,
    response_url: str | None = None,
    entry_date: date | None = None,
    replace: bool = True,
) -> User:
    """Register (or extend) a User ID in a role with its DUIS XML-signing certificate (R-USER-1, R-USER-2).

    With ``issue_keys_to`` new P-256 keys and certificates from the instance's own Organisation CA are
    written there: the XML-signing pair and the GBCS Organisation Certificates of the role. With
    ``replace=False`` a User ID that already holds the role is refused (``UserAlreadyRegistered``) before
    any key is issued or written.
    """
    user_id = Eui64.parse(eui)
    user_role = UserRole(role)
    now = instance.clock.now()
    if not replace:
        with instance.uow_factory(read_only=True) as reader:
            known = reader.users.get(user_id)
        if known is not None and any(r.role is user_role for r in known.roles):
            raise UserAlreadyRegistered(
                f"User {user_id} ({known.name}) already holds the role {user_role.value}: give --replace to "
                "replace its entry date, response URL and signing certificate (new keys when --issue-keys)",
                rule="R-USER-2")
    records: list[CertificateRecord] = []
    if certificate_pem is not None:
        certificate = storage.load_certificate(certificate_pem, source="--xml-signing-cert")
    else:
        assert issue_keys_to is not None
        certificate = _issued_xml_signing(instance, user_id, issue_keys_to, now)
        records = issue_gbcs_credentials(instance, user_id, user_role, issue_keys_to, now)
    record = record_from_certificate(certificate)
    if record.subject_eui != user_id:
        raise CertificateInvalid(f"the certificate is for {record.subject_eui}, not for User {user_id}")
    check_usable(record, now, KeyUsage.DIGITAL_SIGNATURE, test_pki=instance.settings.test_pki)
    with instance.uow_factory() as uow:
        existing = uow.users.get(user_id)
        user = existing or User(user_id, name, (), response_url)
        user = User(user.user_id, name, user.roles, response_url or user.response_url)
        user = user.with_role(UserRoleEntry(user_role, entry_date or now.date()))
        uow.users.put(user)
        for r in (record, *records):
            if uow.certificates.by_issuer_serial(r.issuer, r.serial) is None:
                uow.certificates.put(r)
        uow.commit()
    return user


def _issued_xml_signing(instance: Instance, user_id: Eui64, directory: Path, now: datetime) -> x509.Certificate:
    """The User's XML-signing certificate in ``directory`` if gbdcc issued one there before (a second
    role for the same User ID), else a new key pair and certificate."""
    existing = directory / "xml-sign.pem"
    if existing.is_file() and (directory / "xml-sign.key").is_file():
        certificate = storage.load_certificate(existing.read_bytes(), source=str(existing))
        if record_from_certificate(certificate).subject_eui == user_id:
            return certificate
    key = ec.generate_private_key(ec.SECP256R1())
    certificate = issue_user_xml_signing_certificate(
        instance.identity.pki.organisation_ca, key.public_key(), eui=user_id, not_before=now)
    storage.write_atomic(directory / "xml-sign.key", storage.private_key_pem(key, None), private=True)
    storage.write_atomic(existing, storage.certificate_pem(certificate))
    return certificate


def issue_gbcs_credentials(instance: Instance, user_id: Eui64, role: UserRole, directory: Path,
                           now: datetime) -> list[CertificateRecord]:
    """GBCS Organisation Certificates for the User's role (DS, KA; suppliers also the prepayment KA),
    written to ``directory`` with their keys. Returns their records for the SMKI repository."""
    gbcs_role = GBCS_ROLE[role]
    wanted = [(KeyUsage.DIGITAL_SIGNATURE, False), (KeyUsage.KEY_AGREEMENT, False)]
    if role in SUPPLIER_ROLES:
        wanted.append((KeyUsage.KEY_AGREEMENT, True))
    start = (now - timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    records = []
    for usage, prepayment in wanted:
        stem = f"{user_id.hex}-{'pp-' if prepayment else ''}{usage.value}"
        if (directory / f"{stem}.key").is_file():
            continue  # one set of GBCS credentials per User ID, whatever the roles it shares it across
        key = ec.generate_private_key(ec.SECP256R1())
        cert = issue_organisation_certificate(instance.identity.pki.organisation_ca, key.public_key(), eui=user_id,
                                              role=gbcs_role, usage=usage, not_before=start)
        storage.write_atomic(directory / f"{stem}.key", storage.private_key_pem(key, None), private=True)
        storage.write_atomic(directory / f"{stem}.pem", storage.certificate_pem(cert))
        records.append(record_from_certificate(cert, prepayment=prepayment))
    return records
