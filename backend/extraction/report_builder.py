"""One segment of a research mail (a whole note, or one item of a morning note) to one report."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from backend.extraction.calls import TargetCall, rating_from_sources, target_from_fields, target_from_text
from backend.extraction.companies import CompanyFinding, CompanyResolver
from backend.extraction.confidence import Evidence, confidence
from backend.extraction.dates import find_dates, iso_with_offset, plausible_report_date, publication_time
from backend.extraction.fields import Field, line_fields, read_fields
from backend.extraction.key_points import extract_key_points, prose_paragraphs, split_sentences
from backend.extraction.models import ExtractedReport, KeyPoint
from backend.extraction.ratings import RatingCall, RatingReader
from backend.extraction.report_types import TypeEvidence, company_report_type
from backend.extraction.segmentation import Segment
from backend.extraction.subjects import NoteSubject, note_subject
from backend.extraction.summary import Call, summarize
from backend.extraction.text_cleanup import is_bullet
from backend.extraction.themes import theme_vocabulary
from backend.extraction.titles import duplicate_key, headline_from_lines, headline_from_subject

HEADER_ZONE_LINES = 16
UNDATED = "1970-01-01T00:00:00+00:00"
_MARKET_CURRENCY = {"NSE": "INR", "BSE": "INR", "NASDAQ": "USD", "NYSE": "USD", "AMEX": "USD"}


@dataclass(frozen=True)
class MailContext:
    """What every report of one mail shares."""

    archive_id: str
    user_id: str
    broker: str
    broker_country: str | None
    self_names: tuple[str, ...]
    list_names: tuple[str, ...]
    subject: str  # the original's subject, tags stripped
    single_report: bool
    mail_date: date | None  # the date printed at the top of the mail (digest date line)
    sent_local: datetime | None  # when the original was sent, in the broker's zone
    reader: RatingReader
    resolver: CompanyResolver
    redact: Callable[[str], str]
    listed_calls: Mapping[str, list[Field]]  # a digest's summary-table rows, by company


def _header_zone(lines: list[str]) -> list[str]:
    zone = []
    for line in lines[:HEADER_ZONE_LINES]:
        if is_bullet(line):
            break
        zone.append(line)
    return zone


def printed_date(lines: list[str], sent_local: datetime | None) -> date | None:
    """The report's own date line among the first lines ("Result Update | 23 Jan 2025")."""
    for line in lines[:HEADER_ZONE_LINES]:
        if is_bullet(line) or len(line.split()) > 12 or line_fields(line):
            continue
        if re.search(r"\bas\s+(?:on|of)\b|\bresults?\s+on\b|\bon\s*$|\b(?:price|close|closing)\s*\(", line, re.I):
            continue
        for found in find_dates(line):
            if plausible_report_date(found.value, sent_local.date() if sent_local else None):
                return found.value
    return None


def _currency(
    target: TargetCall | None, fields: list[Field], company: CompanyFinding | None, ctx: MailContext
) -> tuple[str | None, bool]:
    if target is None:
        return None, False
    if target.currency:
        return target.currency, False
    for field in fields:
        if field.label_currency:
            return field.label_currency, False
    if company is not None and company.exchange in _MARKET_CURRENCY:
        return _MARKET_CURRENCY[company.exchange], True
    return ("INR", True) if ctx.broker_country == "IN" else (None, True)


def _lead(lines: list[str], title: str | None) -> str | None:
    """The note's own summary: the first paragraph of prose before its bullets."""
    first_bullet = next((i for i, line in enumerate(lines) if is_bullet(line)), len(lines))
    for paragraph in prose_paragraphs(lines[:first_bullet] if first_bullet else lines):
        if title and paragraph.strip() == title.strip():
            continue
        sentences = [s for s in split_sentences(paragraph) if not s.rstrip().endswith(":")]
        text = " ".join(sentences)
        if len(text.split()) >= 8 and text.endswith("."):
            return text
    return None


@dataclass(frozen=True)
class _CompanyCall:
    rating: RatingCall | None = None
    target: TargetCall | None = None
    currency: str | None = None
    currency_guessed: bool = False
    report_type: str = "general_update"


def _title_of(segment: Segment, ctx: MailContext, zone: list[str]) -> tuple[str, str]:
    """(title, "body" | "subject"): the note's headline, else the subject's headline-like part."""
    title = headline_from_lines(
        segment.lines if segment.heading is None else segment.lines[1:],
        company_spans=ctx.resolver.spans,
        self_names=ctx.self_names,
        extra_kicker_words=ctx.list_names + _theme_words(zone),
        subject_hint=ctx.subject if ctx.single_report else None,
    )
    if title is not None:
        return title, "body"
    if not ctx.single_report:
        return segment.heading or ctx.subject, "subject"
    fallback = headline_from_subject(
        ctx.subject,
        company_spans=ctx.resolver.spans,
        list_names=ctx.list_names,
        rating_words=lambda word: ctx.reader.bucket(word) is not None,
    )
    return fallback, "subject"


def _company_call(
    segment: Segment, ctx: MailContext, about: NoteSubject, fields: list[Field], heading: str, body: str
) -> _CompanyCall:
    """Rating, target, currency and type of a company note: box first (its own, then the digest's
    summary-table row for the company), then its heading, then prose."""
    if about.company is not None:
        fields = fields + ctx.listed_calls.get(about.company.canonical, [])
    # A single note's subject, or a digest item's own heading line, often carries the call.
    call_line = ctx.subject if ctx.single_report else segment.heading
    rating = rating_from_sources(ctx.reader, fields, heading, call_line, body)
    target = target_from_fields(fields)
    if target is None and call_line:
        target = target_from_text(call_line, "subject")
    in_prose = target_from_text(body)
    if target is None:
        target = in_prose
    elif target.previous is None and in_prose and in_prose.amount == target.amount and in_prose.previous:
        target = TargetCall(target.amount, target.currency, in_prose.previous, target.source)
    currency, guessed = _currency(target, fields, about.company, ctx)
    report_type, _ = company_report_type(
        TypeEvidence(
            heading=heading,
            body=body,
            rating_changed=bool(rating and rating.previous_raw),
            target_moved=bool(target and target.previous is not None and target.previous != target.amount),
        )
    )
    return _CompanyCall(rating, target, currency, guessed, report_type)


def build_report(segment: Segment, ctx: MailContext) -> ExtractedReport:
    lines = segment.lines
    zone = _header_zone(lines)
    fields = read_fields(zone)
    body = "\n".join(prose_paragraphs(lines) + [line[2:] for line in lines if is_bullet(line)])
    heading_lines = [
        line for line in zone if line.strip() and len(line.split()) <= 25 and not _names_broker(line, ctx.self_names)
    ]
    heading = "\n".join(([segment.heading] if segment.heading else [ctx.subject]) + heading_lines)
    title, title_source = _title_of(segment, ctx, zone)
    about = note_subject(
        resolver=ctx.resolver,
        reader=ctx.reader,
        item_heading=segment.heading,
        subject=ctx.subject,
        zone=zone,
        fields=fields,
        heading=heading,
        body=body,
        title=title,
    )
    call = _company_call(segment, ctx, about, fields, heading, body) if about.kind == "company" else None
    report_type = call.report_type if call else about.kind
    rating = call.rating if call else None
    target = call.target if call else None
    previous_rating_raw = rating.previous_raw if rating and report_type == "rating_change" else None
    previous_rating = rating.previous_bucket if rating and previous_rating_raw else None
    previous_target = target.previous if target and target.previous != target.amount else None

    title_index = next((i for i, line in enumerate(lines) if line.strip() == title), -1)
    after_title = lines[title_index + 1 :] if title_index >= 0 else lines
    points = extract_key_points(
        [line for line in after_title if line.strip() != (segment.heading or "")],
        lambda word: ctx.reader.bucket(word) is not None,
    )
    summary = summarize(
        lead=_lead(after_title, title),
        headline=title,
        call=Call(
            report_type=report_type,
            rating_raw=rating.raw if rating else None,
            rating=rating.bucket if rating else None,
            previous_rating_raw=previous_rating_raw,
            previous_rating=previous_rating,
            target=target.amount if target else None,
            previous_target=previous_target,
            currency=call.currency if call else None,
        ),
        first_point=points[0].text if points else None,
    )

    printed = printed_date(zone, ctx.sent_local) or ctx.mail_date
    published = publication_time(printed, ctx.sent_local)
    company_name = about.company.canonical if about.company else (about.theme or "Unknown")
    evidence = Evidence(
        company_method=about.company.method if about.company else ("theme" if about.theme else "none"),
        company_score=about.company.score if about.company else 1.0,
        rating_source=rating.source if rating else None,
        target_source=target.source if target else None,
        currency_guessed=bool(call and call.currency_guessed),
        date_source="printed" if printed else "header",
        title_source=title_source,
        type_defaulted=report_type == "general_update",
        key_points=len(points),
        company_report=about.kind == "company",
    )
    return ExtractedReport(
        archive_id=ctx.archive_id,
        user_id=ctx.user_id,
        broker=ctx.broker,
        company_canonical=company_name,
        company_raw=ctx.redact(about.company.raw) if about.company else None,
        report_type=report_type,
        title=ctx.redact(title),
        summary=ctx.redact(summary),
        key_points=[KeyPoint(ctx.redact(point.text), point.kind) for point in points],
        # the epoch only when the mail carries no date at all (no Date, no Received, no printed date)
        published_at=iso_with_offset(published) if published else UNDATED,
        confidence=confidence(evidence),
        duplicate_key=duplicate_key(
            user_id=ctx.user_id,
            broker=ctx.broker,
            company=company_name,
            report_type=report_type,
            title=title,
            day=published.date() if published else None,
            list_names=ctx.list_names,
        ),
        rating=rating.bucket if rating else None,
        rating_raw=rating.raw if rating else None,
        previous_rating=previous_rating,
        target_price=target.amount if target else None,
        previous_target_price=previous_target,
        currency=call.currency if call else None,
        ticker=about.company.ticker if about.company else None,
    )


def _names_broker(line: str, self_names: tuple[str, ...]) -> bool:
    """A banner or signature line: it names the sending house."""
    pattern = _self_name_pattern(self_names)
    return bool(pattern and pattern.search(line))


@lru_cache(maxsize=64)
def _self_name_pattern(self_names: tuple[str, ...]) -> re.Pattern[str] | None:
    names = sorted({name for name in self_names if len(name) >= 3}, key=len, reverse=True)
    if not names:
        return None
    return re.compile("|".join(rf"(?<!\w){re.escape(name)}(?!\w)" for name in names), re.IGNORECASE)


def _theme_words(zone: list[str]) -> tuple[str, ...]:
    """Sector and macro words of the heading lines: kicker vocabulary, never a headline on their own."""
    vocabulary = theme_vocabulary()
    words: list[str] = []
    for line in zone:
        for pattern in (vocabulary.sectors, vocabulary.macro_words):
            words.extend(pattern.findall(line))
    return tuple(words)
