"""In-memory SMKI revocation lists (R-PKI-1), the twin of :mod:`gbdcc.adapters.db.sql_revocation`."""

from __future__ import annotations

from collections.abc import Sequence

from gbdcc.adapters.db.crl_values import number_key, stored_crl
from gbdcc.adapters.db.memory.state import Repository
from gbdcc.adapters.db.names import normalise_dn
from gbdcc.domain.revocation import RevocationList


class InMemoryRevocationListRepository(Repository):
    def put(self, crl: RevocationList) -> None:
        stored = stored_crl(crl)
        self._s().revocation_lists.setdefault((normalise_dn(crl.issuer), number_key(crl.number)), stored)

    def latest(self, issuer: str) -> RevocationList | None:
        norm = normalise_dn(issuer)
        keys = [k for k in self._s().revocation_lists if k[0] == norm]
        return self._s().revocation_lists[max(keys)] if keys else None

    def all_latest(self) -> Sequence[RevocationList]:
        newest: dict[str, tuple[str, str]] = {}
        for key in self._s().revocation_lists:
            newest[key[0]] = max(newest.get(key[0], key), key)
        return [self._s().revocation_lists[newest[i]] for i in sorted(newest)]
