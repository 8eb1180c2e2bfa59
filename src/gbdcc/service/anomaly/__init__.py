"""Anomaly detection on Users' Service Requests and the quarantine it fills (SEC G6; R-COS-1)."""
