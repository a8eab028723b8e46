"""snapshot -> reports: the pure, deterministic extraction entry point (no database, no network)."""

from __future__ import annotations

import re
from functools import lru_cache

from backend.archive.snapshot import Snapshot
from backend.extraction.bounds import MAX_REPORTS_PER_MESSAGE, bounded_snapshot
from backend.extraction.call_table import listed_calls
from backend.extraction.companies import CompanyResolver
from backend.extraction.dates import iso_with_offset, parse_iso, publication_time, zone_for
from backend.extraction.documents import SourceDocument, source_document
from backend.extraction.models import ExtractedReport, ExtractionResult
from backend.extraction.ratings import RatingReader, rating_reader
from backend.extraction.redaction import Redactor, recipient_names
from backend.extraction.report_builder import MailContext, build_report, printed_date
from backend.extraction.research_filter import assess
from backend.extraction.segmentation import split_items
from backend.extraction.text_cleanup import cut_boilerplate, normalize_lines
from backend.extraction.titles import strip_subject_tags
from backend.reference.brokers import DEFAULT_RATING_SCALE, Broker, BrokerRegistry, default_registry
from backend.reference.companies import CompanyMaster, default_master


def extract(snapshot: Snapshot) -> ExtractionResult:
    """Every research report in one archived message. Never raises on odd text."""
    try:
        return extract_with(snapshot, default_registry(), default_master())
    except Exception as error:  # an extraction bug must not stop a run over thousands of mails
        return ExtractionResult(
            is_research=False,
            broker=None,
            published_at=None,
            reports=[],
            reasons=[f"internal_error: {type(error).__name__}: {error}"],
        )


def _broker_for(snapshot: Snapshot, document: SourceDocument, registry: BrokerRegistry) -> Broker | None:
    sender = document.sender
    broker = registry.match_sender(sender.address, sender.name) if sender else None
    if broker is None and document.via != "message" and snapshot.from_ is not None:
        broker = registry.match_sender(snapshot.from_.address, snapshot.from_.name)
    if broker is None:
        broker = registry.find_in_text(document.text)
    return broker


@lru_cache(maxsize=256)
def _reader_for(broker: Broker | None) -> RatingReader:
    """The broker's rating words over the default scale, without its sector stances ("Neutral" views)."""
    scale = dict(DEFAULT_RATING_SCALE)
    if broker is not None:
        scale.update(broker.rating_scale)
        for view in broker.sector_views:
            if view.lower() not in broker.rating_scale:
                scale.pop(view.lower(), None)
    return rating_reader(scale)


@lru_cache(maxsize=256)
def _resolver_for(master: CompanyMaster, self_names: tuple[str, ...]) -> CompanyResolver:
    return CompanyResolver(master, self_names)


def _fallback_broker_name(document: SourceDocument) -> str:
    sender = document.sender
    if sender and sender.name:
        return re.sub(r"\s+(?:research|equity research|research desk)$", "", sender.name, flags=re.IGNORECASE)
    if sender and "@" in sender.address:
        return sender.address.rpartition("@")[2]
    return "Unknown"


def extract_with(snapshot: Snapshot, registry: BrokerRegistry, master: CompanyMaster) -> ExtractionResult:
    snapshot = bounded_snapshot(snapshot)  # hostile sizes cut before any rule reads the text
    document = source_document(snapshot)
    broker = _broker_for(snapshot, document, registry)
    all_lines = normalize_lines(document.text)
    lines = cut_boilerplate(all_lines)
    subject = strip_subject_tags(document.subject)
    sender = f"{document.sender.name} {document.sender.address}" if document.sender else ""
    verdict = assess(subject, "\n".join(lines), "\n".join(all_lines), sender, known_broker=broker is not None)
    reasons = list(verdict.reasons)
    if not verdict.is_research:
        return ExtractionResult(is_research=False, broker=None, published_at=None, reports=[], reasons=reasons)

    broker_name = broker.name if broker else _fallback_broker_name(document)
    self_names = (broker.name, *broker.aliases) if broker else (broker_name,)
    # A banner often carries just the house's first word ("InCred | Institutional Equities").
    first_word = broker_name.split()[0] if broker_name.split() else ""
    banner_names = self_names + ((first_word,) if len(first_word) >= 4 and first_word not in self_names else ())
    resolver = _resolver_for(master, tuple(self_names))
    # a mail without a usable Date header is dated by its arrival
    sent = parse_iso(document.date_utc) or parse_iso(snapshot.received_at)
    zone = zone_for(broker.timezone if broker else None, document.utc_offset_minutes)
    sent_local = sent.astimezone(zone) if sent else None
    segments = split_items(lines, subject, resolver.mentions)
    # a digest's summary table sits above its first item
    preamble = lines[: lines.index(segments[0].lines[0])] if segments[0].heading is not None else []
    to_names = [a.name for a in snapshot.to] + ([a.name for a in snapshot.forwarded.to] if snapshot.forwarded else [])
    redactor = Redactor(recipient_names(to_names, [snapshot.text_body, document.text]))
    context = MailContext(
        archive_id=snapshot.archive_id,
        user_id=snapshot.user_id,
        broker=broker_name,
        broker_country=broker.country if broker else None,
        self_names=tuple(banner_names),
        list_names=broker.list_names if broker else (),
        subject=subject,
        single_report=len(segments) == 1 and segments[0].heading is None,
        mail_date=printed_date(lines, sent_local),
        sent_local=sent_local,
        reader=_reader_for(broker),
        resolver=resolver,
        redact=redactor,
        listed_calls=listed_calls(preamble, resolver.mentions),
    )
    if len(segments) > MAX_REPORTS_PER_MESSAGE:
        reasons.append(f"too_many_reports: {len(segments)} segments, the first {MAX_REPORTS_PER_MESSAGE} kept")
    kept = segments[:MAX_REPORTS_PER_MESSAGE]
    reports: list[ExtractedReport] = [build_report(segment, context) for segment in kept]
    reasons.append(f"{len(reports)} report(s) from {len(segments)} segment(s)")
    published = publication_time(context.mail_date, sent_local)
    return ExtractionResult(
        is_research=bool(reports),
        broker=broker_name if reports else None,
        published_at=reports[0].published_at if reports else (iso_with_offset(published) if published else None),
        reports=reports,
        reasons=reasons,
    )
