"""SM WAN coverage: Network Enhancement Plans and the Coverage Database view (SEC F7.18-F7.22; R-WAN-2)."""
