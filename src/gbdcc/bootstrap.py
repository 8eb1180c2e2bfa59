"""Composition root: the one place that wires adapters into the handlers. It holds no use case.

This module is the public entry point; the wiring itself lives in :mod:`gbdcc.wiring`, split by concern, and
every name other code imports from here is re-exported:

- ``wiring.instance`` — ``settings``, ``open_instance`` and :class:`Instance`: the database migrated to head,
  the DCC's identity, the SMKI repository seeded with the DCC's certificates, the estate's key seed, the
  handler registry and the DUIS gateway;
- ``wiring.pipeline`` — the device request pipeline (codec, GBCS transformer, simulated SM WAN, delivery),
  whose stages are joined only by the outbox; ``start_pipeline`` runs their relays as threads (``gbdcc up``),
  tests drive them in virtual time (``adapters/messaging/virtual.py``);
- ``wiring.http`` — ``build_app``: the DUIS web services and the admin routers;
- ``wiring.portal`` — the Self-Service Interface and its accounts;
- ``wiring.reports`` — the compliance report registry;
- ``wiring.smki`` — the SMKI repository service and revocation;
- ``wiring.features`` — the per-feature settings helpers (CPL verifier, incident policy, support and hub
  terms, the quarantine desk, Recovery cells, the anomaly policy).
"""

from __future__ import annotations

from gbdcc.wiring.features import (
    anomaly_policy,
    cpl_verifier,
    hub_terms,
    incident_policy,
    quarantine_desk,
    recovery_cells,
    support_terms,
)
from gbdcc.wiring.http import build_app
from gbdcc.wiring.instance import TEST_PKI_MARKER, Instance, log, open_instance, settings
from gbdcc.wiring.pipeline import DELIVERY_BATCH, DELIVERY_TOPICS, Pipeline, start_pipeline
from gbdcc.wiring.portal import build_portal, build_portal_accounts
from gbdcc.wiring.reports import build_reports, incident_reports
from gbdcc.wiring.smki import build_revocation, build_smki_app

__all__ = ["DELIVERY_BATCH", "DELIVERY_TOPICS", "TEST_PKI_MARKER", "Instance", "Pipeline", "anomaly_policy",
           "build_app", "build_portal", "build_portal_accounts", "build_reports", "build_revocation",
           "build_smki_app", "cpl_verifier", "hub_terms", "incident_policy", "incident_reports", "log",
           "open_instance", "quarantine_desk", "recovery_cells", "settings", "start_pipeline", "support_terms"]
