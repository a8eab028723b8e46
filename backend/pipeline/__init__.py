"""The service layer: each function chains the stages for one use case (ingest, extraction run).

The CLI, the worker and the web app call these functions and nothing else for writes.
"""
