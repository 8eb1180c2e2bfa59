"""SMKI adapter errors: subclasses of :class:`gbdcc.domain.errors.CryptoError` with their own stable codes.

Codes GBDCC-610…629 are reserved for the SMKI adapter:

GBDCC-610  CertificateMalformed   bytes are not an X.509 certificate, or not one of the SMKI profile
GBDCC-611  KeyStoreError          private key missing, undecryptable or not of the SMKI profile
GBDCC-612  IssuanceRefused        a certificate request that breaks the SMKI profile (wrong role, curve)

Certificate *use* refusals (wrong usage, expired, bad chain) raise the domain's
:class:`~gbdcc.domain.errors.CertificateInvalid` (GBDCC-304) instead, because they end as a DUIS E1.
"""

from __future__ import annotations

from gbdcc.domain.errors import CryptoError


class CertificateMalformed(CryptoError):
    code = "GBDCC-610"
    default_rule = "SMKI-CERT-PROFILE"


class KeyStoreError(CryptoError):
    code = "GBDCC-611"
    default_rule = "SMKI-KEY-STORAGE"


class IssuanceRefused(CryptoError):
    code = "GBDCC-612"
    default_rule = "SMKI-CERT-PROFILE"
