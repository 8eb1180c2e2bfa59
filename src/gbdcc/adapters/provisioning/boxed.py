"""DCC Boxed compatibility: gbdcc presents the identity of DCC's own test appliance (``gbdcc up --boxed``).

A client written for DCC Boxed — the Smart DCC Node-RED nodes, a supplier's DUIS adapter configured for
it — trusts only what DCC Boxed's keystore holds: its Validate tool looks the response's signing
certificate up by serial in a library compiled into the jar. So in boxed mode gbdcc takes that keystore
(``keystore.json`` of ``SmartDCCInnovation/dccboxed-keystore``, which the user supplies; gbdcc bundles no
DCC key material) and from it:

* every certificate goes into the SMKI repository (served by the SMKI service on port 8083 as well);
* the DCC's identities become those of DCC Boxed: the DSP XML-signing key (OU 89, valid to 2118) signs
  every DUIS response and alert; the Access Control Broker (``Z1-`` pair, the anchors the RTDS / DCC Boxed
  devices hold), Transitional CoS, Recovery and WAN provider keys are the DCC's GBCS identities;
* the keystore's test Users are registered with their XML-signing certificates (OU 87): a supplier as
  Import and Gas Supplier, a network operator as Electricity Distributor, an "other" party as Other User;
* the RTDS / DCC Boxed test premises are added (``adapters.provisioning.rtds``: ESME ``…90-A0``, GSME
  ``…A1``, CHF ``…A2``, GPF ``…A3``, PPMID ``…A4``, HCALCS ``…A5``, ESME ``…A6``), SIMULATED devices;
* the data dir is marked boxed (:data:`BOXED_MARKER`); the caller puts it in test-PKI mode first (the
  keystore's organisation certificates expired in 2025).

Takes effect when the instance is reopened (the identity is loaded at start). Idempotent.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.provisioning import rtds
from gbdcc.adapters.provisioning.users import register_user
from gbdcc.adapters.smki import storage
from gbdcc.adapters.smki.dcc_identity import DccIdentity
from gbdcc.adapters.smki.errors import KeyStoreError
from gbdcc.adapters.smki.keystore import Credential, import_boxed_keystore
from gbdcc.config import BOXED_MARKER
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import KeyUsage, RemotePartyRole

if TYPE_CHECKING:
    from gbdcc.bootstrap import Instance

#: Organisation roles of a keystore party → the User Roles it is registered in (R-USER-2: one User ID
#: per non-supplier role, so the network operator is Electricity Distributor only, as in the RTDS run).
USER_ROLES: dict[RemotePartyRole, tuple[str, ...]] = {
    RemotePartyRole.SUPPLIER: ("IS", "ES", "GS"),
    RemotePartyRole.NETWORK_OPERATOR: ("ED",),
    RemotePartyRole.OTHER: ("OU",),
}
#: DCC role → the DCC GBCS identity stem (``DccIdentity.adopt_gbcs``), per key usage.
_GBCS_IDENTITIES: dict[tuple[RemotePartyRole, KeyUsage], str] = {
    (RemotePartyRole.ACCESS_CONTROL_BROKER, KeyUsage.DIGITAL_SIGNATURE): "acb-ds",
    (RemotePartyRole.ACCESS_CONTROL_BROKER, KeyUsage.KEY_AGREEMENT): "acb-ka",
    (RemotePartyRole.TRANSITIONAL_COS, KeyUsage.DIGITAL_SIGNATURE): "transcos-ds",
    (RemotePartyRole.RECOVERY, KeyUsage.DIGITAL_SIGNATURE): "recovery-ds",
    (RemotePartyRole.WAN_PROVIDER, KeyUsage.DIGITAL_SIGNATURE): "wan-provider-ds",
    (RemotePartyRole.WAN_PROVIDER, KeyUsage.KEY_AGREEMENT): "wan-provider-ka",
}


@dataclass
class BoxedReport:
    certificates_read: int = 0
    certificates_added: int = 0
    adopted: list[str] = field(default_factory=list)
    users: list[str] = field(default_factory=list)
    devices: int = 0
    rejected: list[str] = field(default_factory=list)


def _preferred(candidates: list[Credential]) -> Credential:
    """Of several keys for one DCC role, the ``Z1-`` one the RTDS / DCC Boxed devices hold anchors for,
    else the newest."""
    return sorted(candidates, key=lambda c: (not (c.name or "").startswith("Z1-"),
                                             -c.record.not_before.timestamp()))[0]


def adopt_boxed_keystore(instance: Instance, keystore: Path, *, response_url: str | None = None) -> BoxedReport:
    """Make ``instance`` present the DCC Boxed identity of ``keystore`` (see the module docstring)."""
    dcc = instance.identity.eui
    result = import_boxed_keystore(keystore)
    report = BoxedReport(certificates_read=len(result.credentials),
                         rejected=[f"{r.source}: {r.reason}" for r in result.rejected])
    with instance.uow_factory() as uow:
        for record in result.records():
            if uow.certificates.by_issuer_serial(record.issuer, record.serial) is None:
                uow.certificates.put(record)
                report.certificates_added += 1
        uow.commit()

    xml_signing = [c for c in result.credentials if c.record.subject_eui == dcc and c.private_key is not None
                   and c.record.role is RemotePartyRole.DSP_XML_SIGNING]
    if not xml_signing:
        raise KeyStoreError(f"{keystore} holds no DSP XML-signing key (OU 89) for the DCC {dcc}: not a DCC Boxed "
                            "keystore", rule="BOXED-IDENTITY")
    certs: dict[str, x509.Certificate] = {}
    keys: dict[str, ec.EllipticCurvePrivateKey] = {}
    chosen = _preferred(xml_signing)
    certs["xml-sign"], keys["xml-sign"] = chosen.certificate, chosen.private_key  # type: ignore[assignment]
    by_part: dict[str, list[Credential]] = defaultdict(list)
    for c in result.credentials:
        part = _GBCS_IDENTITIES.get((c.record.role, c.record.key_usage))  # type: ignore[arg-type]
        if part is not None:
            by_part[part].append(c)
    for part, candidates in sorted(by_part.items()):
        with_key = [c for c in candidates if c.private_key is not None]
        best = _preferred(with_key or candidates)
        certs[part] = best.certificate
        if best.private_key is not None:
            keys[part] = best.private_key
    passphrase = instance.settings.key_passphrase.encode() if instance.settings.key_passphrase else None
    DccIdentity.adopt_gbcs(instance.settings.data_dir, certs, keys, passphrase)
    report.adopted = sorted(certs)
    report.users = _register_users(instance, result.credentials, response_url)
    report.devices = rtds.provision_premises(instance)
    storage.write_atomic(instance.settings.data_dir / BOXED_MARKER,
                         f"DCC Boxed identity from {keystore.name}\n".encode())
    return report


def _register_users(instance: Instance, credentials: list[Credential], response_url: str | None) -> list[str]:
    roles: dict[Eui64, set[RemotePartyRole]] = defaultdict(set)
    xml_certs: dict[Eui64, Credential] = {}
    for c in credentials:
        eui = c.record.subject_eui
        if eui is None or eui == instance.identity.eui:
            continue
        if c.record.role is RemotePartyRole.XML_SIGNING:
            xml_certs[eui] = c
        elif c.record.role in USER_ROLES:
            roles[eui].add(c.record.role)
    registered = []
    for eui, cred in sorted(xml_certs.items(), key=lambda kv: kv[0].hex):
        for org_role in sorted(roles.get(eui, ())):
            for role in USER_ROLES[org_role]:
                register_user(instance, eui=str(eui), role=role, name=cred.name or f"DCC Boxed {org_role.name}",
                              certificate_pem=storage.certificate_pem(cred.certificate),
                              response_url=response_url or instance.settings.demo_response_url,
                              entry_date=date(2015, 1, 1))
                registered.append(f"{eui} {role}")
    return registered
