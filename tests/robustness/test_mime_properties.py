"""Any bytes at all become a storable snapshot or the one documented refusal, without hanging.

`build_snapshot` is the archive's promise: whatever arrives from a mailbox is kept, with what could
not be read listed as defects. Only input that is not email at all raises (`NotMimeError`).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.archive.pdf_text import PdfTextExtractor
from backend.archive.snapshot import Snapshot, build_snapshot
from backend.errors import NotMimeError
from tests.robustness.checks import assert_storable_snapshot, examples, hang_guard
from tests.robustness.strategies import mutated, truncated

SOURCE = {"kind": "file", "ref": "hostile.eml"}


@pytest.fixture(scope="module")
def pdf_text() -> Iterator[PdfTextExtractor]:
    # The real worker pool: mutated PDFs of the corpus reach PDFium as they would in production.
    with PdfTextExtractor(workers=1) as extractor:
        yield extractor


def _snapshot_or_refusal(raw: bytes, pdf_text: PdfTextExtractor | None = None) -> Snapshot | None:
    with hang_guard():
        try:
            snapshot = build_snapshot(raw, user_id="user_fuzz", source=SOURCE, pdf_text=pdf_text)
        except NotMimeError:
            return None
    assert_storable_snapshot(snapshot, raw)
    return snapshot


@examples(300)
@given(raw=st.binary(max_size=8192))
def test_arbitrary_bytes_give_a_snapshot_or_not_mime(raw: bytes) -> None:
    snapshot = _snapshot_or_refusal(raw)
    if snapshot is None:
        assert not raw.strip() or raw.startswith(b"\xd0\xcf\x11\xe0")
    else:
        assert _snapshot_or_refusal(raw) == snapshot  # deterministic, even on noise


@examples(200)
@given(raw=truncated())
def test_truncated_messages_give_a_storable_snapshot(raw: bytes) -> None:
    _snapshot_or_refusal(raw)


@examples(250)
@given(raw=mutated())
def test_mutated_messages_give_a_storable_snapshot(raw: bytes, pdf_text: PdfTextExtractor) -> None:
    _snapshot_or_refusal(raw, pdf_text)
