"""PDF attachments yield their text through the worker pool, within page, size and time limits."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator

import pypdfium2 as pdfium
import pytest

from backend.archive.pdf_text import PdfTextExtractor
from tests.archive.samples import CORPUS_EMAILS, codes, corpus_labels, corpus_snapshot, eml, snapshot_of

PDF_EMAILS = [path for path in CORPUS_EMAILS if b"application/pdf" in path.read_bytes()]


@pytest.fixture(scope="module")
def pool_extractor() -> Iterator[PdfTextExtractor]:
    with PdfTextExtractor(workers=1) as extractor:
        yield extractor


def _blank_pdf(pages: int) -> bytes:
    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()


def _message_with_pdf(data: bytes) -> bytes:
    encoded = base64.encodebytes(data).decode("ascii")
    return eml(
        'From: a@example.com\nSubject: pdf\nContent-Type: multipart/mixed; boundary="b"\n\n'
        "--b\nContent-Type: text/plain\n\nSee attached.\n"
        '--b\nContent-Type: application/pdf; name="note.pdf"\nContent-Transfer-Encoding: base64\n\n'
        f"{encoded}--b--\n"
    )


def test_corpus_pdfs_yield_text_through_the_process_pool(pool_extractor: PdfTextExtractor) -> None:
    assert len(PDF_EMAILS) == 5
    for path in PDF_EMAILS:
        snapshot = corpus_snapshot(path, pdf_text=pool_extractor)
        (pdf,) = [a for a in snapshot.attachments if a.content_type == "application/pdf"]
        assert pdf.text_status == "extracted", path.name
        assert pdf.pages == 1
        assert pdf.text and len(pdf.text) > 300
        broker = corpus_labels()[path.name]["broker"]
        if broker:  # a research PDF names its house; the contract note is the non-research one
            assert broker.split()[0] in pdf.text, path.name
        assert snapshot.defects == []


def test_in_process_mode_gives_the_same_text(pool_extractor: PdfTextExtractor) -> None:
    path = PDF_EMAILS[0]
    with PdfTextExtractor(in_process=True) as in_process:
        assert corpus_snapshot(path, pdf_text=in_process) == corpus_snapshot(path, pdf_text=pool_extractor)


def test_without_an_extractor_pdfs_are_skipped_not_failed() -> None:
    snapshot = corpus_snapshot(PDF_EMAILS[0])
    (pdf,) = [a for a in snapshot.attachments if a.content_type == "application/pdf"]
    assert (pdf.text, pdf.text_status) == (None, "skipped")
    assert pdf.size > 0 and len(pdf.sha256) == 64


def test_page_limit_truncates_and_reports_the_real_page_count() -> None:
    with PdfTextExtractor(in_process=True, max_pages=2) as extractor:
        result = extractor.extract(_blank_pdf(5))
    assert (result.status, result.pages) == ("truncated", 5)


def test_size_limit_refuses_before_opening() -> None:
    with PdfTextExtractor(in_process=True, max_bytes=100) as extractor:
        snapshot = snapshot_of(_message_with_pdf(_blank_pdf(1)), pdf_text=extractor)
    (pdf,) = snapshot.attachments
    assert pdf.text_status == "too_large"
    assert "pdf_failed" in codes(snapshot)


def test_corrupt_pdf_is_a_failed_attachment_not_an_exception(pool_extractor: PdfTextExtractor) -> None:
    snapshot = snapshot_of(_message_with_pdf(b"%PDF-1.4\n garbage that is not a PDF"), pdf_text=pool_extractor)
    (pdf,) = snapshot.attachments
    assert (pdf.text, pdf.text_status) == (None, "failed")
    assert snapshot.text_body == "See attached."
    assert "pdf_failed" in codes(snapshot)


def test_a_pdf_over_its_time_budget_fails_and_the_pool_recovers() -> None:
    with PdfTextExtractor(timeout_seconds=1e-6) as extractor:
        # No worker process can even start within a microsecond: the call must give up, not hang.
        timed_out = extractor.extract(_blank_pdf(1))
        extractor.timeout_seconds = 60
        recovered = extractor.extract(_blank_pdf(3))
    assert timed_out.status == "failed" and "timed out" in timed_out.detail
    assert (recovered.status, recovered.pages) == ("extracted", 3)
