"""Reference data: the broker registry and the company master."""
