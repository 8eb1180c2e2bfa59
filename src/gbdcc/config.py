"""Settings, from the environment (``GBDCC_*``) with the embedded defaults.

- ``GBDCC_DATA_DIR`` (default ``./var``): SQLite file, DCC keys and certificates.
- ``GBDCC_DATABASE_URL``: a SQLAlchemy URL (``postgresql+psycopg://…``) instead of the SQLite file.
- ``GBDCC_TEST_PKI=1``: test-PKI mode — expired DCC test certificates accepted, lenient MPxN check digits.
  Off by default and logged when on.
- ``GBDCC_KEY_PASSPHRASE``: encrypts the DCC's private keys at rest (PKCS#8).
- ``GBDCC_MAX_REQUEST_BYTES`` (default 1 MiB): larger DUIS bodies are refused before parsing.
"""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GBDCC_", extra="ignore")

    data_dir: Path = Path("./var")
    database_url: str | None = None
    test_pki: bool = False
    key_passphrase: str | None = None
    max_request_bytes: int = 1024 * 1024
    dcc_eui: str = "90-B3-D5-1F-30-00-00-02"
