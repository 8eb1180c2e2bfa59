"""The simulated premises behind each Communications Hub, built from the SMI on first contact — SIMULATION.

A national estate has millions of hubs; only those the DCC talks to need a simulated hub in memory.
When the WAN is asked to reach a hub it does not have yet, :class:`SimulatedEstate` reads the hub and the
devices hanging off it from the Smart Metering Inventory and builds them:

* keys: every simulated device's key pairs are derived from the instance's estate seed
  (``smki.device_keys``) — the same keys the DCC's Device Certificates for it hold;
* trust anchors: the DCC's own organisation certificates (ACB …) and those of the organisations the SMI
  says the device's supplier / network-operator cells hold (``Device.supplier_credentials`` …), read
  from the SMKI repository — so a device trusts exactly whom the DCC thinks it trusts;
* which devices are on the HAN: those the SMI has past Pending (whitelisted or joined); the GSME
  behind the GPF;
* installation: a device added to the CHF device log by 8.11 that the SMI knows (pre-notified) is
  "installed" — built the same way and joined to the HAN, and the CHF raises 0x8183 Device joined SMHAN
  naming it — as an installer's visit would.

Device state lives in memory only: after a restart a hub is rebuilt from the SMI (registers follow the
devices' models from their installation time; settings made since are not kept — see the WAN README).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

from cryptography import x509

from gbdcc.adapters.gbcs.payload import dlms_data
from gbdcc.adapters.wan.csp import HanResult
from gbdcc.adapters.wan.devices.base import SimDevice
from gbdcc.adapters.wan.devices.esme import Esme
from gbdcc.adapters.wan.devices.han import Gpf, Gsme, Ihd, Ppmid
from gbdcc.adapters.wan.devices.hub import Chf, CommunicationsHub
from gbdcc.adapters.wan.devices.security import DeviceSecurity, KeySource
from gbdcc.adapters.wan.devices.trust import TrustAnchors
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus
from gbdcc.domain.smki import CertificateKind, KeyUsage
from gbdcc.service.ports import UnitOfWork, UnitOfWorkFactory

ALERT_DEVICE_JOINED_SMHAN = 0x8183
_ON_HAN = frozenset({SmiStatus.WHITELISTED, SmiStatus.INSTALLED_NOT_COMMISSIONED, SmiStatus.COMMISSIONED,
                     SmiStatus.SUSPENDED, SmiStatus.RECOVERY, SmiStatus.RECOVERED})


class SimulatedHub:
    """A built hub and where it is (its premises' postcode decides the CSP region and coverage)."""

    def __init__(self, hub: CommunicationsHub, postcode: str, installer: Callable[[Eui64, datetime], SimDevice | None]
                 ) -> None:
        self.hub = hub
        self.postcode = postcode
        self._installer = installer

    def receive(self, payload: bytes, at: datetime) -> HanResult:
        """The hub's WAN endpoint, plus the installer: devices newly in the CHF device log join the HAN."""
        before = set(self.hub.chf.device_log)
        result = self.hub.receive(payload, at)
        added = [eui for eui in self.hub.chf.device_log if eui not in before and eui not in self.hub.devices]
        alerts = list(result.alerts)
        for eui in added:
            device = self._installer(eui, at)
            if device is None:
                continue
            self.hub.join(device, install_code=self.hub.chf.device_log[eui].install_code)
            alerts.append(self.hub.chf.security.alert(
                ALERT_DEVICE_JOINED_SMHAN, at, extra=(dlms_data.octets(eui.to_bytes()),)))
        return HanResult(result.response, tuple(alerts)) if len(alerts) != len(result.alerts) else result


class SimulatedEstate:
    """Builds :class:`SimulatedHub` values from the SMI and the SMKI repository (see module docstring)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, keys: KeySource, dcc_certificates: list[x509.Certificate],
                 *, instrumented: bool = False) -> None:
        self._uow_factory = uow_factory
        self._keys = keys
        self._dcc_certificates = list(dcc_certificates)
        self._instrumented = instrumented
        self._anchor_cache: dict[tuple[Eui64 | None, Eui64 | None], TrustAnchors] = {}
        self._lock = threading.Lock()

    def build(self, hub_id: Eui64) -> SimulatedHub | None:
        """The hub of ``hub_id`` as the SMI has it, or None when the SMI has no such CHF."""
        with self._uow_factory(read_only=True) as uow:
            chf = uow.inventory.get(hub_id)
            if chf is None or chf.device_type is not DeviceType.CHF:
                return None
            devices = [d for d in uow.inventory.by_chf(hub_id) if d.device_id != hub_id]
            anchors = {d.device_id: self._anchors(uow, d) for d in (chf, *devices)}
        hub = CommunicationsHub(Chf(self._security(chf, anchors[chf.device_id]),
                                    firmware_version=chf.firmware_version or "2.1.0"),
                                instrumented=self._instrumented)
        gpf = next((d for d in devices if d.device_type is DeviceType.GPF), None)
        if gpf is not None:
            hub.gpf = Gpf(self._security(gpf, anchors[gpf.device_id]), firmware_version=gpf.firmware_version or "2.1.0")
        for device in devices:
            if device.device_type is DeviceType.GPF or device.status not in _ON_HAN:
                continue
            simulated = self._device(device, anchors[device.device_id])
            if isinstance(simulated, Ihd):
                hub.ihds.append(simulated)
            elif simulated is not None:
                hub.join(simulated)
        return SimulatedHub(hub, chf.postcode or "", lambda eui, at: self._install(eui))

    def _install(self, eui: Eui64) -> SimDevice | None:
        """A device the installer fits when the CHF whitelists it: only one the SMI was told about."""
        with self._uow_factory(read_only=True) as uow:
            device = uow.inventory.get(eui)
            if device is None or device.device_type in (DeviceType.CHF, DeviceType.GPF):
                return None
            anchors = self._anchors(uow, device)
        simulated = self._device(device, anchors)
        return simulated if isinstance(simulated, SimDevice) else None

    def _device(self, device: Device, anchors: TrustAnchors) -> SimDevice | Ihd | None:
        started = device.history[0].at if device.history else device.status_at
        firmware = device.firmware_version or "1.0.0"
        if device.device_type is DeviceType.ESME:
            return Esme(self._security(device, anchors), started, firmware_version=firmware)
        if device.device_type is DeviceType.GSME:
            return Gsme(self._security(device, anchors), started, firmware_version=firmware)
        if device.device_type is DeviceType.PPMID:
            return Ppmid(self._security(device, anchors), firmware_version=firmware)
        if device.device_type in (DeviceType.IHD, DeviceType.CAD):
            return Ihd(device.device_id)
        return None  # HCALCS: not simulated yet

    def _security(self, device: Device, anchors: TrustAnchors) -> DeviceSecurity:
        ds, ka = self._keys(device.device_id)
        return DeviceSecurity(device.device_id, ds, ka, anchors.copy())

    def _anchors(self, uow: UnitOfWork, device: Device) -> TrustAnchors:
        """The DCC's cells plus the supplier / network operator the SMI records for the device."""
        key = (device.supplier_credentials, device.network_operator_credentials)
        with self._lock:
            cached = self._anchor_cache.get(key)
        if cached is not None:
            return cached
        certs = list(self._dcc_certificates)
        for party in key:
            if party is None:
                continue
            for usage in (KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_AGREEMENT):
                records = uow.certificates.by_eui_usage(party, usage)
                orgs = [r for r in records if r.kind is CertificateKind.ORGANISATION and not r.prepayment
                        and r.role is not None and r.role.value < 0x80]
                if orgs:
                    certs.append(x509.load_der_x509_certificate(orgs[0].der))
        anchors = TrustAnchors.from_certificates(certs)
        with self._lock:
            self._anchor_cache[key] = anchors
        return anchors

    def forget_anchors(self) -> None:
        """Drop cached trust anchors (after Organisation Certificates change)."""
        with self._lock:
            self._anchor_cache.clear()
