"""SQL repository for SMKI certificate records (SEC L; GBCS 4.3), keyed by normalised issuer + serial."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection

from gbdcc.adapters.db.dialect import upsert_insert
from gbdcc.adapters.db.errors import utc, utc_or_none
from gbdcc.adapters.db.keys import serial_key
from gbdcc.adapters.db.names import normalise_dn
from gbdcc.adapters.db.record_cache import CERTIFICATES, CacheView
from gbdcc.adapters.db.tables import certificates
from gbdcc.domain.ids import Eui64
from gbdcc.domain.smki import CertificateKind, CertificateRecord, KeyUsage, RemotePartyRole, RevocationReason


def _record(row: Any) -> CertificateRecord:
    return CertificateRecord(
        issuer=row.issuer,
        serial=int(row.serial_hex, 16),
        kind=CertificateKind(row.kind),
        subject_eui=row.subject_eui,
        role=None if row.role is None else RemotePartyRole(row.role),
        key_usage=None if row.key_usage is None else KeyUsage(row.key_usage),
        not_before=row.not_before,
        not_after=row.not_after,
        der=bytes(row.der),
        prepayment=bool(row.prepayment),
        revoked_at=row.revoked_at,
        revocation_reason=None if row.revocation_reason is None else RevocationReason(row.revocation_reason),
    )


_BY_ISSUER_SERIAL = select(certificates).where(
    certificates.c.issuer_norm == bindparam("issuer_norm", type_=certificates.c.issuer_norm.type),
    certificates.c.serial_hex == bindparam("serial_hex", type_=certificates.c.serial_hex.type),
)

_BY_EUI_USAGE = (select(certificates)
                 .where(certificates.c.subject_eui == bindparam("subject_eui", type_=certificates.c.subject_eui.type),
                        certificates.c.key_usage == bindparam("key_usage", type_=certificates.c.key_usage.type))
                 .order_by(certificates.c.not_before.desc(), certificates.c.issuer_norm, certificates.c.serial_hex))


class SqlCertificateRepository:
    """Certificate records. With ``cache`` (the unit of work's
    :class:`~gbdcc.adapters.db.record_cache.CacheView`) ``by_issuer_serial`` — the signer lookup of every
    request — is served from the process-wide cache while no certificate has been written since; every
    ``put`` and ``revoke`` bumps the ``certificates`` generation in its transaction (R-PKI-1)."""

    def __init__(self, conn: Connection, cache: CacheView | None = None) -> None:
        self._conn = conn
        self._cache = cache or CacheView(conn, None)

    def put(self, record: CertificateRecord) -> None:
        """Insert; a second record with the same issuer + serial is ignored (the first one stays)."""
        ins = upsert_insert(self._conn, certificates).values(
            issuer_norm=normalise_dn(record.issuer),
            serial_hex=serial_key(record.serial),
            issuer=record.issuer,
            kind=record.kind.value,
            subject_eui=record.subject_eui,
            role=None if record.role is None else int(record.role),
            key_usage=None if record.key_usage is None else record.key_usage.value,
            not_before=utc(record.not_before, "not_before"),
            not_after=utc_or_none(record.not_after, "not_after"),
            der=record.der,
            prepayment=record.prepayment,
            revoked_at=utc_or_none(record.revoked_at, "revoked_at"),
            revocation_reason=None if record.revocation_reason is None else record.revocation_reason.value,
        )
        self._conn.execute(ins.on_conflict_do_nothing(index_elements=["issuer_norm", "serial_hex"]))
        self._cache.wrote(CERTIFICATES)

    def by_issuer_serial(self, issuer: str, serial: int) -> CertificateRecord | None:
        key = (normalise_dn(issuer), serial_key(serial))
        return self._cache.lookup(CERTIFICATES, key, lambda: self._load(*key))

    def _load(self, issuer_norm: str, serial_hex: str) -> CertificateRecord | None:
        row = self._conn.execute(_BY_ISSUER_SERIAL, {"issuer_norm": issuer_norm, "serial_hex": serial_hex}).first()
        return None if row is None else _record(row)

    def by_serial(self, serial: int) -> Sequence[CertificateRecord]:
        """Every certificate with that serial (normally one; issuers could repeat a serial)."""
        rows = self._conn.execute(
            select(certificates).where(certificates.c.serial_hex == serial_key(serial))
            .order_by(certificates.c.issuer_norm)
        ).all()
        return [_record(r) for r in rows]

    def by_eui_usage(self, eui: Eui64, usage: KeyUsage) -> Sequence[CertificateRecord]:
        """Certificates for the subject EUI with that key usage, newest ``not_before`` first (cached like
        ``by_issuer_serial``: the device-key lookup of every command and alert, the CV5 signer lookup)."""
        return self._cache.lookup(CERTIFICATES, ("eui-usage", str(eui), usage.value),
                                  lambda: self._load_eui_usage(eui, usage))

    def _load_eui_usage(self, eui: Eui64, usage: KeyUsage) -> tuple[CertificateRecord, ...]:
        rows = self._conn.execute(_BY_EUI_USAGE, {"subject_eui": eui, "key_usage": usage.value}).all()
        return tuple(_record(r) for r in rows)

    def authorities(self) -> Sequence[CertificateRecord]:
        rows = self._conn.execute(
            select(certificates).where(certificates.c.kind == CertificateKind.CA.value)
            .order_by(certificates.c.issuer_norm, certificates.c.serial_hex)
        ).all()
        return [_record(r) for r in rows]

    def revoke(self, issuer: str, serial: int, at: datetime, reason: RevocationReason) -> bool:
        key = (certificates.c.issuer_norm == normalise_dn(issuer)) & (certificates.c.serial_hex == serial_key(serial))
        self._conn.execute(update(certificates).where(key, certificates.c.revoked_at.is_(None))
                           .values(revoked_at=utc(at, "revoked_at"), revocation_reason=reason.value))
        self._cache.wrote(CERTIFICATES)
        return self._conn.execute(select(certificates.c.serial_hex).where(key)).first() is not None
