"""vn: see docs/architecture.md."""
