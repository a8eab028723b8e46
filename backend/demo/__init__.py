"""The demo corpus shipped with the product: synthetic broker research email to try it on.

Broker and company names are real; every number, rating, target price, analyst name and opinion
in these messages is invented. Nothing here is investment research.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def demo_corpus_dir() -> Path:
    """The demo corpus inside the installed package: emails/*.eml and their labels.json."""
    return Path(str(resources.files("backend.demo")))


def demo_emails_dir() -> Path:
    """The folder of demo .eml files inside the installed package."""
    return demo_corpus_dir() / "emails"
