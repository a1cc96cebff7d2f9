"""fromdocx: see docs/architecture.md."""
