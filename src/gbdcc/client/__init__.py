"""User-side tools: what runs in a Party's own systems, never in the DCC.

``file_signing`` — the File Signing Software the DCC distributes to Parties (R-SEC-2): detached ECDSA P-256
signatures of files a Party sends the DCC, and its published hash. ``utrn`` — UTRN generation with the
Supplier's prepayment top-up private key, inside the User System (R-SEC-4). No DCC-side module (``domain``,
``service``, ``adapters``, ``bootstrap``) imports this package (``tests/unit/client`` checks).
"""
