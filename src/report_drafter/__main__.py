"""`python -m report_drafter` runs the command line."""

from report_drafter.cli import main

raise SystemExit(main())
