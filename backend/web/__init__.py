"""The dashboard: server-rendered pages over the same read functions as the API."""
