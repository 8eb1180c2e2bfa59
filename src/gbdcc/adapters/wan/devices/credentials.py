"""Security credentials on a simulated device: the CS02 use cases (GBCS 13.3.5, 4.3.2) — SIMULATION.

Every :class:`~gbdcc.adapters.wan.devices.base.SimDevice` executes them against its own trust anchor
cells (:mod:`.trust`) and keys (:class:`~gbdcc.adapters.wan.devices.security.DeviceSecurity`):

=========================  ================  =====================================================
use case (SRV)             message code      what the device does
=========================  ================  =====================================================
CS02a (6.24.1) / CS02f     0x0008 / 0x011B   report the cells of the requested roles: per key its
                                             usage, cell usage, party EUI and subject key identifier
CS02b (6.15.1, 6.21, 6.23, 0x0100-0x0109     replace trust anchor cells with the certificates sent,
8.5) / CS02g (6.15.1)      0x0125 / 0x0126   by the GBCS replacement rule of the credentials
                                             replacement mode (who may replace which role); the
                                             new party's originator-counter floors are set;
                                             immediate, future-dated (held, 0x8F66 / 0x8F67 alert
                                             0x00CB / 0x0124 at its time) or a cancellation
CS02c (6.17)               0x000A            generate a new key pair, answer a PKCS #10 request
CS02d (6.15.2)             0x000B            install the device certificate issued for that key:
                                             the device's own key is replaced (0x8F4D / 0x8F4F)
CS02e (6.24.2)             0x000C            return the device's certificate
=========================  ================  =====================================================

Replacement rules (GBCS 13.3.5.2 "credentialsReplacementMode"): the mode names who authorises and
which roles may be replaced — ``supplierBySupplier`` (2), ``networkOperatorByNetworkOperator`` (3),
``accessControlBrokerByACB`` (4, authenticated by the ACB MAC alone), ``wanProviderByWanProvider`` (5),
``transCoSByTransCoS`` (6), ``supplierByTransCoS`` (7, the change-of-supplier handover),
``anyExceptAbnormalRootByRecovery`` (8), ``anyByContingency`` (9), ``rootBySupplier`` (0),
``rootByWanProvider`` (1), ``loadControllerByLoadController`` (10), ``loadControllerBySupplier`` (11).
The command's originator must hold the authorising role's cell (and sign, except mode 4) — on a
DCC-controlled device (CHF, GPF) the DCC's own certificates can fill the Supplier and Network
Operator cells until it hands them over (SRV 6.21, CS02b signed by the DCC; the RTDS GPF's cells) —, its
authorising sequence number must be the originator counter, each replacement certificate must be an
organisation certificate of the target role (a load controller cell also takes a Supplier's) and key
usage, issued by a CA of the certification path.
After a change the old party's commands fail authentication on the device (0x8F30 when its EUI is no
longer in a cell, 0x8F3D when only its keys changed) and the new party's are accepted.

Outcome status codes (ENUMERATED, SIMULATION's choice where the RTDS shows only 0 / 10): 0 success,
10 replacement refused (certificate not valid for the cell), 25 no cell for the role, 127 role not
supported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

from gbdcc.adapters.gbcs.frame import GbcsMessage
from gbdcc.adapters.gbcs.payload._bytes import PayloadError
from gbdcc.adapters.smki.certificates import record_from_certificate, verify_issued_by
from gbdcc.adapters.smki.profile import hardware_module_name, key_usage_extension
from gbdcc.adapters.wan.devices import der
from gbdcc.adapters.wan.devices.trust import ANCHOR_ROLES, TrustAnchorCell, certificate_ski
from gbdcc.adapters.wan.errors import DeviceRefusal
from gbdcc.domain.errors import GbdccError
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import KeyUsage, RemotePartyRole

if TYPE_CHECKING:
    from gbdcc.adapters.wan.devices.base import SimDevice
    from gbdcc.adapters.wan.devices.security import DeviceSecurity

ALERT_UPDATE_SECURITY_CREDENTIALS = 0x8F70
ALERT_FUTURE_ACTIONED, ALERT_FUTURE_NOT_ACTIONED = 0x8F66, 0x8F67
ALERT_OWN_DS_FAILED, ALERT_OWN_DS_OK = 0x8F4C, 0x8F4D
ALERT_OWN_KA_FAILED, ALERT_OWN_KA_OK = 0x8F4E, 0x8F4F
ALERT_INTEGRITY_FAILED, ALERT_NO_AUTHORITY = 0x8F1E, 0x8F30
FUTURE_DATED_CS02B_ALERT, FUTURE_DATED_CS02G_ALERT = 0x00CB, 0x0124
STATUS_OK, STATUS_REFUSED, STATUS_NO_CELL, STATUS_UNSUPPORTED = 0, 10, 25, 127
DS_BITS, KA_BITS = bytes.fromhex("0780"), bytes.fromhex("0308")  # BIT STRING contents (GBCS keyUsage)
NEVER_YEAR = 9999  # GeneralizedTime 99991231235959Z cancels a held future-dated CS02b

R = RemotePartyRole
_ALL = frozenset(ANCHOR_ROLES)


@dataclass(frozen=True, slots=True)
class ReplacementMode:
    code: int  # message code of the command
    authority: RemotePartyRole
    targets: frozenset[RemotePartyRole]


MODES: dict[int, ReplacementMode] = {
    0: ReplacementMode(0x0100, R.SUPPLIER, frozenset({R.ROOT})),
    1: ReplacementMode(0x0101, R.WAN_PROVIDER, frozenset({R.ROOT})),
    2: ReplacementMode(0x0102, R.SUPPLIER, frozenset({R.SUPPLIER})),
    3: ReplacementMode(0x0103, R.NETWORK_OPERATOR, frozenset({R.NETWORK_OPERATOR})),
    4: ReplacementMode(0x0104, R.ACCESS_CONTROL_BROKER, frozenset({R.ACCESS_CONTROL_BROKER})),
    5: ReplacementMode(0x0105, R.WAN_PROVIDER, frozenset({R.WAN_PROVIDER})),
    6: ReplacementMode(0x0106, R.TRANSITIONAL_COS, frozenset({R.TRANSITIONAL_COS})),
    7: ReplacementMode(0x0107, R.TRANSITIONAL_COS, frozenset({R.SUPPLIER})),
    8: ReplacementMode(0x0108, R.RECOVERY, _ALL - {R.ROOT}),
    9: ReplacementMode(0x0109, R.ROOT, _ALL),
    10: ReplacementMode(0x0125, R.LOAD_CONTROLLER, frozenset({R.LOAD_CONTROLLER})),
    11: ReplacementMode(0x0126, R.SUPPLIER, frozenset({R.LOAD_CONTROLLER})),
}
MODE_BY_CODE = {m.code: n for n, m in MODES.items()}


def usage_of(bits: bytes) -> KeyUsage:
    if bits == DS_BITS:
        return KeyUsage.DIGITAL_SIGNATURE
    if bits == KA_BITS:
        return KeyUsage.KEY_AGREEMENT
    raise PayloadError(f"unknown GBCS key usage bits {bits.hex()}")


def bits_of(usage: KeyUsage) -> bytes:
    return DS_BITS if usage == KeyUsage.DIGITAL_SIGNATURE else KA_BITS


def register_credentials(device: SimDevice) -> None:
    """Give a device the CS02 use cases (it may override any of them)."""
    credentials = DeviceCredentials(device)
    uc = device.use_cases
    uc[0x0008] = credentials.provide_details  # CS02a
    uc[0x011B] = credentials.provide_details  # CS02f (incl. the load controller)
    for code in MODE_BY_CODE:
        uc[code] = credentials.update_credentials  # CS02b / CS02g
    uc[0x000A] = credentials.issue_credentials  # CS02c
    uc[0x000B] = credentials.update_device_certificate  # CS02d
    uc[0x000C] = credentials.provide_device_certificate  # CS02e
    device.credentials = credentials


@dataclass
class Replacement:
    role: RemotePartyRole
    usage: KeyUsage
    prepayment: bool
    cert: x509.Certificate | None
    status: int = STATUS_OK


class DeviceCredentials:
    """The CS02 handlers of one device."""

    def __init__(self, device: SimDevice) -> None:
        self.device = device
        self.pending_keys: dict[KeyUsage, ec.EllipticCurvePrivateKey] = {}  # CS02c, awaiting CS02d

    @property
    def security(self) -> DeviceSecurity:
        return self.device.security

    # --- CS02a / CS02f
    def provide_details(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """CS02a / CS02f: ``SEQUENCE { requester cell id, SEQUENCE OF role }`` → per role
        ``SEQUENCE { role, status, 0, SEQUENCE OF cell { usage, [cell usage], EUI, SKI } }``."""
        top = der.parse(msg.payload)
        roles = [c.as_int() for c in top.child(1).children]
        entries = []
        for number in roles:
            try:
                role = RemotePartyRole(number)
            except ValueError:
                role = None
            if role is None or role not in ANCHOR_ROLES:
                entries.append(der.sequence(der.integer(number), der.enumerated(STATUS_UNSUPPORTED)))
                continue
            cell = self.security.anchors.get(role)
            if cell is None:
                entries.append(der.sequence(der.integer(number), der.enumerated(STATUS_NO_CELL)))
                continue
            entries.append(der.sequence(der.integer(number), der.enumerated(STATUS_OK), der.integer(0),
                                       der.sequence(*_cell_entries(cell))))
        return der.sequence(*entries), []

    # --- CS02b / CS02g
    def update_credentials(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """CS02b / CS02g Update Security Credentials (see the module docstring)."""
        h = msg.header
        top = der.parse(msg.payload)
        control = top.child(0)
        mode_number = control.child(0).as_int()
        mode = MODES.get(mode_number)
        if mode is None or mode.code != h.message_code:
            raise DeviceRefusal(f"device {self.security.eui}: credentials replacement mode {mode_number} "
                                f"does not match message code 0x{h.message_code:04X}",
                                alert_code=ALERT_INTEGRITY_FAILED, rule="GBCS-13.3.5")
        authority = self.security.anchors.get(mode.authority)
        if authority is None or authority.eui != h.originator:
            raise DeviceRefusal(f"device {self.security.eui}: {h.originator} does not hold the "
                                f"{mode.authority.name} cell that authorises mode {mode_number}",
                                alert_code=ALERT_NO_AUTHORITY, rule="GBCS-13.3.5")
        seq = control.tagged(3)
        if seq is None or int.from_bytes(seq.content, "big") != h.originator_counter:
            raise DeviceRefusal(f"device {self.security.eui}: authorising sequence number is not the "
                                "originator counter", alert_code=ALERT_INTEGRITY_FAILED, rule="GBCS-13.3.5")
        cpv = control.tagged(4)
        time_checks = cpv is not None and cpv.content not in (b"", b"\x00")
        floors = _floors(control)
        replacements = [_replacement(item) for item in top.child(1).children]
        path = [x509.load_der_x509_certificate(c.der) for c in top.child(2).children] if len(top.children) > 2 \
            and top.child(2).tag == der.SEQUENCE else []
        when = next((c.time() for c in top.children[2:] if c.tag == der.GENERALIZED_TIME), None)
        key = ("cs02", mode_number, h.originator)
        if when is not None and when.year >= NEVER_YEAR:  # cancellation of a held future-dated command
            self.device.cancel_held(key)
            return der.sequence(der.null()), []
        now = self.device.clock(at)
        if when is not None and when > now:
            from gbdcc.adapters.wan.devices.base import HeldWork

            alert_code = FUTURE_DATED_CS02G_ALERT if mode_number in (10, 11) else FUTURE_DATED_CS02B_ALERT

            def run(due: datetime) -> list[bytes]:
                outcome, ok = self._replace(mode_number, mode, replacements, path, floors, h.originator_counter,
                                            due, time_checks)
                code = ALERT_FUTURE_ACTIONED if ok else ALERT_FUTURE_NOT_ACTIONED
                body = der.tlv_long(der.SEQUENCE, der.integer(code) + der.generalized_time(due) + outcome)
                return [self.security.notification(alert_code, body, recipient=h.originator, signed=True)]

            self.device.hold(HeldWork(when, key, run, f"CS02 mode {mode_number} from {h.originator}"))
            return der.sequence(der.null()), []
        outcome, ok = self._replace(mode_number, mode, replacements, path, floors, h.originator_counter, now,
                                    time_checks)
        body = der.tlv_long(der.SEQUENCE, der.null() + outcome)
        return body, [ALERT_UPDATE_SECURITY_CREDENTIALS] if ok else []

    def _replace(self, mode_number: int, mode: ReplacementMode, replacements: list[Replacement],
                 path: list[x509.Certificate], floors: tuple[int | None, tuple[tuple[int, int], ...]],
                 counter: int, at: datetime, time_checks: bool) -> tuple[bytes, bool]:
        """Validate every replacement, apply them all if all are valid; the DER execution outcome."""
        anchors = self.security.anchors
        before = {r: anchors.get(r) for r in ANCHOR_ROLES}
        for rep in replacements:
            rep.status = self._check(rep, mode, path, at, time_checks)
        ok = all(r.status == STATUS_OK for r in replacements)
        if ok:
            for rep in replacements:
                assert rep.cert is not None
                key = rep.cert.public_key()
                assert isinstance(key, ec.EllipticCurvePublicKey)
                eui = record_from_certificate(rep.cert).subject_eui
                assert eui is not None
                anchors.add_key(rep.role, eui, rep.usage, key, ski=certificate_ski(rep.cert),
                                prepayment=rep.prepayment)
            management, prepay = floors
            for role in {r.role for r in replacements}:
                cell = anchors.get(role)
                if cell is None:
                    continue
                if management is not None:
                    self.security.counters[cell.eui] = max(self.security.counters.get(cell.eui, -1), management)
                elif (previous := before[role]) is None or previous.eui != cell.eui:
                    self.security.counters.pop(cell.eui, None)
                if role == R.SUPPLIER and prepay:
                    self.security.prepayment_floor = max(self.security.prepayment_floor, prepay[0][1])
            self.device.log_event(at, ALERT_UPDATE_SECURITY_CREDENTIALS,
                                  f"trust anchors replaced (mode {mode_number})")
        out = []
        for rep in replacements:
            old = before.get(rep.role)
            new = anchors.get(rep.role) if rep.status == STATUS_OK else old
            ident = [der.integer(int(rep.role)), der.bit_string(bits_of(rep.usage))]
            if rep.prepayment:
                ident.append(der.integer(1))
            out.append(der.sequence(
                der.sequence(*ident), der.enumerated(rep.status),
                der.octets(old.eui.to_bytes() if old else b""),
                der.octets(old.ski(rep.usage, prepayment=rep.prepayment) if old else b""),
                der.octets(new.eui.to_bytes() if new else b""),
                der.octets(new.ski(rep.usage, prepayment=rep.prepayment) if new else b"")))
        target = replacements[0].role if replacements else mode.authority
        floor_entry = [der.integer(int(target)), der.integer(floors[0] or 0)]
        if floors[1]:
            floor_entry.append(der.sequence(*(der.sequence(der.integer(a), der.integer(b)) for a, b in floors[1])))
        outcome = der.tlv_long(der.SEQUENCE, der.integer(counter) + der.integer(mode_number)
                               + der.sequence(der.sequence(*floor_entry)) + der.tlv_long(der.SEQUENCE, b"".join(out)))
        return outcome, ok

    def _check(self, rep: Replacement, mode: ReplacementMode, path: list[x509.Certificate], at: datetime,
               time_checks: bool) -> int:
        if rep.role not in mode.targets or rep.cert is None:
            return STATUS_REFUSED
        try:
            rec = record_from_certificate(rep.cert)
        except GbdccError:
            return STATUS_REFUSED
        # a load controller cell may hold a Load Controller's or a Supplier's organisation certificate
        # (the RTDS CS02g installs the supplier's own certificates there)
        roles = {rep.role, R.SUPPLIER} if rep.role == R.LOAD_CONTROLLER else {rep.role}
        if rec.role not in roles or rec.key_usage != rep.usage or (
                rep.prepayment and rep.usage != KeyUsage.KEY_AGREEMENT):
            return STATUS_REFUSED
        if rep.prepayment and rep.role != R.SUPPLIER:
            return STATUS_REFUSED
        if path:
            try:
                verify_issued_by(rep.cert, path[0])
            except GbdccError:
                return STATUS_REFUSED
        if time_checks and not (rep.cert.not_valid_before_utc <= at <= rep.cert.not_valid_after_utc):
            return STATUS_REFUSED
        return STATUS_OK

    # --- CS02c / CS02d / CS02e (the device's own credentials)
    def issue_credentials(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """CS02c: a new key pair for the usage asked for; answered with a PKCS #10 request signed by it."""
        usage = usage_of(der.parse(msg.payload).child(0).bits())
        key = ec.generate_private_key(ec.SECP256R1())
        self.pending_keys[usage] = key
        csr = (x509.CertificateSigningRequestBuilder()
               .subject_name(x509.Name([]))
               .add_extension(key_usage_extension(usage), critical=True)
               .add_extension(x509.SubjectAlternativeName([hardware_module_name(self.security.eui)]), critical=True)
               .sign(key, hashes.SHA256()))
        return csr.public_bytes(Encoding.DER), []

    def update_device_certificate(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """CS02d: the certificate must be this device's (hardwareModuleName) for the key CS02c made;
        then that key replaces the device's own key of that usage. INTEGER 0 on success, else 3."""
        try:
            cert = x509.load_der_x509_certificate(msg.payload)
            rec = record_from_certificate(cert)
        except (ValueError, GbdccError):
            return der.integer(3), [ALERT_OWN_DS_FAILED]
        usage = rec.key_usage or KeyUsage.DIGITAL_SIGNATURE
        failed, succeeded = ((ALERT_OWN_DS_FAILED, ALERT_OWN_DS_OK) if usage == KeyUsage.DIGITAL_SIGNATURE
                             else (ALERT_OWN_KA_FAILED, ALERT_OWN_KA_OK))
        pending = self.pending_keys.get(usage)
        if rec.subject_eui != self.security.eui or pending is None or \
                cert.public_key().public_numbers() != pending.public_key().public_numbers():  # type: ignore[union-attr]
            return der.integer(3), [failed]
        del self.pending_keys[usage]
        if usage == KeyUsage.DIGITAL_SIGNATURE:
            self.security.ds_key = pending
        else:
            self.security.ka_key = pending
        self.security.certificates[usage] = cert.public_bytes(Encoding.DER)
        self.device.log_event(at, succeeded, f"own {usage.value} certificate replaced")
        return der.integer(0), [succeeded]

    def provide_device_certificate(self, msg: GbcsMessage, at: datetime) -> tuple[bytes, list[int]]:
        """CS02e: the device's certificate of the usage asked for (DER X.509)."""
        usage = usage_of(der.parse(msg.payload).child(0).bits())
        return self.security.certificate(usage), []


def _cell_entries(cell: TrustAnchorCell) -> list[bytes]:
    out = []
    slots = ((KeyUsage.DIGITAL_SIGNATURE, False, cell.ds), (KeyUsage.KEY_AGREEMENT, False, cell.ka),
             (KeyUsage.KEY_AGREEMENT, True, cell.pp))
    for usage, prepayment, key in slots:
        if key is None:
            continue
        parts = [der.bit_string(bits_of(usage))]
        if prepayment:
            parts.append(der.integer(1))
        parts += [der.octets(cell.eui.to_bytes()), der.octets(cell.ski(usage, prepayment=prepayment))]
        out.append(der.sequence(*parts))
    return out


def _replacement(item: der.Tlv) -> Replacement:
    """``SEQUENCE { Certificate, SEQUENCE { role, usage, [cell usage] } }``."""
    cert_tlv, target = item.child(0), item.child(1)
    try:
        cert: x509.Certificate | None = x509.load_der_x509_certificate(cert_tlv.der)
    except ValueError:
        cert = None
    role_number = target.child(0).as_int()
    try:
        role = RemotePartyRole(role_number)
    except ValueError as e:
        raise PayloadError(f"unknown remote party role {role_number}") from e
    prepayment = len(target.children) > 2 and target.child(2).as_int() == 1
    return Replacement(role, usage_of(target.child(1).bits()), prepayment, cert)


def _floors(control: der.Tlv) -> tuple[int | None, tuple[tuple[int, int], ...]]:
    """The new party's floor sequence numbers: ``[5] SEQUENCE OF { floor, prepayment floor }`` or
    ``[6] SEQUENCE OF { role, floor, SEQUENCE OF { floor, prepayment floor } }`` (supplier by TransCoS)."""
    def pairs(node: der.Tlv) -> tuple[tuple[int, int], ...]:
        out = []
        for c in node.children:
            if c.tag == der.SEQUENCE and len(c.children) == 2:
                out.append((c.child(0).as_int(), c.child(1).as_int()))
        return tuple(out)

    five, six = control.tagged(5), control.tagged(6)
    if five is not None:
        found = pairs(five)
        return (found[0][0] if found else None), found
    if six is not None and six.children and len(six.child(0).children) >= 2:
        entry = six.child(0)  # { role, floor, SEQUENCE OF { floor, prepayment floor } }
        rest = pairs(entry.child(2)) if len(entry.children) > 2 else ()
        return entry.child(1).as_int(), rest
    return None, ()


CertificateSource = Callable[[Eui64, KeyUsage, ec.EllipticCurvePublicKey], bytes]
"""Issues a device certificate (DER) for a device's public key — e.g. the estate's SMKI Device CA."""

_SIM_CA: list[object] = []


def simulation_certificate(eui: Eui64, usage: KeyUsage, key: ec.EllipticCurvePublicKey) -> bytes:
    """A device certificate from a process-wide simulation Device CA (when no SMKI source is given); the
    CA name is a PrintableString CN, as the SMKI Device CA's."""
    from cryptography.x509.name import _ASN1Type
    from cryptography.x509.oid import NameOID

    from gbdcc.adapters.smki.device_certificates import DeviceCertificateIssuer
    from gbdcc.adapters.smki.pki import CaCredential, build_ca_certificate
    from gbdcc.adapters.smki.profile import DEVICE_POLICY, NO_EXPIRY

    if not _SIM_CA:
        ca_key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "SIMDCA", _type=_ASN1Type.PrintableString)])
        ca_cert = build_ca_certificate(name, ca_key, issuer=None, not_before=datetime(2015, 1, 1, tzinfo=UTC),
                                       not_after=NO_EXPIRY, path_length=0, policy=DEVICE_POLICY)
        _SIM_CA.append(DeviceCertificateIssuer(CaCredential(ca_cert, ca_key), deterministic=True))
    issuer = _SIM_CA[0]
    assert isinstance(issuer, DeviceCertificateIssuer)
    cert = issuer.build(key, eui=eui, usage=usage, not_before=datetime(2015, 1, 1, tzinfo=UTC),
                        serial=(1 << 126) | eui.value << 8 | (1 if usage == KeyUsage.DIGITAL_SIGNATURE else 2))
    return cert.public_bytes(Encoding.DER)
