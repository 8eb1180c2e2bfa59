"""Settings, from the environment (``GBDCC_*``) with the embedded defaults.

- ``GBDCC_DATA_DIR`` (default ``./var``): SQLite file, DCC keys and certificates.
- ``GBDCC_DATABASE_URL``: a SQLAlchemy URL (``postgresql+psycopg://…``) instead of the SQLite file.
- ``GBDCC_TEST_PKI=1``: test-PKI mode — expired DCC test certificates accepted, lenient MPxN check digits.
  Off by default and logged when on.
- ``GBDCC_BOXED=1``: DCC Boxed compatibility (implies test-PKI mode): the data dir must hold the DCC Boxed
  identity (``gbdcc smki import keystore.json --boxed``); set for good once imported.
- ``GBDCC_SMKI_PORT`` (default 8083; 0: off): the SMKI repository service (certificate search / retrieve).
- ``GBDCC_SMKI_API_KEY``: the ``apikey`` the SMKI service requires (default none; DCC Boxed's published
  key in boxed mode).
- ``GBDCC_KEY_PASSPHRASE``: encrypts the DCC's private keys at rest (PKCS#8).
- ``GBDCC_MAX_REQUEST_BYTES`` (default 1 MiB): larger DUIS bodies are refused before parsing.
- ``GBDCC_WAN_TIME_SCALE`` (default 1): compresses the simulated SM WAN's latencies (0.01: 2 s → 20 ms).
- ``GBDCC_DELIVERY_WORKERS`` (default 4): threads POSTing responses and alerts to Users.
- ``GBDCC_DEMO_RESPONSE_URL`` (default ``http://127.0.0.1:8090/``): the demo Users' receive-response address.
- Bounds on one DUIS request, checked while it is parsed, before its signature is canonicalised
  (:class:`gbdcc.adapters.duis.safe_xml.XmlLimits`; the README's "Security" section explains them):
  ``GBDCC_XML_MAX_ELEMENTS`` (10000), ``GBDCC_XML_MAX_DEPTH`` (32), ``GBDCC_XML_MAX_ATTRIBUTES`` (8 per
  element), ``GBDCC_XML_MAX_NAMESPACE_DECLARATIONS`` (64 per document), ``GBDCC_XML_MAX_NAMESPACES_IN_SCOPE``
  (16), ``GBDCC_XML_MAX_TEXT_CHARS`` (1 MiB per text node or attribute value), ``GBDCC_XML_MAX_COMMENTS``
  (256 per document).
- ``GBDCC_RESPONSE_TIMEOUT_S``: how long a device has to answer before E21 (default 60 s, ``PipelineSettings``).
- ``GBDCC_DELIVERY_RETRY_WINDOW_S`` / ``GBDCC_DELIVERY_FIRST_BACKOFF_S`` / ``GBDCC_DELIVERY_ATTEMPT_TIMEOUT_S``:
  delivery retries (defaults DUIS's 300 s window, 2 s first back-off, 10 s per POST; ``DeliveryPolicy``).
- ``GBDCC_COS_ANOMALY_LIMIT`` (1000) / ``GBDCC_COS_ANOMALY_WINDOW_H`` (24) / ``GBDCC_COS_ANOMALY_USER_LIMITS``
  (JSON ``{"<User EUI-64>": limit}``): 6.23s a User may send per window before the excess is quarantined
  (R-COS-1 anomaly detection).
- ``GBDCC_ANOMALY_LIMITS`` (JSON ``{"<class>": limit}``) / ``GBDCC_ANOMALY_WINDOW_H`` (``{"<class>": hours}``) /
  ``GBDCC_ANOMALY_USER_LIMITS`` (``{"<User EUI-64>": {"<class>": limit}}``): anomaly detection per User and SRV
  class — ``critical`` 500/h, ``non_critical`` 5,000/h, ``reads`` 20,000/h, ``firmware`` 1,000/h, ``cos`` as
  ``GBDCC_COS_ANOMALY_*`` (``domain.anomaly``; docs/compliance.md).
- ``GBDCC_POST_COMMISSIONING_DCC_LIVE`` / ``GBDCC_POST_COMMISSIONING_RELEASE_1_3`` (ISO dates, defaults
  2016-11-18 / 2017-06-30): the earlier release window of the post-commissioning report (R-POST-1).
- ``GBDCC_INCIDENT_TARGET_HOURS`` (JSON ``{"1": 4, …}``) / ``GBDCC_INCIDENT_OUTAGE_PREMISES`` (``{"1": 10000, …}``):
  target resolution time per incident category and the outage size of each category (R-INC-1);
  ``GBDCC_COVERAGE_INCIDENT_DAYS`` (90) / ``GBDCC_COVERAGE_INCIDENT_THRESHOLD`` (0.99) (R-WAN-1);
  ``GBDCC_SUPPORT_FROM`` (2016-01-01, start of End-to-End testing) / ``GBDCC_SUPPORT_HOURLY_RATE_PENCE`` (12000)
  (Additional Support, R-SUPPORT-1). docs/operations.md.
- ``GBDCC_ADMIN_TOKEN``: the bearer token the admin endpoints (``/admin/v1/…``: scenarios) require; unset,
  they serve loopback callers only.
- ``GBDCC_ADMIN_TOKEN``: the bearer token every admin endpoint (``/admin/v1/…``, ``docs/portal.md`` "Admin
  API") requires; unset, they serve loopback callers only (the RDP file upload: nobody).
- ``GBDCC_ADMIN_ESTATE_MAX_PREMISES`` (default 1,000,000): the most premises one estate generation job
  (``POST /admin/v1/estate/jobs``) may make.
- ``GBDCC_OUTBOX_LEASE_S`` (default 60): how long a relay holds an outbox entry it took; after a crash the
  entries the dead process held wait this long before a restarted one takes them again.

Unset timings keep the pipeline's defaults; tests shorten them instead of sleeping through real DUIS times.

Registration Data from RDPs (``docs/rdp-files.md``):

- ``GBDCC_RDP_ADMIN_TOKEN``: DEPRECATED alias of ``GBDCC_ADMIN_TOKEN`` for ``/admin/v1/rdp/…`` only (still
  accepted there); with neither set, that API refuses every call (403).
- ``GBDCC_RDP_DAILY_FILES_FROM`` / ``GBDCC_RDP_DAILY_STATUS_FROM`` (ISO dates, default unset): when RDP→DCC files
  and DCC→RDP status files go from monthly to daily for RDPs added without their own dates (R-REG-2).
- ``GBDCC_RDP_MAX_FILE_BYTES`` (default 1 GiB): larger Registration Data files are refused unread.
- ``GBDCC_RDP_DROP_FOLDER`` (default on): ``gbdcc up`` loads files dropped in ``<data dir>/rdp/in``.

User mandate and Early Rollout Obligation (``docs/compliance.md``; R-MANDATE-1, R-ERO-1), ISO dates:

- ``GBDCC_MANDATE_LARGE_SUPPLIER_BY`` (2017-02-16), ``GBDCC_MANDATE_DOMESTIC_SUPPLIER_BY`` (2017-08-17),
  ``GBDCC_MANDATE_DNO_BY`` (2017-04-28); ``GBDCC_MANDATE_LARGE_SUPPLIER_PREMISES`` (250000) decides a profile's
  type from its size. ``GBDCC_ERO_BY`` (2017-02-17), ``GBDCC_ERO_CAP`` (1500), ``GBDCC_ERO_PERCENT`` (0.025).
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from decimal import Decimal
from pathlib import Path

from pydantic import PositiveFloat
from pydantic_settings import BaseSettings, SettingsConfigDict

from gbdcc.adapters.duis.safe_xml import DEFAULT_LIMITS, XmlLimits

#: A file in the data dir that puts the instance in test-PKI mode for good (``gbdcc estate add-rtds`` and
#: ``gbdcc smki import --boxed`` write it).
TEST_PKI_MARKER = "test-pki"
#: A file in the data dir recording that it holds the DCC Boxed identity (``gbdcc smki import --boxed``).
BOXED_MARKER = "boxed"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GBDCC_", extra="ignore")

    data_dir: Path = Path("./var")
    database_url: str | None = None
    test_pki: bool = False
    boxed: bool = False
    smki_port: int = 8083
    smki_api_key: str | None = None
    # SMKI revocation (R-PKI-1): how long each list the SMKI issues stays current (its nextUpdate)
    crl_validity_days: float = 7.0
    admin_token: str | None = None
    key_passphrase: str | None = None
    max_request_bytes: int = DEFAULT_LIMITS.max_bytes
    dcc_eui: str = "90-B3-D5-1F-30-00-00-02"
    wan_time_scale: float = 1.0
    delivery_workers: int = 4
    demo_response_url: str = "http://127.0.0.1:8090/"
    xml_max_elements: int = DEFAULT_LIMITS.max_elements
    xml_max_depth: int = DEFAULT_LIMITS.max_depth
    xml_max_attributes: int = DEFAULT_LIMITS.max_attributes
    xml_max_namespace_declarations: int = DEFAULT_LIMITS.max_namespace_declarations
    xml_max_namespaces_in_scope: int = DEFAULT_LIMITS.max_namespaces_in_scope
    xml_max_text_chars: int = DEFAULT_LIMITS.max_text_chars
    xml_max_comments: int = DEFAULT_LIMITS.max_comments

    def xml_limits(self) -> XmlLimits:
        """The parse bounds of a DUIS request (pass to ``XmlDuisCodec(..., limits=...)``): ``XmlLimits.<name>``
        is the setting ``xml_<name>``, ``max_bytes`` is ``max_request_bytes``."""
        bounds = {f.name: getattr(self, f"xml_{f.name}") for f in fields(XmlLimits) if f.name != "max_bytes"}
        return XmlLimits(max_bytes=self.max_request_bytes, **bounds)
    response_timeout_s: PositiveFloat | None = None
    delivery_retry_window_s: PositiveFloat | None = None
    delivery_first_backoff_s: PositiveFloat | None = None
    delivery_attempt_timeout_s: PositiveFloat | None = None
    outbox_lease_s: PositiveFloat = 60.0
    cos_anomaly_limit: int = 1000
    cos_anomaly_window_h: PositiveFloat = 24.0
    cos_anomaly_user_limits: dict[str, int] = {}
    rdp_admin_token: str | None = None
    rdp_daily_files_from: date | None = None
    rdp_daily_status_from: date | None = None
    rdp_max_file_bytes: int = 1 << 30
    rdp_drop_folder: bool = True
    # User mandate and Early Rollout Obligation (R-MANDATE-1, R-ERO-1; docs/compliance.md): SEC-RULES dates
    mandate_large_supplier_by: date = date(2017, 2, 16)
    mandate_domestic_supplier_by: date = date(2017, 8, 17)
    mandate_dno_by: date = date(2017, 4, 28)
    mandate_large_supplier_premises: int = 250_000
    ero_by: date = date(2017, 2, 17)
    ero_cap: int = 1_500
    ero_percent: Decimal = Decimal("0.025")
    # The Certified Products List (R-PKI-2): SECCo's Party Signifier (B1.22), carried in the subject of its IKI
    # file-signing certificate; only a CPL signed under it is loaded.
    secco_party_signifier: str = "90-B3-D5-1F-30-5E-CC-00"
    # anomaly detection per User and SRV class (SEC G6) and the post-commissioning report (R-POST-1)
    anomaly_limits: dict[str, int] = {}
    anomaly_window_h: dict[str, float] = {}
    anomaly_user_limits: dict[str, dict[str, int]] = {}
    post_commissioning_dcc_live: date = date(2016, 11, 18)
    post_commissioning_release_1_3: date = date(2017, 6, 30)
    # Communications Hub logistics (SEC F5-F7, R-CH-1; docs/operations.md): lead time from order to Delivery
    # Date, hubs per order, acceptance window after the last delivery (assumptions: F5/F6 figures not in sources)
    hubs_min_lead_days: int = 0
    hubs_max_order_quantity: int = 10_000
    hubs_acceptance_days: int = 5
    # SM WAN coverage (R-WAN-2; docs/operations.md): F7.21 quarterly Network Enhancement Plan reports "until 2021"
    nep_quarterly_reports_until: date = date(2021, 1, 1)
    # the Self-Service Interface (R-OPS-2; docs/portal.md): session lifetime, lockout after failed sign-ins
    portal_session_h: PositiveFloat = 8.0
    portal_max_failures: int = 5
    portal_lockout_min: PositiveFloat = 15.0
    # Incident Management (R-INC-1), coverage incidents (R-WAN-1) and Additional Support (R-SUPPORT-1):
    # ``{"<category 1-5>": hours}`` / ``{"<category>": premises}`` override domain.incidents.model's defaults
    incident_target_hours: dict[str, float] = {}
    incident_outage_premises: dict[str, int] = {}
    coverage_incident_days: int = 90  # F7.18 / F7.19: resolved within 90 days …
    coverage_incident_threshold: Decimal = Decimal("0.99")  # … for at least 99 % (a threshold, not a target)
    support_from: date = date(2016, 1, 1)  # the start of End-to-End testing (H14.33; gbdcc's default)
    support_hourly_rate_pence: int = 12_000  # user pays; gbdcc's default, not a published DCC charge
    # DCC operations (docs/operations.md): the recovery targets `gbdcc dr drill` measures against (R-DR-1: 8 h;
    # acknowledged requests that may be lost; None: a User's primary Gateway Connection does not come back in
    # time) and the H13 Code Performance Measure targets (``<timing>.<class>`` seconds; alerts' delivery)
    dr_rto_h: PositiveFloat = 8.0
    dr_rpo_lost_requests: int = 0
    dr_primary_connection_restore_h: float | None = None
    performance_targets_s: dict[str, float] = {"on_demand.reads": 30.0}
    performance_alert_target_s: PositiveFloat | None = None
    # the admin JSON API (docs/portal.md "Admin API"): the largest estate generation job
    admin_estate_max_premises: int = 1_000_000
    # Throughput (issue 11; docs/capacity.md): embedded SQLite writers share one WAL fsync (group commit); every
    # commit is still on disk before it is acknowledged. Off by default: no gain measured on a fast-fsync disk.
    group_commit: bool = False
    # Scaled mode (`gbdcc up --role …`, docs/scaling.md): the NATS JetStream server between the stages and the
    # stream this instance's processes share (one stream per instance)
    nats_url: str = "nats://127.0.0.1:4222"
    nats_stream: str = "GBDCC"
