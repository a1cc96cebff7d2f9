"""files: see docs/architecture.md."""
