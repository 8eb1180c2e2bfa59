"""argon2id password hashing for portal accounts (``argon2-cffi``; RFC 9106 low-memory profile defaults)."""

from __future__ import annotations

from argon2 import PasswordHasher as _Argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Argon2idHasher:
    """Implements :class:`gbdcc.service.portal.accounts.PasswordHasher`."""

    def __init__(self) -> None:
        self._ph = _Argon2()  # argon2id, t=3, m=64 MiB, p=4

    def hash(self, password: str) -> str:
        return self._ph.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._ph.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
