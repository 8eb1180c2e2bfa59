"""Settings, from the environment (``GBDCC_*``) with the embedded defaults.

- ``GBDCC_DATA_DIR`` (default ``./var``): SQLite file, DCC keys and certificates.
- ``GBDCC_DATABASE_URL``: a SQLAlchemy URL (``postgresql+psycopg://…``) instead of the SQLite file.
- ``GBDCC_TEST_PKI=1``: test-PKI mode — expired DCC test certificates accepted, lenient MPxN check digits.
  Off by default and logged when on.
- ``GBDCC_KEY_PASSPHRASE``: encrypts the DCC's private keys at rest (PKCS#8).
- ``GBDCC_MAX_REQUEST_BYTES`` (default 1 MiB): larger DUIS bodies are refused before parsing.
- ``GBDCC_WAN_TIME_SCALE`` (default 1): compresses the simulated SM WAN's latencies (0.01: 2 s → 20 ms).
- ``GBDCC_DELIVERY_WORKERS`` (default 4): threads POSTing responses and alerts to Users.
- ``GBDCC_DEMO_RESPONSE_URL`` (default ``http://127.0.0.1:8090/``): the demo Users' receive-response address.
- ``GBDCC_RESPONSE_TIMEOUT_S``: how long a device has to answer before E21 (default 60 s, ``PipelineSettings``).
- ``GBDCC_DELIVERY_RETRY_WINDOW_S`` / ``GBDCC_DELIVERY_FIRST_BACKOFF_S`` / ``GBDCC_DELIVERY_ATTEMPT_TIMEOUT_S``:
  delivery retries (defaults DUIS's 300 s window, 2 s first back-off, 10 s per POST; ``DeliveryPolicy``).
- ``GBDCC_OUTBOX_LEASE_S`` (default 60): how long a relay holds an outbox entry it took; after a crash the
  entries the dead process held wait this long before a restarted one takes them again.

Unset timings keep the pipeline's defaults; tests shorten them instead of sleeping through real DUIS times.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import PositiveFloat
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GBDCC_", extra="ignore")

    data_dir: Path = Path("./var")
    database_url: str | None = None
    test_pki: bool = False
    key_passphrase: str | None = None
    max_request_bytes: int = 1024 * 1024
    dcc_eui: str = "90-B3-D5-1F-30-00-00-02"
    wan_time_scale: float = 1.0
    delivery_workers: int = 4
    demo_response_url: str = "http://127.0.0.1:8090/"
    response_timeout_s: PositiveFloat | None = None
    delivery_retry_window_s: PositiveFloat | None = None
    delivery_first_backoff_s: PositiveFloat | None = None
    delivery_attempt_timeout_s: PositiveFloat | None = None
    outbox_lease_s: PositiveFloat = 60.0
