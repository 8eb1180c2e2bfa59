"""Parsed certificates and public keys, cached by the DER they are parsed from (issue 11, part 2).

Every request the gateway verifies parses its signer's certificate again, every CV5 parses the User's
digital-signing certificates, every command and alert the device's key-agreement certificate. The parse is a
pure function of the DER bytes, so the cache is keyed by those bytes and needs no invalidation: *which*
certificate to use — revoked or replaced ones left out (SEC L, R-PKI-1) — is decided by the caller from the
certificate records, which the unit of work serves under the ``certificates`` generation
(``adapters/db/record_cache.py``); a replaced certificate has other DER and so another entry, and a revoked one
is simply no longer asked for. The shared secrets computed from the keys are cached the same way, by key
material (``adapters/gbcs/crypto.py``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

K = TypeVar("K")
V = TypeVar("V")


class BoundedCache(Generic[K, V]):
    """A thread-safe least-recently-used mapping of at most ``max_entries`` entries."""

    def __init__(self, max_entries: int) -> None:
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._max = max_entries
        self._lock = threading.Lock()

    def get_or_compute(self, key: K, compute: Callable[[], V]) -> V:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = compute()  # outside the lock: two threads may both compute a missing entry, never a wrong one
        with self._lock:
            self._entries[key] = value
            if len(self._entries) > self._max:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


_CERTIFICATES: BoundedCache[bytes, x509.Certificate] = BoundedCache(50_000)


def certificate(der: bytes) -> x509.Certificate:
    """The X.509 certificate of ``der`` (parsed once per distinct DER; ``ValueError`` if it is not one)."""
    return _CERTIFICATES.get_or_compute(bytes(der), lambda: x509.load_der_x509_certificate(der))


def ec_public_key(der: bytes) -> ec.EllipticCurvePublicKey | None:
    """The certificate's EC public key, None when it holds another kind of key."""
    key = certificate(der).public_key()
    return key if isinstance(key, ec.EllipticCurvePublicKey) else None
