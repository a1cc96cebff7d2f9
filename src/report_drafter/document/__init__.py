"""document: see docs/architecture.md."""
