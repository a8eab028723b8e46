"""A one- or two-sentence summary that says what changed and why.

The note's own lead sentence is preferred (it is the analyst's summary, in the analyst's words);
when it does not state the call (initiation, upgrade, target move), a short call sentence comes
first and the lead or the first key point says why. Every figure comes from the note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from backend.extraction.numbers import format_amount

MAX_SUMMARY_CHARS = 300
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_BUCKET_ORDER = {"sell": 0, "hold": 1, "buy": 2}


@dataclass(frozen=True)
class Call:
    report_type: str
    rating_raw: str | None
    rating: str | None
    previous_rating_raw: str | None
    previous_rating: str | None
    target: float | None
    previous_target: float | None
    currency: str | None


def _money(currency: str | None, amount: float | None) -> str:
    if amount is None:
        return ""
    return f"{currency} {format_amount(amount)}" if currency else format_amount(amount)


def _target_clause(call: Call) -> str:
    if call.target is None:
        return ""
    if call.previous_target is not None and call.previous_target != call.target:
        verb = "raised" if call.target > call.previous_target else "cut"
        return (
            f"target price {verb} to {_money(call.currency, call.target)} "
            f"from {_money(call.currency, call.previous_target)}"
        )
    return f"target price {_money(call.currency, call.target)}"


def call_sentence(call: Call) -> str:
    """The call in a few words: "Downgraded to NEUTRAL from BUY; target price cut to INR 2,450 from INR 2,900."."""
    target = _target_clause(call)
    rating = call.rating_raw
    if call.report_type == "initiation" and rating:
        text = f"Coverage initiated at {rating}" + (f" with a {target}" if target else "")
    elif call.report_type == "rating_change" and rating:
        move = "Rating changed"
        if call.rating and call.previous_rating and call.rating != call.previous_rating:
            move = "Upgraded" if _BUCKET_ORDER[call.rating] > _BUCKET_ORDER[call.previous_rating] else "Downgraded"
        text = f"{move} to {rating}" + (f" from {call.previous_rating_raw}" if call.previous_rating_raw else "")
        text += f"; {target}" if target else ""
    elif rating:
        text = f"Rating {rating}" + (f"; {target}" if target else "")
    elif target:
        text = target[0].upper() + target[1:]
    else:
        return ""
    return text + "."


def _first_sentences(text: str, limit: int = MAX_SUMMARY_CHARS) -> str:
    sentences = _SENTENCE_BREAK.split(text.strip())
    out = ""
    for sentence in sentences[:2]:
        if out and len(out) + 1 + len(sentence) > limit:
            break
        out = f"{out} {sentence}".strip()
    if len(out) > limit:
        out = out[: limit - 1].rsplit(" ", 1)[0] + "…"
    return out


def _states_call(text: str, call: Call) -> bool:
    lowered = text.lower()
    if call.rating_raw and call.rating_raw.lower() in lowered:
        return True
    return call.target is not None and format_amount(call.target) in text


def _sentence_case(text: str) -> str:
    # "gRevlimid exclusivity extended" keeps its brand casing; only a plain lower-case word is capitalized.
    first = text.split(" ", 1)[0]
    if first.islower():
        return text[0].upper() + text[1:]
    return text


def summarize(*, lead: str | None, headline: str | None, call: Call, first_point: str | None = None) -> str:
    """At most MAX_SUMMARY_CHARS: what changed, then why, in the note's own words where it has them.

    A lead that states the call is the summary. Otherwise the call comes first and the lead (or,
    without one, the first key point) gives the why; when neither fits, the headline does. Sector
    and macro notes have no call: their headline is followed by the lead or the first point.
    """
    call_text = call_sentence(call)
    if lead and (not call_text or _states_call(lead, call)):
        return _first_sentences(lead)
    headline_text = (headline or "").strip().rstrip(".")
    why = _sentence_case(headline_text) + "." if headline_text else ""
    if not call_text:
        reason = _first_sentences(first_point or "", limit=MAX_SUMMARY_CHARS // 2)
        return f"{why} {reason}".strip()
    room = MAX_SUMMARY_CHARS - len(call_text) - 1
    for reason_source in (lead, first_point):
        reason = _whole_sentences(reason_source or "", room)
        if reason:
            return f"{call_text} {_sentence_case(reason)}"
    return f"{why} {call_text}".strip() if len(why) + len(call_text) < MAX_SUMMARY_CHARS else call_text


def _whole_sentences(text: str, limit: int) -> str:
    """The leading sentences of `text` that fit in `limit` characters, never a cut sentence."""
    out = ""
    for sentence in _SENTENCE_BREAK.split(text.strip()):
        candidate = f"{out} {sentence}".strip()
        if len(candidate) > limit:
            break
        out = candidate
    if out and not out.endswith((".", "!", "?")):
        out += "."
    return out
