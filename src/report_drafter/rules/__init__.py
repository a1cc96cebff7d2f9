"""Rule-set data files, one per regulation (read by `report_drafter.rules.book`)."""
