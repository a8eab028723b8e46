"""Extraction runs: their store, lifecycle and (later) the worker that executes them."""
