"""Hard limits of the extraction stage: how much of a message the rules read.

The extractor is a few hundred regular expressions and line loops written for research notes (a
few thousand characters, no line longer than a paragraph). Some of them cost time in proportion to
the square of a line's length or of a run of digits, so a hostile message (a 2 MB line of digits, a
base64 blob pasted as text, a To header with 50,000 names) would take hours. Every text is therefore
bounded once, before any rule reads it; research notes never come near these limits.
"""

from __future__ import annotations

import re
from dataclasses import replace

from backend.archive.plain_text import storable
from backend.archive.snapshot import Address, ForwardedMessage, Snapshot

MAX_DOCUMENT_CHARS = 300_000
"""Characters of a body (or forwarded original) read; the longest dev-corpus note has 5,400. A
longer body is cut at a line break: the reports of a morning note all sit in its first pages."""

MAX_LINE_CHARS = 5_000
"""Characters per line after soft wraps are rejoined (a long paragraph is 2,000); longer lines are
split at a space, which bounds every rule that scans a whole line."""

MAX_WORD_CHARS = 100
"""Characters kept of one whitespace-free run. Longer runs are tracking links, base64 blobs or
digit strings, never research wording, and they are what makes a greedy pattern quadratic."""

MAX_HEADER_CHARS = 1_000
"""Characters of a subject, display name or address; real subjects stay under 300."""

MAX_REPORTS_PER_MESSAGE = 100
"""Reports kept from one message, in order. A real morning note covers a few dozen companies; a
hostile or broken one could yield thousands of rows for one mail (each upserted and listed)."""

MAX_RECIPIENTS = 1_000
"""Recipients whose names are redacted from the output (each adds alternatives to one regex); the
archive keeps about as many per address header."""

_LONG_WORD = re.compile(rf"\S{{{MAX_WORD_CHARS + 1},}}")


def bounded_snapshot(snapshot: Snapshot) -> Snapshot:
    """`snapshot` with every text the extractor reads cut to the limits above."""
    forwarded = snapshot.forwarded
    return replace(
        snapshot,
        subject=bounded_header(snapshot.subject),
        from_=_bounded_address(snapshot.from_) if snapshot.from_ is not None else None,
        to=[_bounded_address(a) for a in snapshot.to[:MAX_RECIPIENTS]],
        text_body=bounded_text(snapshot.text_body),
        html_text=bounded_text(snapshot.html_text),
        forwarded=_bounded_forward(forwarded) if forwarded is not None else None,
    )


def bounded_text(text: str) -> str:
    """`text` cut at a line break before MAX_DOCUMENT_CHARS, with over-long words cut short.

    NUL characters and lone surrogates (a snapshot stored by an older archive may hold them) are
    dropped too: a report quoting them could be written neither to PostgreSQL nor as UTF-8 JSON.
    """
    if len(text) > MAX_DOCUMENT_CHARS:
        cut = text.rfind("\n", 0, MAX_DOCUMENT_CHARS)
        text = text[: cut if cut > 0 else MAX_DOCUMENT_CHARS]
    return storable(_LONG_WORD.sub(lambda match: match.group(0)[:MAX_WORD_CHARS], text))


def bounded_header(value: str) -> str:
    return storable(_LONG_WORD.sub(lambda match: match.group(0)[:MAX_WORD_CHARS], value[:MAX_HEADER_CHARS]))


def split_long_line(line: str) -> list[str]:
    """A line of at most MAX_LINE_CHARS, or its pieces split at spaces (at the limit when none)."""
    pieces: list[str] = []
    while len(line) > MAX_LINE_CHARS:
        cut = line.rfind(" ", 0, MAX_LINE_CHARS)
        cut = cut if cut > 0 else MAX_LINE_CHARS
        pieces.append(line[:cut].rstrip())
        line = line[cut:].lstrip()
    pieces.append(line)
    return pieces


def _bounded_address(address: Address) -> Address:
    return Address(name=bounded_header(address.name), address=storable(address.address[:MAX_HEADER_CHARS]))


def _bounded_forward(forwarded: ForwardedMessage) -> ForwardedMessage:
    return replace(
        forwarded,
        from_=_bounded_address(forwarded.from_) if forwarded.from_ is not None else None,
        to=[_bounded_address(a) for a in forwarded.to[:MAX_RECIPIENTS]],
        subject=bounded_header(forwarded.subject) if forwarded.subject is not None else None,
        text=bounded_text(forwarded.text),
    )
