"""Running the outbox relays: threads in one process (embedded), or virtual time (tests)."""
