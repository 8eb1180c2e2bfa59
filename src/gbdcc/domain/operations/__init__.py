"""DCC operations (issue 12): disaster recovery and its relief rule (R-DR-1), release notices (R-OPS-1) and the
H13 Code Performance Measures. Pure values and rules; no I/O, no clock."""
