"""The simulated premises behind each Communications Hub, built from the SMI on first contact — SIMULATION.

A national estate has millions of hubs; only those the DCC talks to need a simulated hub in memory.
When the WAN is asked to reach a hub it does not have yet, :class:`SimulatedEstate` reads the hub and the
devices hanging off it from the Smart Metering Inventory and builds them:

* keys: every simulated device's key pairs are derived from the instance's estate seed
  (``smki.device_keys``) — the same keys the DCC's Device Certificates for it hold;
* trust anchors: the DCC's own organisation certificates (ACB …) and those of the organisations the SMI
  says the device's supplier / network-operator cells hold (``Device.supplier_credentials`` …), read
  from the SMKI repository, and in its Transitional CoS cell the certificate its ``Device.cos_cell`` names
  (TCoS, ECoS or the null one; R-COS-2) — so a device trusts exactly whom the DCC thinks it trusts;
* which devices are on the HAN: those the SMI has past Pending (whitelisted or joined); the GSME
  behind the GPF;
* installation: the hub's installer hook answers with the device present at the premises when the CHF
  whitelists one by 8.11 — a device the SMI knows (pre-notified), built the same way; the hub joins it
  and the CHF raises 0x8183 Device joined SMHAN naming it, as an installer's visit would;
* consumption: the ESME's and GSME's models are pure functions of time since installation (SMI history)
  and of the premises (gas: seeded by the UPRN), so a hub built late reads as if it had run all along.

Device state lives in memory only: after a restart a hub is rebuilt from the SMI (registers follow the
devices' models from their installation time; settings made since are not kept — see the WAN README).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import datetime

from cryptography import x509

from gbdcc.adapters.wan.csp import HanResult
from gbdcc.adapters.wan.devices.base import SimDevice
from gbdcc.adapters.wan.devices.factory import installed_at, simulated_device
from gbdcc.adapters.wan.devices.han import Gpf, Ihd
from gbdcc.adapters.wan.devices.hub import Chf, CommunicationsHub, build_hub
from gbdcc.adapters.wan.devices.security import DeviceSecurity, KeySource
from gbdcc.adapters.wan.devices.trust import TrustAnchors
from gbdcc.domain.cos import CosCell
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus
from gbdcc.domain.smki import CertificateKind, KeyUsage
from gbdcc.service.ports import UnitOfWork, UnitOfWorkFactory

_ON_HAN = frozenset({SmiStatus.WHITELISTED, SmiStatus.INSTALLED_NOT_COMMISSIONED, SmiStatus.COMMISSIONED,
                     SmiStatus.SUSPENDED, SmiStatus.RECOVERY, SmiStatus.RECOVERED})


class SimulatedHub:
    """A built hub and where it is (its premises' postcode decides the CSP region and coverage)."""

    def __init__(self, hub: CommunicationsHub, postcode: str) -> None:
        self.hub = hub
        self.postcode = postcode

    def receive(self, payload: bytes, at: datetime) -> HanResult:
        return self.hub.receive(payload, at)


class SimulatedEstate:
    """Builds :class:`SimulatedHub` values from the SMI and the SMKI repository (see module docstring)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, keys: KeySource, dcc_certificates: list[x509.Certificate],
                 *, now: Callable[[], datetime], instrumented: bool = False,
                 cos_certificates: Mapping[CosCell, x509.Certificate] | None = None) -> None:
        """``cos_certificates``: the Transitional CoS cell's certificate for each ``Device.cos_cell`` other than
        the one in ``dcc_certificates`` (R-COS-2)."""
        self._now = now
        self._cos_certificates = dict(cos_certificates or {})
        self._uow_factory = uow_factory
        self._keys = keys
        self._dcc_certificates = list(dcc_certificates)
        self._instrumented = instrumented
        self._anchor_cache: dict[tuple[Eui64 | None, Eui64 | None, CosCell], TrustAnchors] = {}
        self._lock = threading.Lock()

    def build(self, hub_id: Eui64) -> SimulatedHub | None:
        """The hub of ``hub_id`` as the SMI has it, or None when the SMI has no such CHF."""
        with self._uow_factory(read_only=True) as uow:
            chf = uow.inventory.get(hub_id)
            if chf is None or chf.device_type is not DeviceType.CHF:
                return None
            devices = [d for d in uow.inventory.by_chf(hub_id) if d.device_id != hub_id]
            anchors = {d.device_id: self._anchors(uow, d) for d in (chf, *devices)}
            delivered = uow.hubs.get_hub(hub_id)  # an instrumented Test Communications Hub (R-TEST-1)
            test_hub = delivered is not None and delivered.test_hub
        gpf_record = next((d for d in devices if d.device_type is DeviceType.GPF), None)
        chf_device = Chf(self._security(chf, anchors[chf.device_id]), firmware_version=chf.firmware_version or "2.1.0")
        gpf_device = (Gpf(self._security(gpf_record, anchors[gpf_record.device_id]),
                          firmware_version=gpf_record.firmware_version or "2.1.0") if gpf_record else None)
        hub = build_hub(chf_device, gpf_device, instrumented=self._instrumented or test_hub)
        prepayment = any(d.device_type is DeviceType.PPMID for d in devices)
        for device in devices:
            if device.device_type is DeviceType.GPF or device.status not in _ON_HAN:
                continue
            simulated = self._device(device, anchors[device.device_id], prepayment)
            if simulated is not None:
                hub.join(simulated)
        uprn = chf.uprn or str(chf.device_id)
        hub.installer = lambda eui, entry, at: self._install(eui, prepayment, uprn)
        return SimulatedHub(hub, chf.postcode or "")

    def _install(self, eui: Eui64, prepayment: bool, uprn: str) -> SimDevice | Ihd | None:
        """The device an installer fits when the CHF whitelists it: only one the SMI was told about
        (pre-notified), made as its SMI record says."""
        with self._uow_factory(read_only=True) as uow:
            device = uow.inventory.get(eui)
            if device is None or device.device_type in (DeviceType.CHF, DeviceType.GPF):
                return None
            anchors = self._anchors(uow, device)
        return self._device(device, anchors, prepayment, uprn)

    def _device(self, device: Device, anchors: TrustAnchors, prepayment: bool, uprn: str | None = None
                ) -> SimDevice | Ihd | None:
        # the simulation runs the meter from now (credit, clocks); its registers follow its consumption
        # model since installation
        started = max(installed_at(device), self._now())
        return simulated_device(device, self._security(device, anchors), started, prepayment=prepayment, uprn=uprn)

    def _security(self, device: Device, anchors: TrustAnchors) -> DeviceSecurity:
        ds, ka = self._keys(device.device_id)
        return DeviceSecurity(device.device_id, ds, ka, anchors.copy())

    def _anchors(self, uow: UnitOfWork, device: Device) -> TrustAnchors:
        """The DCC's cells plus the supplier / network operator and the CoS cell the SMI records for the device."""
        parties = (device.supplier_credentials, device.network_operator_credentials)
        key = (*parties, device.cos_cell)
        with self._lock:
            cached = self._anchor_cache.get(key)
        if cached is not None:
            return cached
        certs = list(self._dcc_certificates)
        cos = self._cos_certificates.get(device.cos_cell)
        if cos is not None:  # replaces the Transitional CoS cell the DCC's certificates filled
            certs.append(cos)
        prepayment: list[x509.Certificate] = []
        for party in parties:
            if party is None:
                continue
            for usage in (KeyUsage.DIGITAL_SIGNATURE, KeyUsage.KEY_AGREEMENT):
                records = uow.certificates.by_eui_usage(party, usage)
                orgs = [r for r in records if r.kind is CertificateKind.ORGANISATION and r.role is not None
                        and r.role.value < 0x80]
                # A party holding several certificates (the DCC Boxed keystore's Z1 and Z1b sets): the device
                # was installed with the first one issued; later ones reach it only by a credential update
                # (6.15.1), which the simulated device applies to its own anchors.
                management = sorted((r for r in orgs if not r.prepayment), key=lambda r: r.not_before)
                if management:
                    certs.append(x509.load_der_x509_certificate(management[0].der))
                prepaid = sorted((r for r in orgs if r.prepayment), key=lambda r: r.not_before)
                prepayment += [x509.load_der_x509_certificate(r.der) for r in prepaid][:1]
        anchors = TrustAnchors.from_certificates(certs, prepayment=prepayment)
        with self._lock:
            self._anchor_cache[key] = anchors
        return anchors

    def forget_anchors(self) -> None:
        """Drop cached trust anchors (after Organisation Certificates change)."""
        with self._lock:
            self._anchor_cache.clear()
