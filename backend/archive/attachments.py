"""Attachment parts to `Attachment` records: identity (size, sha256) plus text where there is some.

Text comes from PDFs (through a `PdfTextExtractor`, when one is given) and from text/* files.
`text_status` says what happened: "extracted", "truncated" (limit reached), "not_text" (images,
spreadsheets...), "too_large", "failed", "encrypted", or "skipped" (not attempted here: a PDF when
no extractor was passed, or an attached message, whose text is in `Snapshot.forwarded`).
"""

from __future__ import annotations

import hashlib

from backend.archive.defects import DefectLog
from backend.archive.html_text import html_to_text
from backend.archive.limits import MAX_ATTACHMENT_TEXT_CHARS
from backend.archive.message_parts import Leaf
from backend.archive.mime import payload_bytes, text_from_payload
from backend.archive.model import Attachment
from backend.archive.pdf_text import PdfText, PdfTextExtractor
from backend.archive.plain_text import normalize_text, truncate

_PDF_MAGIC = b"%PDF-"
_GENERIC_TYPES = frozenset({"application/octet-stream", "application/x-pdf", "application/binary"})


def build_attachment(leaf: Leaf, defects: DefectLog, pdf_text: PdfTextExtractor | None) -> Attachment:
    data = payload_bytes(leaf.part, leaf.path, defects)
    text, status, pages = _text_of(leaf, data, defects, pdf_text)
    return Attachment(
        filename=leaf.filename,
        content_type=leaf.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        text_status=status,
        pages=pages,
    )


def looks_like_pdf(leaf: Leaf, data: bytes) -> bool:
    if leaf.content_type == "application/pdf" or _PDF_MAGIC in data[:1024]:
        return True
    named_pdf = (leaf.filename or "").lower().endswith(".pdf")
    return named_pdf and leaf.content_type in _GENERIC_TYPES


def _text_of(
    leaf: Leaf, data: bytes, defects: DefectLog, pdf_text: PdfTextExtractor | None
) -> tuple[str | None, str, int | None]:
    if leaf.content_type == "message/rfc822":
        return None, "skipped", None
    if looks_like_pdf(leaf, data):
        if pdf_text is None:
            return None, "skipped", None
        return _pdf(leaf, pdf_text.extract(data), defects)
    if leaf.content_type.startswith("text/"):
        decoded = text_from_payload(leaf.part, data, leaf.path, defects)
        is_html = leaf.content_type == "text/html"
        text = html_to_text(decoded).text if is_html else normalize_text(decoded)
        text, cut = truncate(text, MAX_ATTACHMENT_TEXT_CHARS)
        return text, "truncated" if cut else "extracted", None
    return None, "not_text", None


def _pdf(leaf: Leaf, result: PdfText, defects: DefectLog) -> tuple[str | None, str, int | None]:
    name = leaf.filename or f"part {leaf.path}"
    if result.status == "encrypted":
        defects.add("pdf_encrypted", f"{name} in part {leaf.path}")
    elif result.status in ("failed", "too_large"):
        defects.add("pdf_failed", f"{name} in part {leaf.path}: {result.detail}")
    if result.text is None:
        return None, result.status, result.pages
    text, cut = truncate(result.text, MAX_ATTACHMENT_TEXT_CHARS)
    return text, "truncated" if cut else result.status, result.pages
