"""Dedupe: reports keyed on (user, duplicate_key) are stored once, refreshed when seen again."""
