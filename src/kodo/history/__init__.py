"""History: a dated history -> the facts on any date (calendar arithmetic lives here once)."""
