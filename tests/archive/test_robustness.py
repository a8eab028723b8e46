"""Every hostile fixture and every corpus message becomes a snapshot, never an exception."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backend.archive.snapshot import Snapshot
from backend.errors import NotMimeError
from tests.archive.samples import CORPUS_EMAILS, MIME_FIXTURES, codes, corpus_snapshot

NON_EMPTY_FIXTURES = [path for path in MIME_FIXTURES if path.stat().st_size > 0]
EMPTY_FIXTURES = [path for path in MIME_FIXTURES if path.stat().st_size == 0]


def _fixture_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def test_the_shared_material_is_there() -> None:
    assert len(MIME_FIXTURES) >= 230
    assert len(CORPUS_EMAILS) >= 80


@pytest.mark.parametrize("path", NON_EMPTY_FIXTURES, ids=_fixture_id)
def test_hostile_fixture_builds_a_storable_snapshot(path: Path) -> None:
    snapshot = corpus_snapshot(path)

    # Stored as JSON in UTF-8 (PostgreSQL jsonb): no lone surrogates from 8-bit headers may leak.
    encoded = json.dumps(snapshot.to_dict(), ensure_ascii=False).encode("utf-8")
    assert Snapshot.from_dict(json.loads(encoded)) == snapshot
    assert snapshot.message_id and snapshot.archive_id.startswith("a")
    assert corpus_snapshot(path) == snapshot  # deterministic, even on hostile input
    assert "\n\n\n" not in snapshot.text_body and "\n\n\n" not in snapshot.html_text


@pytest.mark.parametrize("path", EMPTY_FIXTURES, ids=_fixture_id)
def test_empty_fixture_is_refused_as_not_email(path: Path) -> None:
    with pytest.raises(NotMimeError, match="empty input"):
        corpus_snapshot(path)


@pytest.mark.parametrize(
    ("fixture", "expected_code"),
    [
        ("low-quality_unk-charset-part.raw", "undecodable_charset"),
        ("low-quality_incorrect-charset.raw", "charset_mismatch"),
        ("mail_multipart-wo-boundary.raw", "broken_multipart"),
        ("mime_emails_raw_email_with_illegal_boundary.eml", "broken_multipart"),
        ("plain_emails_raw_email_with_bad_date.eml", "bad_date"),
        ("error_emails_bad_date_header.eml", "bad_date"),
        ("mail_qp-utf8-header-recursed.raw", "header_defect"),
        ("malformed_001.eml", "mime_defect"),
    ],
)
def test_known_defects_are_recorded(fixture: str, expected_code: str) -> None:
    (path,) = [candidate for candidate in MIME_FIXTURES if candidate.name == fixture]
    assert expected_code in codes(corpus_snapshot(path))


def test_an_unquoted_boundary_is_repaired_and_the_body_recovered() -> None:
    (path,) = [p for p in MIME_FIXTURES if p.name == "mime_emails_raw_email_with_illegal_boundary.eml"]
    snapshot = corpus_snapshot(path)
    assert "This is an outlook test" in snapshot.text_body
    assert "This is an outlook test" in snapshot.html_text


@pytest.mark.parametrize("path", CORPUS_EMAILS, ids=lambda p: p.name)
def test_corpus_message_is_clean_and_deterministic(path: Path) -> None:
    first = corpus_snapshot(path)
    second = corpus_snapshot(path)

    assert first == second
    assert first.defects == []  # the corpus is well-formed mail: any defect here is a parser bug
    assert first.from_ is not None and first.from_.address
    assert first.subject and first.date_utc and first.utc_offset_minutes is not None
    assert first.text_body or first.html_text
