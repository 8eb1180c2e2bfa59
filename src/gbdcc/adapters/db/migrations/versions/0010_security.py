"""Security registers: Cryptographic Credential Tokens, vulnerability notices, security disputes (R-SEC-1, R-SEC-2).

Revision ID: 0010_security
Revises: 0009_revocation
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0010_security"
down_revision: str | None = "0009_revocation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # placeholder in the chain; its tables are added with the feature


def downgrade() -> None:
    pass
