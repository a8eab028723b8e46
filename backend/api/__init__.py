"""The HTTP API (JSON) and the application that also serves the dashboard."""
