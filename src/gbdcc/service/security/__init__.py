"""Security registers of SEC G (R-SEC-1, R-SEC-2): tokens, File Signing Software, vulnerability notices,
security disputes — the handlers behind ``gbdcc security`` and ``/admin/v1/security``."""
