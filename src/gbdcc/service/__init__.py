"""Application layer: use-case handlers over ports. Imports no adapter (a test enforces it)."""
