"""The RTDS test premises (``gbdcc estate add-rtds``): the devices the DCC's request templates and GBCS
vectors address, so those templates — signed by the DCC's own tool — work against gbdcc unchanged.

From a folder of the DCC's published test keys (``--keys``: ``rtds/`` with the RTDS organisation keys and
certificates, ``duis-xml-sign/`` with the test Users' XML-signing certificates — DCC test material the
user points gbdcc at, never bundled):

* the RTDS Organisation Certificates go into the SMKI repository (supplier, network operator, supplier
  2, ACB, TransCoS, Recovery, WAN provider); the ACB and TransCoS keys become the DCC's GBCS identities
  (so commands are MAC'd as in the RTDS run, and devices holding RTDS trust anchors accept them);
* the test Users are registered with their XML-signing certificates: supplier ``90-B3-D5-1F-30-01-00-00``
  IS, GS and ES (one User ID may be shared across the supplier roles, R-USER-2), network operator
  ``…02-00-00`` ED (one User ID per non-supplier role, R-USER-2: it is also named gas transporter in
  Registration Data without acting as one), supplier 2 ``…03-00-00`` when the folder has its certificate;
  these are expired test certificates, usable only in test-PKI mode (``GBDCC_TEST_PKI=1``);
* the premises: CHF ``00-DB-12-34-56-78-90-A2`` with GPF ``…A3``, ESME ``…A0`` (import MPAN
  ``1312345678111``, secondary import ``1312345678222``, export ``1312345678333`` — the MPANs the RTDS
  templates name for it: 8.6, 8.11, 6.20.2), GSME ``…A1`` (MPRN ``1000999888``), PPMID ``…A4``, HCALCS
  ``…A5`` (the Type 1 Device the RTDS Method A2 join 8.7.1 addresses) and a second ESME ``…A6`` (MPAN
  ``1312345678444``, named by no template), all Commissioned, registered to the supplier (import, export,
  gas) and network operator; SIMULATED
  devices whose key pairs gbdcc derives (the RTDS device private keys were never published), their Device
  Certificates issued by gbdcc's device CA into the SMKI repository, their trust anchors the RTDS
  organisation certificates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from gbdcc.adapters.provisioning.users import register_user
from gbdcc.adapters.smki import storage
from gbdcc.adapters.smki.certificates import record_from_certificate
from gbdcc.adapters.smki.dcc_identity import DccIdentity
from gbdcc.adapters.wan.coverage import CoverageMap
from gbdcc.domain.errors import InvalidIdentifier
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus, StatusChange
from gbdcc.domain.parties import UserRole
from gbdcc.domain.registration import RegistrationPeriod
from gbdcc.domain.smki import CertificateKind, KeyUsage

if TYPE_CHECKING:
    from gbdcc.bootstrap import Instance

SUPPLIER = Eui64.parse("90-B3-D5-1F-30-01-00-00")
NETWORK_OPERATOR = Eui64.parse("90-B3-D5-1F-30-02-00-00")
SUPPLIER_2 = Eui64.parse("90-B3-D5-1F-30-03-00-00")
MPAN, MPRN, MPAN_2 = "1312345678111", "1000999888", "1312345678444"
SECONDARY_MPAN, EXPORT_MPAN = "1312345678222", "1312345678333"  # ESME …A0's (RTDS 8.6 Service Opt In)
CHF, GPF = Eui64.parse("00-DB-12-34-56-78-90-A2"), Eui64.parse("00-DB-12-34-56-78-90-A3")
#: (EUI, type, MPxN) of the devices behind the hub.
DEVICES: tuple[tuple[str, DeviceType, str | None], ...] = (
    ("00-DB-12-34-56-78-90-A0", DeviceType.ESME, MPAN),
    ("00-DB-12-34-56-78-90-A1", DeviceType.GSME, MPRN),
    ("00-DB-12-34-56-78-90-A4", DeviceType.PPMID, None),
    ("00-DB-12-34-56-78-90-A5", DeviceType.HCALCS, None),
    ("00-DB-12-34-56-78-90-A6", DeviceType.ESME, MPAN_2),
)
SINCE = datetime(2015, 1, 1, tzinfo=UTC)
#: ESME …A0's SMI details beyond its import MPAN.
_ESME_A0: dict[str, Any] = {"secondary_import_mpan": SECONDARY_MPAN, "export_mpan": EXPORT_MPAN, "esme_variant": "A"}
_IMPORT = (UserRole.IMPORT_SUPPLIER, UserRole.ELECTRICITY_DISTRIBUTOR)
#: Registration Data of the premises: (MPxN, roles) — the supplier and the network operator in each.
_REGISTRATION: tuple[tuple[str, tuple[UserRole, ...]], ...] = (
    (MPAN, _IMPORT), (SECONDARY_MPAN, _IMPORT), (MPAN_2, _IMPORT),
    (EXPORT_MPAN, (UserRole.EXPORT_SUPPLIER, UserRole.ELECTRICITY_DISTRIBUTOR)),
    (MPRN, (UserRole.GAS_SUPPLIER, UserRole.GAS_TRANSPORTER)))
#: Organisation Certificates the RTDS folder holds (EUI hex prefix of the DCC test parties).
_ORG_PREFIX = "90b3d51f3"
#: RTDS file stem → the DCC GBCS identity it becomes.
_ADOPT = {"90b3d51f30000002-ds": "acb-ds", "90b3d51f30000002-ka": "acb-ka", "90b3d51f30000004-ds": "transcos-ds",
          "90b3d51f30000001-ds": "recovery-ds", "90b3d51f30000007-ds": "wan-provider-ds",
          "90b3d51f30000007-ka": "wan-provider-ka"}
#: Test Users: (EUI, roles, name, XML-signing certificate file in duis-xml-sign/).
_USERS = ((SUPPLIER, ("IS", "GS", "ES"), "RTDS supplier", "xml-sign-90B3D51F30010000-ds.pem"),
          (NETWORK_OPERATOR, ("ED",), "RTDS network operator", "xml-sign-90B3D51F30020000-ds.pem"),
          (SUPPLIER_2, ("IS", "GS"), "RTDS supplier 2", "Z1-supplier2-ds.pem"))


@dataclass
class RtdsReport:
    certificates: int = 0
    adopted: list[str] = field(default_factory=list)
    users: list[str] = field(default_factory=list)
    devices: int = 0
    skipped: list[str] = field(default_factory=list)


def add_rtds(instance: Instance, keys: Path) -> RtdsReport:
    """Provision the RTDS test premises from the DCC test keys under ``keys`` (see module docstring).
    Idempotent: what is already there is left as it is. Reopen the instance afterwards to use the adopted
    DCC identities."""
    rtds, xml = keys / "rtds", keys / "duis-xml-sign"
    if not rtds.is_dir() or not xml.is_dir():
        raise InvalidIdentifier(f"{keys} must hold the DCC test keys folders rtds/ and duis-xml-sign/",
                                rule="RTDS-KEYS")
    report = RtdsReport()
    _import_organisations(instance, rtds, report)
    _adopt_identities(instance, rtds, report)
    for eui, roles, name, cert_file in _USERS:
        path = xml / cert_file
        if not path.is_file():
            report.skipped.append(f"User {eui}: no {cert_file}")
            continue
        for role in roles:
            register_user(instance, eui=str(eui), role=role, name=name, certificate_pem=path.read_bytes(),
                          response_url=instance.settings.demo_response_url, entry_date=date(2015, 1, 1))
        report.users.append(f"{eui} {'/'.join(roles)}")
    report.devices = _premises(instance)
    return report


def _import_organisations(instance: Instance, rtds: Path, report: RtdsReport) -> None:
    with instance.uow_factory() as uow:
        for path in sorted(rtds.glob(f"{_ORG_PREFIX}*.pem")):
            cert = storage.load_certificate(path.read_bytes(), source=str(path))
            record = record_from_certificate(cert, prepayment="-pp-" in path.name)
            if uow.certificates.by_issuer_serial(record.issuer, record.serial) is None:
                uow.certificates.put(record)
                report.certificates += 1
        uow.commit()


def _adopt_identities(instance: Instance, rtds: Path, report: RtdsReport) -> None:
    certs: dict[str, x509.Certificate] = {}
    keys: dict[str, ec.EllipticCurvePrivateKey] = {}
    for stem, part in _ADOPT.items():
        if not (rtds / f"{stem}.pem").is_file():
            continue
        certs[part] = storage.load_certificate((rtds / f"{stem}.pem").read_bytes(), source=stem)
        if (rtds / f"{stem}.key").is_file():
            keys[part] = storage.load_private_key((rtds / f"{stem}.key").read_bytes(), None, source=stem)
        report.adopted.append(part)
    passphrase = instance.settings.key_passphrase.encode() if instance.settings.key_passphrase else None
    DccIdentity.adopt_gbcs(instance.settings.data_dir, certs, keys, passphrase)


def _postcode() -> str:
    """A postcode the simulated SM WAN covers (the RTDS run names none)."""
    coverage = CoverageMap.synthetic(seed=1)
    return next(pc for pc in ("RG1 1AA", "RG2 0AA", "SN1 1AA", "OX1 1AA", "BS1 1AA") if coverage.is_covered(pc))


def provision_premises(instance: Instance) -> int:
    """The RTDS / DCC Boxed test premises and their Registration Data (also ``gbdcc smki import --boxed``);
    returns how many devices were added."""
    return _premises(instance)


def _premises(instance: Instance) -> int:
    postcode = _postcode()
    history = (StatusChange(SmiStatus.COMMISSIONED, SINCE, "RTDS test premises (gbdcc estate add-rtds)"),)
    common: dict[str, Any] = {
              "status": SmiStatus.COMMISSIONED, "status_at": SINCE, "history": history, "uprn": "10099999999",
              "postcode": postcode, "address_identifier": "1", "csp_region": "South",
              "date_commissioned": SINCE.date(), "supplier_credentials": SUPPLIER,
              "network_operator_credentials": NETWORK_OPERATOR, "manufacturer": "RTDS (simulated)",
              "model": "RTDS-4.5.0"}
    devices = [Device(device_id=CHF, device_type=DeviceType.CHF, associated_gpf_id=GPF, **common),
               Device(device_id=GPF, device_type=DeviceType.GPF, chf_id=CHF, **common)]
    for eui, kind, mpxn in DEVICES:
        devices.append(Device(device_id=Eui64.parse(eui), device_type=kind, chf_id=CHF, import_mpxn=mpxn,
                              associated_gpf_id=GPF if kind is DeviceType.GSME else None,
                              **(_ESME_A0 if mpxn == MPAN else {}), **common))
    added = 0
    credentials = instance.device_keys.credentials
    with instance.uow_factory() as uow:
        for device in devices:
            if uow.inventory.get(device.device_id) is None:
                uow.inventory.add(device)
                added += 1
            if device.device_type.is_type2:
                continue
            for usage in (KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_AGREEMENT):
                have = [r for r in uow.certificates.by_eui_usage(device.device_id, usage)
                        if r.kind is CertificateKind.DEVICE]
                if not have:
                    uow.certificates.put(credentials.record(device.device_id, usage))
        for mpxn, roles in _REGISTRATION:
            for role in roles:
                party = NETWORK_OPERATOR if role in (UserRole.ELECTRICITY_DISTRIBUTOR, UserRole.GAS_TRANSPORTER) \
                    else SUPPLIER
                uow.registration.put(RegistrationPeriod(mpxn, role, party, SINCE))
        uow.commit()
    return added
