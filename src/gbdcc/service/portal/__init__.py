"""The Self-Service Interface's use cases (SEC H8.15(c), H8.16; R-OPS-2): accounts and sessions, delegations,
and the per-User views of the audit trail, alerts, failed deliveries, inventory and coverage."""
