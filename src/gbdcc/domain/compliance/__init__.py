"""Compliance obligations of the SEC conclusions: User mandates, the Early Rollout Obligation, consent,
post-commissioning reporting, the Certified Products List, revocation and the security registers
(``../shared/domain/SEC-RULES.md`` R-MANDATE-1, R-ERO-1, R-CONSENT-1..3, R-POST-1, R-PKI-1/2, R-SEC-1..4)."""
