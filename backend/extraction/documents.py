"""Which text of a message is the research: the message itself, the original of a forward, or
the broker's note quoted under a reply.

Forwards are unwrapped by the archive (`Snapshot.forwarded`). Replies are not: an analyst's
answer quoting the whole note ("On ... wrote:" followed by "> " lines) is read here, by taking
the deepest quoted block that holds the note and the sender named in its attribution line.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import UTC, timedelta, timezone
from email.utils import parseaddr
from functools import cache

from backend.archive.snapshot import Address, Snapshot
from backend.extraction.dates import naive_datetime

# A text part shorter than this share of the HTML part is a stub ("view this mail in HTML").
MIN_TEXT_SHARE = 0.5
MIN_QUOTED_LINES = 8
# A body shorter than this is a cover note when a PDF with text is attached.
COVER_NOTE_WORDS = 80
# Quote levels told apart; deeper ">" prefixes count as this level (their extra ">" stay in the
# text). Real threads rarely pass ten levels, and each level is one pass over the whole text.
MAX_QUOTE_DEPTH = 20


@dataclass(frozen=True)
class SourceDocument:
    text: str
    subject: str
    sender: Address | None
    date_utc: str | None
    utc_offset_minutes: int | None
    via: str  # "message" | "inline" | "rfc822" | "quoted"


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    return {
        "quote": re.compile(r"^((?:\s?>)+)\s?"),
        "separator": re.compile(
            r"^\s*(?:-{2,}\s*(?:original\s+message|forwarded\s+message)\s*-{2,}|_{20,}|begin\s+forwarded\s+message:)\s*$",
            re.IGNORECASE,
        ),
        "header_line": re.compile(r"^\s*(from|sent|date|to|cc|subject)\s*:\s*(.*)$", re.IGNORECASE),
        "attribution": re.compile(
            r"^\s*(?:On\s+(?P<date>.+?),\s+)?(?P<who>[^<>,]*?)\s*<?(?P<addr>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>?\s+"
            r"(?:wrote|a\s+écrit|schrieb)\s*:\s*$",
            re.IGNORECASE,
        ),
    }


def _depth(line: str) -> int:
    match = _patterns()["quote"].match(line)
    return min(match.group(1).count(">"), MAX_QUOTE_DEPTH) if match else 0


@cache
def _quote_prefix(levels: int) -> re.Pattern[str]:
    return re.compile(rf"^(?:\s?>\s?){{0,{levels}}}")


def _strip_levels(line: str, levels: int) -> str:
    """`line` without its first `levels` quote markers, in one pass."""
    return _quote_prefix(levels).sub("", line, count=1)


def quoted_original(text: str) -> tuple[str, Address | None, str | None] | None:
    """(note text, its sender, attribution date text) of the deepest substantial quote, else None.

    Only a quote introduced by an attribution line ("On <date>, <name> <addr> wrote:") counts, so
    bulleted "> " lists in ordinary mail are left alone.
    """
    lines = text.split("\n")
    depths = [_depth(line) for line in lines]
    deepest = max(depths, default=0)
    for level in range(deepest, 0, -1):
        first = next((i for i, d in enumerate(depths) if d >= level), None)
        if first is None:
            continue
        body = [_strip_levels(line, level) for line, d in zip(lines, depths, strict=True) if d >= level]
        if sum(1 for line in body if line.strip()) < MIN_QUOTED_LINES:
            continue
        attribution = None
        for back in range(first - 1, max(-1, first - 4), -1):
            candidate = _strip_levels(lines[back], depths[back])
            match = _patterns()["attribution"].match(candidate)
            if match:
                attribution = match
                break
        if attribution is None:
            continue
        name, address = parseaddr(f"{attribution.group('who')} <{attribution.group('addr')}>")
        sender = Address(name=name.strip(' "'), address=address.lower()) if address else None
        return "\n".join(body), sender, attribution.group("date")
    return None


def _best_body(snapshot: Snapshot) -> str:
    text, html = snapshot.text_body.strip(), snapshot.html_text.strip()
    if text and (not html or len(text) >= MIN_TEXT_SHARE * len(html)):
        return snapshot.text_body
    return snapshot.html_text or snapshot.text_body


def inline_original(text: str) -> tuple[str, Address | None, str | None, str | None] | None:
    """(text, sender, date text, subject) below a forward or Outlook reply header block, else None.

    The archive unwraps forwards it recognises; this catches the rest, such as an Outlook reply
    ("-----Original Message-----" or a rule, then From/Sent/To/Subject) that quotes no "> " lines.
    """
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if not _patterns()["separator"].match(line):
            continue
        header: dict[str, str] = {}
        cursor = index + 1
        while cursor < len(lines) and lines[cursor].strip():
            match = _patterns()["header_line"].match(lines[cursor])
            if match is None:
                break
            header.setdefault(match.group(1).lower(), match.group(2).strip())
            cursor += 1
        if "from" not in header or cursor >= len(lines) - 3:
            continue
        name, address = parseaddr(re.sub(r"\[mailto:([^\]]+)\]", r"<\1>", header["from"]))
        sender = Address(name=name.strip(' "'), address=address.lower()) if "@" in address else None
        return "\n".join(lines[cursor:]), sender, header.get("sent") or header.get("date"), header.get("subject")
    return None


def _zoneless_to_utc(written: str | None, offset_minutes: int | None) -> str | None:
    moment = naive_datetime(written) if written else None
    if moment is None:
        return None
    zone = timezone(timedelta(minutes=offset_minutes or 0))
    return moment.replace(tzinfo=zone).astimezone(UTC).isoformat()


def source_document(snapshot: Snapshot) -> SourceDocument:
    """The research text of a message with the original's subject, sender and date; for a short
    cover note ("please find attached our report on ...") the attached PDF's text comes first."""
    document = _source_document(snapshot)
    if len(document.text.split()) >= COVER_NOTE_WORDS:
        return document
    attached = next(
        (a.text for a in snapshot.attachments if a.content_type == "application/pdf" and a.text and a.text.strip()),
        None,
    )
    if attached is None:
        return document
    # The note first: a cover's sign-off and confidentiality line would otherwise cut it off.
    return dataclasses.replace(document, text=f"{attached.rstrip()}\n\n{document.text}")


def _source_document(snapshot: Snapshot) -> SourceDocument:
    forwarded = snapshot.forwarded
    if forwarded is not None and forwarded.text.strip():
        date_utc, offset = forwarded.date_utc, forwarded.utc_offset_minutes
        if date_utc is None:
            # Outlook and Gmail print the original's time without a zone, in the forwarder's own zone.
            date_utc = _zoneless_to_utc(forwarded.date_header, snapshot.utc_offset_minutes) or snapshot.date_utc
            offset = snapshot.utc_offset_minutes
        document = SourceDocument(
            text=forwarded.text,
            subject=forwarded.subject or snapshot.subject,
            sender=forwarded.from_,
            date_utc=date_utc,
            utc_offset_minutes=offset,
            via=forwarded.via,
        )
    else:
        document = SourceDocument(
            text=_best_body(snapshot),
            subject=snapshot.subject,
            sender=snapshot.from_,
            date_utc=snapshot.date_utc,
            utc_offset_minutes=snapshot.utc_offset_minutes,
            via="message",
        )
    if document.via == "message":
        inline = inline_original(document.text)
        if inline is not None:
            text, sender, written, subject = inline
            document = SourceDocument(
                text=text,
                subject=subject or document.subject,
                sender=sender or document.sender,
                date_utc=_zoneless_to_utc(written, document.utc_offset_minutes) or document.date_utc,
                utc_offset_minutes=document.utc_offset_minutes,
                via="inline",
            )
    quoted = quoted_original(document.text)
    if quoted is None and document.via == "message" and snapshot.text_body and document.text != snapshot.text_body:
        quoted = quoted_original(snapshot.text_body)
    if quoted is not None:
        text, sender, written = quoted
        return SourceDocument(
            text=text,
            subject=document.subject,
            sender=sender or document.sender,
            date_utc=_zoneless_to_utc(written, document.utc_offset_minutes) or document.date_utc,
            utc_offset_minutes=document.utc_offset_minutes,
            via="quoted",
        )
    return document
