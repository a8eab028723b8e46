"""The call of a company note: rating (with the earlier rating when it moved) and target price
(with the earlier target when it moved), read from the rating box first, then the heading, then
the prose. Only numbers printed in the note are returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from backend.extraction.fields import Field, first_of
from backend.extraction.numbers import Money, find_money, first_number, parse_number
from backend.extraction.ratings import RatingCall, RatingReader

_TARGET_WORD = (
    r"(?:12[- ]?m(?:onth)?\s+)?(?:target\s+price|price\s+target|price\s+objective|target|tp|pt|po|fair\s+value|fv)"
)


_FROM = re.compile(r"\s*[↑↓▲▼]?\s*(?:from|vs\.?|was|earlier)\s*:?\s*", re.IGNORECASE)
_ARROW = re.compile(r"\s*(?:->|→|▸|►|⇒|=>|to)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class TargetCall:
    amount: float
    currency: str | None
    previous: float | None
    source: str  # "box" | "subject" | "text"


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    flags = re.IGNORECASE
    return {
        "after_word": re.compile(rf"\b{_TARGET_WORD}\b(?![\w-])(?P<gap>[^.;\n]{{0,45}}?)$", flags),
        "before_word": re.compile(rf"^\s?(?:-?based\s+|\s)?(?:12[- ]?m(?:onth)?\s+)?{_TARGET_WORD}\b", flags),
        "not_target": re.compile(r"\b(?:multiple|p/e|ev/ebitda|margin|growth|volume|units|revenue|capacity)\b", flags),
        "previous_after": re.compile(
            r"^\s*(?:\(\s*|,\s*|;\s*)?(?:from|earlier|vs\.?|versus|previously|prev\.?|was|old)\s*:?\s*$", flags
        ),
        "previous_word_after": re.compile(r"^\s*earlier\b", flags),
        "from_to": re.compile(r"\bfrom\s*$", flags),
    }


def _previous_from_cell(value: str) -> float | None:
    match = re.search(
        r"\((?:(?:raised|cut|lowered|revised|up|down)\s+from|earlier|from|prev(?:ious(?:ly)?)?\.?|prior|was|old)"
        r"\s*:?\s*(?:[A-Za-z₹$.]{0,4}\s?)([\d,]+(?:\.\d+)?)\)|"
        r"\(([A-Za-z₹$.]{0,4}\s?[\d,]+(?:\.\d+)?)\s+(?:earlier|prev\.?|previously|before)\)",
        value,
        re.IGNORECASE,
    )
    if match is None:
        return None
    raw = match.group(1) or re.sub(r"^[A-Za-z₹$.\s]+", "", match.group(2))
    return parse_number(raw)


def target_from_fields(fields: list[Field]) -> TargetCall | None:
    field = first_of(fields, "target")
    if field is None:
        return None
    found = find_money(field.value)
    money = [m for m in found if m.is_share_price]
    lakh = [m for m in found if m.unit == "lakh" and m.per is None]
    if not money and lakh:  # "TP ₹1.62 lakh"
        return TargetCall(lakh[0].value, lakh[0].currency or field.label_currency, None, "box")
    between = field.value[money[0].end : money[1].start] if len(money) > 1 else None
    if between is not None and _ARROW.fullmatch(between):
        # "Rs 1,980 -> Rs 1,610": the earlier target, then the new one
        return TargetCall(money[1].amount, money[1].currency or field.label_currency, money[0].amount, "box")
    if money:
        amount, currency = money[0].amount, money[0].currency or field.label_currency
    else:
        number = first_number(field.value)
        if number is None:
            return None
        amount, currency = number, field.label_currency
    previous = _previous_from_cell(field.value)  # not money[1]: "INR1,520/US$17.30 (INR1,480 prev.)"
    if previous is None and between is not None and _FROM.fullmatch(between):
        previous = money[1].amount  # "Rs610.00 ↑ from Rs520.00"
    if previous is None:
        previous_field = first_of(fields, "previous_target")
        if previous_field is not None:
            previous = first_number(previous_field.value)
    return TargetCall(amount=amount, currency=currency, previous=previous, source="box")


def _previous_near(text: str, current: Money, monies: list[Money]) -> float | None:
    following = [m for m in monies if m.start >= current.end and m.start - current.end <= 14 and m.is_share_price]
    if following:
        between = text[current.end : following[0].start]
        if _patterns()["previous_after"].match(between):
            return following[0].amount
    earlier = [m for m in monies if m.end <= current.start and current.start - m.end <= 6 and m.is_share_price]
    if earlier and re.fullmatch(r"\s*to\s*", text[earlier[-1].end : current.start], re.IGNORECASE):
        before = text[max(0, earlier[-1].start - 8) : earlier[-1].start]
        if _patterns()["from_to"].search(before):
            return earlier[-1].amount
    after = text[current.end : current.end + 30]
    cell = re.match(r"\s*\(([^)]*)\)", after)
    if cell:
        return _previous_from_cell(f"({cell.group(1)})")
    return None


def target_from_text(text: str, source: str = "text") -> TargetCall | None:
    """The first target price stated in prose: "TP raised to Rs2,450 (from Rs2,200)", "Our $150 PT"."""
    monies = find_money(text)
    patterns = _patterns()
    for money in monies:
        if not money.is_share_price:
            continue
        before = text[max(0, money.start - 60) : money.start]
        after = text[money.end : money.end + 25]
        word_before = patterns["after_word"].search(before)
        if word_before and patterns["not_target"].search(word_before.group("gap")):
            word_before = None
        if word_before is None and not patterns["before_word"].match(after):
            continue
        if word_before is not None and patterns["from_to"].search(word_before.group("gap")):
            # "raise our TP from Rs 690 to Rs 760": the amount after "to" is the new target
            later = [m for m in monies if m.start >= money.end and m.start - money.end <= 6 and m.is_share_price]
            if later and re.fullmatch(r"\s*to\s*", text[money.end : later[0].start], re.IGNORECASE):
                return TargetCall(later[0].amount, later[0].currency or money.currency, money.amount, source)
        previous = _previous_near(text, money, monies)
        return TargetCall(amount=money.amount, currency=money.currency, previous=previous, source=source)
    return None


def rating_from_sources(
    reader: RatingReader,
    fields: list[Field],
    heading: str,
    subject_for_segments: str | None,
    body: str,
) -> RatingCall | None:
    """The current rating (and the earlier one when it moved), box first, then heading, then prose."""
    box = next(
        (call for field in fields if field.kind == "rating" and (call := reader.from_box_value(field.value))), None
    )
    heading_change = reader.change_in_text(heading)
    body_change = reader.change_in_text(body)
    with_previous = [c for c in (heading_change, body_change) if c is not None and c.previous_raw]
    change = with_previous[0] if with_previous else heading_change or body_change
    current = box or reader.alone_on_a_line(heading)
    if current is None and subject_for_segments:
        current = reader.from_subject_segments(subject_for_segments)
    if current is None:
        current = change or reader.held_in_text(heading) or reader.held_in_text(body)
    if current is None:
        return None
    previous_raw, previous_bucket = current.previous_raw, current.previous_bucket
    if previous_raw is None:
        previous_field = first_of(fields, "previous_rating")
        if previous_field is not None:
            found = reader.from_box_value(previous_field.value)
            if found is not None:
                previous_raw, previous_bucket = found.raw, found.bucket
    if previous_raw is None and change is not None and change.previous_raw and change.bucket == current.bucket:
        previous_raw, previous_bucket = change.previous_raw, change.previous_bucket
    if previous_raw is not None and _same_word(previous_raw, current.raw):
        previous_raw, previous_bucket = None, None
    return RatingCall(
        raw=current.raw,
        bucket=current.bucket,
        previous_raw=previous_raw,
        previous_bucket=previous_bucket,
        source=current.source,
        explicit_change=current.explicit_change or change is not None,
    )


def _same_word(left: str, right: str) -> bool:
    return re.sub(r"[\s-]+", "", left.lower()) == re.sub(r"[\s-]+", "", right.lower())
