"""Fixtures shared by every test package.

The DCC artefacts (GPL data) are read from ``../shared/oracles`` — never copied into the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GBDCC_SHARED_DIR", REPO.parent / "shared"))
ORACLES = SHARED / "oracles"
SIGN_TOOL = REPO / ".tools/duis-sign/node_modules/@smartdcc/duis-sign-wrap/dist/tool.jar"


@pytest.fixture(scope="session")
def oracles() -> Path:
    """Path of ``../shared/oracles``; tests that need it fail loudly if it is missing."""
    if not ORACLES.is_dir():
        pytest.fail(f"DCC oracle artefacts not found at {ORACLES} (set GBDCC_SHARED_DIR)")
    return ORACLES


@pytest.fixture(scope="session")
def sign_tool() -> Path:
    """DCC's Java signing/validation tool, installed by ``make test`` (``make sign-tool``)."""
    if not SIGN_TOOL.is_file():
        pytest.fail(f"DCC signing tool missing at {SIGN_TOOL}: run `make sign-tool`")
    return SIGN_TOOL
