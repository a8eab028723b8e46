"""Audits of the database and the archive: what `brokerage-insights doctor` checks."""
