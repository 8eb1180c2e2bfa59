"""SQL reads of the post-commissioning report (R-POST-1; IEWP 5.3, 5.6(c)).

One statement over the SMI: the first ``Commissioned`` entry of each Smart Meter's status history (grouped on
the history's primary key, ``device_id`` first), joined to ``devices`` by primary key; per meter two
correlated scalar subqueries — its first answered credentials update (``service_requests`` by the ``(device_id,
…)`` index) and its Registered Supplier at commissioning (``registration_periods`` by its primary key ``(mpxn,
role, effective_from)``). The SMKI Repository's Recovery certificates are a filter on ``certificates``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import bindparam, case, func, or_, select
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.errors import utc
from gbdcc.adapters.db.sql_certificates import _record
from gbdcc.adapters.db.tables import certificates, device_status_history, devices, registration_periods
from gbdcc.adapters.db.tables import service_requests as sr
from gbdcc.domain.compliance.post_commissioning import SMART_METER_TYPES, CommissionedMeter
from gbdcc.domain.inventory import SmiStatus
from gbdcc.domain.parties import UserRole
from gbdcc.domain.requests import RequestState
from gbdcc.domain.smki import CertificateKind, CertificateRecord, KeyUsage, RemotePartyRole

h = device_status_history
rp = registration_periods
d = devices
_AS_OF = bindparam("as_of", type_=h.c.at.type)

_commissioned = (select(h.c.device_id, func.min(h.c.at).label("commissioned_at"))
                 .where(h.c.status == SmiStatus.COMMISSIONED.value, h.c.at <= _AS_OF)
                 .group_by(h.c.device_id).subquery("commissioned"))
_first_update = (select(func.min(sr.c.updated_at))
                 .where(sr.c.device_id == d.c.device_id, sr.c.srv.in_(bindparam("srvs", expanding=True)),
                        sr.c.state == RequestState.RESPONDED.value, sr.c.response_code == "I0",
                        sr.c.updated_at >= _commissioned.c.commissioned_at, sr.c.updated_at <= _AS_OF)
                 .scalar_subquery())
_supplier_role = case((d.c.device_type == "ESME", UserRole.IMPORT_SUPPLIER.value),
                      else_=UserRole.GAS_SUPPLIER.value)
_registered = (select(rp.c.party)
               .where(rp.c.mpxn == d.c.import_mpxn, rp.c.role == _supplier_role,
                      rp.c.effective_from <= _commissioned.c.commissioned_at,
                      or_(rp.c.effective_to.is_(None), rp.c.effective_to > _commissioned.c.commissioned_at))
               .order_by(rp.c.effective_from.desc()).limit(1)
               .scalar_subquery())
_METERS = (select(d.c.device_id, d.c.device_type, d.c.import_mpxn, d.c.supplier_credentials,
                  _commissioned.c.commissioned_at, _first_update.label("first_update_at"),
                  _registered.label("registered_supplier"))
           .select_from(_commissioned.join(d, d.c.device_id == _commissioned.c.device_id))
           .where(d.c.device_type.in_(SMART_METER_TYPES))
           .order_by(d.c.device_id))
_RECOVERY = (select(certificates)
             .where(certificates.c.kind == CertificateKind.ORGANISATION.value,
                    certificates.c.role == RemotePartyRole.RECOVERY.value,
                    certificates.c.key_usage == KeyUsage.DIGITAL_SIGNATURE.value,
                    certificates.c.not_before <= bindparam("as_of", type_=certificates.c.not_before.type),
                    or_(certificates.c.not_after.is_(None),
                        certificates.c.not_after >= bindparam("as_of", type_=certificates.c.not_after.type)))
             .order_by(certificates.c.not_before.desc(), certificates.c.serial_hex.desc()))


class SqlPostCommissioningRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def commissioned_meters(self, as_of: datetime, update_srvs: Collection[str]) -> Sequence[CommissionedMeter]:
        params = {"as_of": utc(as_of, "as_of"), "srvs": sorted(update_srvs) or [""]}
        return [CommissionedMeter(row.device_id, row.device_type, row.import_mpxn,
                                  row.supplier_credentials if row.registered_supplier is None
                                  else row.registered_supplier, row.commissioned_at, row.first_update_at)
                for row in self._conn.execute(_METERS, params)]

    def recovery_certificates(self, as_of: datetime) -> Sequence[CertificateRecord]:
        return [_record(row) for row in self._conn.execute(_RECOVERY, {"as_of": utc(as_of, "as_of")})]
