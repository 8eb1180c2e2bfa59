"""Compliance use cases: the reports (``reports``), consent, the CPL, revocation and the security registers."""
