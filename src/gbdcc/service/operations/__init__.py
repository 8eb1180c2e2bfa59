"""DCC operations use cases: release notices (R-OPS-1), DR drill records and relief (R-DR-1), the H13 report."""
