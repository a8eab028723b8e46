"""Bombs and size limits: hostile messages are archived within a capped address space.

One child process with RLIMIT_AS of 1.5 GiB builds every scenario of `bounded_build` through the
real PDF worker pool; had any of them needed more memory (a 2 GiB PDF content stream, a 2 GiB zip
member, a 50 MB message), the child would have died instead of reporting.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from typing import Any

import pytest

from backend.archive.limits import MAX_BODY_CHARS, MAX_MESSAGE_BYTES, MAX_PDF_PAGE_CHARS, MAX_PDF_PAGES
from backend.archive.pdf_text import PdfTextExtractor
from backend.archive.snapshot import build_snapshot
from tests.conftest import REPO_ROOT
from tests.robustness.bombs import dense_page, message_with_attachments, pdf_bomb, pdf_document, text_page, zip_bomb
from tests.robustness.checks import hang_guard

ADDRESS_SPACE_LIMIT = 1536 * 1024 * 1024
GIB = 1024 * 1024 * 1024

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is enforced on Linux only")


@pytest.fixture(scope="module")
def bounded() -> dict[str, Any]:
    """Results of every scenario, built in a child process capped at ADDRESS_SPACE_LIMIT."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.robustness.bounded_build", str(ADDRESS_SPACE_LIMIT)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"the capped build died (exit {done.returncode}):\n{done.stderr[-3000:]}"
    results: dict[str, Any] = json.loads(done.stdout)
    return results


def _scenario(bounded: dict[str, Any], name: str) -> dict[str, Any]:
    result: dict[str, Any] = bounded[name]
    assert not result["hung"], f"{name}: still running after the hang bound"
    return result


def _codes(result: dict[str, Any]) -> set[str]:
    return {entry.split(":", 1)[0] for entry in result["defects"]}


def _attachment(result: dict[str, Any], name: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [item for item in result["attachments"] if item["filename"] == name]
    assert len(found) == 1, name
    return found[0]


def test_a_pdf_decompression_bomb_fails_alone_and_the_pool_recovers(bounded: dict[str, Any]) -> None:
    result = _scenario(bounded, "attachments")
    bomb = _attachment(result, "bomb.pdf")
    assert (bomb["text_status"], bomb["text"]) == ("failed", None)
    assert any(entry.startswith("pdf_failed: bomb.pdf") for entry in result["defects"])
    # The next PDF of the same message is read by a fresh worker.
    note = _attachment(result, "note.pdf")
    assert (note["text_status"], note["text"]) == ("extracted", "Initiating coverage with BUY")


def test_a_pdf_with_thousands_of_pages_is_read_up_to_the_page_limit(bounded: dict[str, Any]) -> None:
    pages = _attachment(_scenario(bounded, "attachments"), "pages.pdf")
    assert (pages["text_status"], pages["pages"]) == ("truncated", 3000)
    assert pages["text"].count("Page") == MAX_PDF_PAGES


def test_a_zip_bomb_stays_an_opaque_attachment_with_its_hash() -> None:
    data, inflated = zip_bomb(2 * GIB)
    assert inflated >= 2 * GIB and len(data) < 3 * 1024 * 1024
    raw = message_with_attachments([("bomb.zip", "application/zip", data)])
    with hang_guard():
        snapshot = build_snapshot(raw, user_id="user_bounded", source={"kind": "file", "ref": "bomb.eml"})
    (attachment,) = snapshot.attachments
    assert (attachment.text_status, attachment.text) == ("not_text", None)
    assert (attachment.size, attachment.sha256) == (len(data), hashlib.sha256(data).hexdigest())


def test_the_zip_bomb_in_the_capped_build_was_never_unpacked(bounded: dict[str, Any]) -> None:
    zipped = _attachment(_scenario(bounded, "attachments"), "bomb.zip")
    assert zipped["text_status"] == "not_text" and zipped["size"] < 3 * 1024 * 1024


def test_pdf_workers_never_outgrow_their_own_cap(bounded: dict[str, Any]) -> None:
    # Peak resident memory of the largest worker: the bomb's 2 GiB never materialised.
    assert bounded["max_rss_bytes"]["pdf_workers"] < 1.1 * GIB
    assert bounded["max_rss_bytes"]["self"] < ADDRESS_SPACE_LIMIT


def test_thousands_of_nested_multiparts_keep_the_headers(bounded: dict[str, Any]) -> None:
    result = _scenario(bounded, "nested_multiparts")
    assert result["subject"] == "nested"
    assert "parse_failed" in _codes(result)


def test_a_long_chain_of_attached_messages_keeps_the_headers(bounded: dict[str, Any]) -> None:
    result = _scenario(bounded, "rfc822_chain")
    assert result["subject"] == "chain"
    assert _codes(result) & {"parse_failed", "too_deep"}


def test_hundreds_of_thousands_of_parts_are_cut_at_the_part_budget(bounded: dict[str, Any]) -> None:
    result = _scenario(bounded, "many_parts")
    assert "too_many_parts" in _codes(result)  # 200,000 parts used to take minutes to parse


def test_a_message_over_the_size_limit_keeps_only_its_headers(bounded: dict[str, Any]) -> None:
    result = _scenario(bounded, "over_size_limit")
    assert result["raw_size"] == MAX_MESSAGE_BYTES + 1
    assert "too_large" in _codes(result)
    assert (result["subject"], result["text_chars"]) == ("Very long note", 0)


def test_a_message_at_the_size_limit_is_parsed_and_its_body_cut(bounded: dict[str, Any]) -> None:
    result = _scenario(bounded, "at_size_limit")
    assert result["raw_size"] == MAX_MESSAGE_BYTES
    assert "body_truncated" in _codes(result) and "too_large" not in _codes(result)
    assert 0 < result["text_chars"] <= MAX_BODY_CHARS
    assert not [reason for reason in result["extraction_reasons"] if reason.startswith("internal_error")]


def test_the_worker_memory_cap_stops_a_bomb_that_fits_the_machine() -> None:
    """A 600 MB stream under a 256 MiB worker cap: only the worker's own limit can stop it."""
    with PdfTextExtractor(workers=1, memory_bytes=256 * 1024 * 1024) as extractor, hang_guard(60):
        bombed = extractor.extract(pdf_bomb(600 * 1024 * 1024))
        after = extractor.extract(pdf_document([text_page("still readable")]))
    assert (bombed.status, bombed.text) == ("failed", None)
    assert "crashed" in bombed.detail
    assert (after.status, after.text) == ("extracted", "still readable")


def test_a_page_with_millions_of_characters_is_cut() -> None:
    page = dense_page(MAX_PDF_PAGE_CHARS + 5000)
    with PdfTextExtractor(in_process=True) as extractor:
        result = extractor.extract(pdf_document([page, text_page("second page")]))
    assert result.status == "truncated"
    assert result.text is not None and result.text.count("A") == MAX_PDF_PAGE_CHARS
    assert result.text.endswith("second page")
