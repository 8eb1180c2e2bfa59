"""In-memory reads of the post-commissioning report (R-POST-1): the SQL repository's twin."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from gbdcc.adapters.db.errors import utc
from gbdcc.adapters.db.memory.state import Repository, State
from gbdcc.domain.compliance.post_commissioning import SMART_METER_TYPES, CommissionedMeter
from gbdcc.domain.ids import Eui64
from gbdcc.domain.inventory import Device, DeviceType, SmiStatus
from gbdcc.domain.parties import UserRole
from gbdcc.domain.requests import RequestState
from gbdcc.domain.smki import CertificateKind, CertificateRecord, KeyUsage, RemotePartyRole


class InMemoryPostCommissioningRepository(Repository):
    def commissioned_meters(self, as_of: datetime, update_srvs: Collection[str]) -> Sequence[CommissionedMeter]:
        as_of = utc(as_of, "as_of")
        state = self._s()
        srvs = frozenset(update_srvs)
        updates: dict[Eui64, list[datetime]] = {}
        for r in state.requests.values():
            if (r.srv in srvs and r.state is RequestState.RESPONDED and r.response_code == "I0"
                    and r.updated_at <= as_of):
                updates.setdefault(r.device_id, []).append(r.updated_at)
        out = []
        for device_id in sorted(state.devices):
            device = state.devices[device_id]
            if device.device_type.value not in SMART_METER_TYPES:
                continue
            entries = [c.at for c in device.history if c.status is SmiStatus.COMMISSIONED and c.at <= as_of]
            if not entries:
                continue
            at = min(entries)
            later = [u for u in updates.get(device_id, ()) if u >= at]
            out.append(CommissionedMeter(device_id, device.device_type.value, device.import_mpxn,
                                         _supplier(state, device, at), at, min(later) if later else None))
        return out

    def recovery_certificates(self, as_of: datetime) -> Sequence[CertificateRecord]:
        as_of = utc(as_of, "as_of")
        found = [r for r in self._s().certificates.values()
                 if r.kind is CertificateKind.ORGANISATION and r.role is RemotePartyRole.RECOVERY
                 and r.key_usage is KeyUsage.DIGITAL_SIGNATURE and r.not_before <= as_of
                 and (r.not_after is None or r.not_after >= as_of)]
        found.sort(key=lambda r: (r.not_before, f"{r.serial:x}"), reverse=True)  # as SQL: serial_hex text
        return found


def _supplier(state: State, device: Device, at: datetime) -> Eui64 | None:
    """The Registered Supplier of the meter's MPxN at ``at`` (else the SMI's supplier credentials)."""
    role = UserRole.IMPORT_SUPPLIER if device.device_type is DeviceType.ESME else UserRole.GAS_SUPPLIER
    held = [p for p in state.registration.values()
            if p.mpxn == device.import_mpxn and p.role is role and p.effective_from <= at
            and (p.effective_to is None or p.effective_to > at)]
    if held:
        return max(held, key=lambda p: p.effective_from).party
    return device.supplier_credentials
