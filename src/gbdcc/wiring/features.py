"""Per-feature settings helpers of the composition root: each turns ``Settings`` into the terms, policy or
adapter one feature needs — anomaly detection (SEC G6, R-COS-1), Communications Hub logistics (SEC F5-F7),
the CPL verifier (R-PKI-2), Recovery cells (R-POST-1), the quarantine desk, incident policy and support
terms (R-INC-1, R-SUPPORT-1). The CLI, the admin routers, the reports and ``open_instance`` all build them
here so that one setting means the same thing everywhere."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from gbdcc.adapters.clock import SystemClock
from gbdcc.adapters.duis.codec import XmlDuisCodec
from gbdcc.adapters.smki.cpl_file import IkiCplVerifier
from gbdcc.adapters.smki.dcc_identity import DccIdentity
from gbdcc.adapters.smki.iki import load_iki_root
from gbdcc.adapters.wan.recovery_cells import SimulatedRecoveryCells
from gbdcc.config import Settings
from gbdcc.domain.anomaly import AnomalyPolicy
from gbdcc.domain.cos import AnomalyThreshold
from gbdcc.domain.hubs import LogisticsTerms
from gbdcc.domain.ids import Eui64
from gbdcc.domain.incidents.model import IncidentPolicy
from gbdcc.service.anomaly.quarantine import QuarantineDesk
from gbdcc.service.compliance.post_ports import RecoveryCells
from gbdcc.service.incidents.support import SupportTerms
from gbdcc.service.ports import Clock, UnitOfWorkFactory


def anomaly_policy(s: Settings) -> AnomalyPolicy:
    """Anomaly detection per User and SRV class (SEC G6); the ``cos`` class from ``GBDCC_COS_ANOMALY_*`` (R-COS-1)."""
    cos = AnomalyThreshold(s.cos_anomaly_limit, timedelta(hours=s.cos_anomaly_window_h))
    cos_users = {Eui64.parse(k): v for k, v in s.cos_anomaly_user_limits.items()}
    return AnomalyPolicy.from_settings(s.anomaly_limits, s.anomaly_window_h, s.anomaly_user_limits, cos, cos_users)


def hub_terms(s: Settings) -> LogisticsTerms:
    """The Communications Hub logistics rules' configuration (``GBDCC_HUBS_*``; SEC F5-F7)."""
    return LogisticsTerms(s.hubs_min_lead_days, s.hubs_max_order_quantity, s.hubs_acceptance_days)


def secco_signifier(s: Settings) -> Eui64:
    """SECCo's party signifier (``GBDCC_SECCO_PARTY_SIGNIFIER``): the IKI root's and the CPL's signer."""
    return Eui64.parse(s.secco_party_signifier)


def cpl_verifier(s: Settings) -> IkiCplVerifier:
    """Verifies SECCo's signed CPL files against the IKI root the DCC holds in its data dir (R-PKI-2)."""
    return IkiCplVerifier(load_iki_root(s.data_dir), secco_signifier(s))


def recovery_cells(s: Settings) -> RecoveryCells:
    """Where the post-commissioning report reads devices' Recovery cells: the SIMULATED devices (R-POST-1)."""
    return SimulatedRecoveryCells.from_data_dir(s.data_dir)


def quarantine_desk(s: Settings, uow_factory: UnitOfWorkFactory, clock: Clock | None = None, *,
                    identity: DccIdentity | None = None, notify: Callable[[], None] | None = None) -> QuarantineDesk:
    """Users' quarantined requests (SEC G6): ``gbdcc quarantine``, ``/admin/v1/quarantine``. The codec re-reads
    a request to authorise it again when it is released."""
    if identity is None:
        passphrase = s.key_passphrase.encode() if s.key_passphrase else None
        identity = DccIdentity.load_or_create(s.data_dir, passphrase, eui=Eui64.parse(s.dcc_eui))
    codec = XmlDuisCodec(identity.xml_signing_key, identity.xml_signing_cert, limits=s.xml_limits())
    return QuarantineDesk(uow_factory, clock or SystemClock(), codec, notify=notify)


# --- Incident Management (R-INC-1, R-WAN-1, R-SUPPORT-1) ----------------------------------------------------
def incident_policy(s: Settings) -> IncidentPolicy:
    return IncidentPolicy.from_settings(s.incident_target_hours, s.incident_outage_premises)


def support_terms(s: Settings) -> SupportTerms:
    return SupportTerms(s.support_from, s.support_hourly_rate_pence)


__all__ = ["anomaly_policy", "cpl_verifier", "hub_terms", "incident_policy", "quarantine_desk", "recovery_cells",
           "secco_signifier", "support_terms"]
