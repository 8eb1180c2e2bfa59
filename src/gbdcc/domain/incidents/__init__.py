"""Incident Management (one policy, R-INC-1), the SM WAN coverage-incident threshold (R-WAN-1, R-WAN-2), the
Error Handling Strategy self-help pages, and Additional Support (H14.33, R-SUPPORT-1). Pure values and rules."""
