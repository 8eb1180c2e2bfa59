"""The Certified Products List in the DCC: loading SECCo's signed CPL, the CPL in force, and enforcing it
on commissioning (8.1.1) and firmware updates (11.1) (R-PKI-2, R-SEC-3)."""
