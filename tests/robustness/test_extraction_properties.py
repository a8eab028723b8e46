"""Extraction of any snapshot returns a result within the output contract, without hanging.

`extract` must never stop a run over thousands of mails: it returns, it does not swallow an internal
error into its reasons (that would silently lose reports), and every report it does return can be
stored (types, ratings, prices and dates the database constraints accept).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from hypothesis import given
from hypothesis import strategies as st

from backend.archive.snapshot import ForwardedMessage, Snapshot, build_snapshot
from backend.errors import NotMimeError
from backend.extraction.extractor import extract
from tests.robustness.checks import assert_extraction_contract, examples, hang_guard
from tests.robustness.strategies import corpus_messages, corpus_seeds, hostile_text, mutated, truncated

SOURCE = {"kind": "file", "ref": "hostile.eml"}


def _extract_raw(raw: bytes) -> None:
    with hang_guard():
        try:
            snapshot = build_snapshot(raw, user_id="user_fuzz", source=SOURCE)
        except NotMimeError:
            return
        result = extract(snapshot)
    assert_extraction_contract(result)


@examples(150)
@given(raw=st.binary(max_size=8192))
def test_arbitrary_bytes_extract_within_contract(raw: bytes) -> None:
    _extract_raw(raw)


@examples(200)
@given(raw=mutated(corpus_seeds()))
def test_mutated_broker_mail_extracts_within_contract(raw: bytes) -> None:
    _extract_raw(raw)


@examples(120)
@given(raw=truncated(corpus_seeds()))
def test_truncated_broker_mail_extracts_within_contract(raw: bytes) -> None:
    _extract_raw(raw)


@cache
def corpus_snapshots() -> tuple[Snapshot, ...]:
    return tuple(build_snapshot(raw, user_id="user_fuzz", source=SOURCE) for raw in corpus_messages())


def _snapshots() -> st.SearchStrategy[Snapshot]:
    return st.deferred(lambda: st.sampled_from(corpus_snapshots()))


@examples(200)
@given(
    base=_snapshots(),
    body=hostile_text(),
    subject=st.one_of(hostile_text(), st.text(max_size=300)),
    where=st.sampled_from(("text_body", "html_text", "forwarded")),
)
def test_hostile_text_in_a_real_snapshot_extracts_within_contract(
    base: Snapshot, body: str, subject: str, where: str
) -> None:
    """Text straight into a corpus snapshot: what a stored snapshot of any age may hold."""
    if where == "forwarded":
        forward = ForwardedMessage(base.from_, base.to, subject, None, None, None, body, "inline")
        snapshot = replace(base, forwarded=forward)
    elif where == "html_text":
        snapshot = replace(base, subject=subject, html_text=body, forwarded=None)
    else:
        snapshot = replace(base, subject=subject, text_body=body, forwarded=None)
    with hang_guard():
        first = extract(snapshot)
        second = extract(snapshot)
    assert_extraction_contract(first)
    assert first == second  # pure and deterministic
