"""The `brokerage-insights` command line: one click group per stage."""
