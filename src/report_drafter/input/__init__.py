"""input: see docs/architecture.md."""
