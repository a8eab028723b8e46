"""Paths to the shared mail material and small helpers to write test messages inline."""

from __future__ import annotations

import json
import textwrap
from functools import cache
from pathlib import Path
from typing import Any

from backend.archive.pdf_text import PdfTextExtractor
from backend.archive.snapshot import Snapshot, build_snapshot
from tests.conftest import DEV_CORPUS
from tests.conftest import MIME_FIXTURES as MIME_FIXTURES_DIR

CORPUS_EMAILS = sorted((DEV_CORPUS / "emails").glob("*.eml"))
MIME_FIXTURES = sorted(
    path
    for path in MIME_FIXTURES_DIR.rglob("*")
    if path.is_file() and path.name not in ("README.md", "LICENSE")
)


def eml(text: str) -> bytes:
    """A message written as an indented literal: dedented, CRLF line ends, UTF-8."""
    body = textwrap.dedent(text).lstrip("\n")
    return body.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def snapshot_of(raw: bytes, pdf_text: PdfTextExtractor | None = None) -> Snapshot:
    return build_snapshot(raw, user_id="user_test", source={"kind": "file", "ref": "inline.eml"}, pdf_text=pdf_text)


def corpus_snapshot(path: Path, pdf_text: PdfTextExtractor | None = None) -> Snapshot:
    return build_snapshot(
        path.read_bytes(), user_id="user_test", source={"kind": "file", "ref": path.name}, pdf_text=pdf_text
    )


@cache
def corpus_labels() -> dict[str, dict[str, Any]]:
    labels = json.loads((DEV_CORPUS / "labels.json").read_text(encoding="utf-8"))
    return {Path(label["file"]).name: label for label in labels}


def codes(snapshot: Snapshot) -> set[str]:
    """The defect codes of a snapshot (without their details)."""
    return {entry.split(":", 1)[0] for entry in snapshot.defects}
