"""The CoS Parties' own keys and audit logs (segregated from the DCC's; R-COS-1)."""
