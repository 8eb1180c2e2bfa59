"""Incident Management (R-INC-1), the coverage-incident report (R-WAN-1) and Additional Support (R-SUPPORT-1)."""
