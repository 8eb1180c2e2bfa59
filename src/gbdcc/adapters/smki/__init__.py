"""SMKI adapter (DOMAIN.md §6): private test PKI, certificate issuing and parsing, key storage.

Modules: ``profile`` (OIDs and encodings of the DCC profile), ``pki`` (Root / Organisation / Device CAs),
``issue`` (organisation and XML-signing certificates), ``device_certificates`` (device certificates, fast
path), ``certificates`` (facts → ``CertificateRecord``, usability and chain checks), ``names`` (issuer
normalisation), ``keystore`` (DCC Boxed / PEM imports, ``KeyStore``), ``dcc_identity`` (the DCC's own
credentials), ``device_keys`` (derived keys of simulated devices), ``storage`` and ``errors``.
"""
