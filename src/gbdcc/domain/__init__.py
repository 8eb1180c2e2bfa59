"""Pure domain core: SEC / DUIS / GBCS facts and rules. No I/O, no clock, no randomness (all injected)."""
