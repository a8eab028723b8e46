"""Ratings as brokers write them: rating boxes, "We upgrade to BUY from HOLD", "Maintain Outperform".

Rating words double as ordinary English ("add", "hold", "reduce", "neutral", "in line"), so in
running text a word only counts inside a rating construction (upgrade/downgrade to, initiate
with, maintain/retain/reiterate, "X rating", "(previously X)"). In a rating box or a subject
segment the word stands alone and is read directly. The scale (word -> buy/hold/sell) comes
from the broker registry, so a house's own words are data, not code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

BUCKETS = ("buy", "hold", "sell")


@dataclass(frozen=True)
class RatingCall:
    raw: str
    bucket: str
    previous_raw: str | None = None
    previous_bucket: str | None = None
    source: str = "text"  # "box" | "subject" | "text"
    explicit_change: bool = False  # the text says upgrade/downgrade or names the old rating


def _word_pattern(word: str) -> str:
    # "equal-weight" also matches "Equal weight" and "Equalweight".
    parts = [re.escape(part) for part in re.split(r"[\s-]+", word.strip()) if part]
    return r"[\s-]?".join(parts)


class RatingReader:
    """Finds rating words of one scale in boxes, subjects and prose."""

    def __init__(self, scale: Mapping[str, str]) -> None:
        self._scale = {self._key(word): bucket for word, bucket in scale.items() if bucket in BUCKETS}
        words = sorted(self._scale, key=len, reverse=True)
        word = "(?:" + "|".join(_word_pattern(w) for w in words) + ")" if words else "(?!x)x"
        self._word = re.compile(rf"(?<![\w-])(?:{word})(?![\w-])", re.IGNORECASE)
        w, p = rf"(?P<w>{word})", rf"(?P<p>{word})"
        gap = r"(?:\s+[\w&'.,()/-]+){0,7}?"
        move = r"\b(?:upgrad|downgrad)(?:e|es|ed|ing)\b"
        article = r"(?:an?\s+)?"
        end = r"(?![\w-])"
        flags = re.IGNORECASE
        self._changes = (
            re.compile(rf"{move}{gap}\s+from\s+{article}{p}\s+to\s+{article}{w}{end}", flags),
            re.compile(rf"{move}{gap}\s+to\s+{article}{w}{end}(?:\s+(?:rating\s+)?from\s+{article}{p}{end})?", flags),
            re.compile(
                rf"(?<![\w-]){w}\s*[-–:]?\s*(?:\(\s*)?(?:upgrade|downgrade|rating change|change)?\s*\(?\s*"
                rf"(?:from|previously|prev\.?|earlier|was)\s*:?\s*{p}{end}",
                flags,
            ),
            re.compile(rf"\bto\s+{w}\s+from\s+{p}{end}", flags),
            re.compile(
                r"\b(?:rais|lift|cut|lower|mov|shift|chang|revis)(?:e|es|ed|ing|s)?\s+(?:our\s+|the\s+)?"
                rf"(?:rating|recommendation|reco|call|stance)\b(?:\s+on\s+[\w&'.-]+){{0,4}}?\s+to\s+{article}{w}{end}"
                rf"(?:\s+\(?from\s+{article}{p}{end})?",
                flags,
            ),
        )
        self._holds = (
            re.compile(
                rf"\b(?:initiat|resum)(?:e|es|ed|ing)\b(?:\s+[\w&'.()-]+){{0,7}}?\s+(?:with|at|on)\s+{article}{w}{end}",
                flags,
            ),
            re.compile(
                r"\b(?:maintain|retain|reiterat|keep|stay|remain|reaffirm|continu|rate)(?:s|ed|ing|e|es)?\s+"
                r"(?:to\s+rate\s+)?(?:our\s+|the\s+stock\s+(?:at\s+|as\s+)?|at\s+|on\s+|with\s+)?"
                rf"{article}{w}{end}",
                flags,
            ),
            re.compile(rf"(?:\bour|\ban?|\bthe)\s+{w}\s+(?:rating|call|recommendation|stance)\b", flags),
            re.compile(rf"\b(?:rating|rated|recommendation)\s*(?:of|:|at|as|is)?\s*{article}{w}{end}", flags),
        )

    @staticmethod
    def _key(word: str) -> str:
        return " ".join(word.lower().replace("-", " ").split())

    def bucket(self, word: str) -> str | None:
        """buy/hold/sell for a rating word of this scale ("Equal-weight" -> "hold"), else None."""
        key = self._key(word)
        return self._scale.get(key) or self._scale.get(key.replace(" ", ""))

    def _call(self, raw: str, previous: str | None, source: str, explicit: bool) -> RatingCall | None:
        bucket = self.bucket(raw)
        if bucket is None:
            return None
        previous_bucket = self.bucket(previous) if previous else None
        return RatingCall(
            raw=raw.strip(),
            bucket=bucket,
            previous_raw=previous.strip() if previous and previous_bucket else None,
            previous_bucket=previous_bucket,
            source=source,
            explicit_change=explicit,
        )

    def from_box_value(self, value: str) -> RatingCall | None:
        """The value cell of a rating box: "BUY", "REDUCE (previously ADD)", "HOLD - Downgrade (from Outperform)"."""
        for pattern in self._changes:
            match = pattern.search(value)
            if match and match.start() < 3:
                return self._call(match.group("w"), match.group("p"), "box", True)
        match = self._word.search(value)
        if match is None or match.start() > 3:
            return None
        return self._call(match.group(0), None, "box", bool(re.search(r"upgrade|downgrade", value, re.I)))

    def change_in_text(self, text: str) -> RatingCall | None:
        """An explicit rating move in prose: "We downgrade X to Hold from Outperform", "Upgrade to BUY".

        A move that names the earlier rating is preferred ("Downgrading to Sell (from Neutral)").
        """
        found: list[tuple[bool, int, RatingCall]] = []
        for pattern in self._changes:
            match = pattern.search(text)
            if match:
                call = self._call(match.group("w"), match.groupdict().get("p"), "text", True)
                if call is not None:
                    found.append((call.previous_raw is None, match.start(), call))
        if not found:
            return None
        with_previous = [item for item in found if not item[0]]
        # the earliest move, completed with the earlier rating when a pattern found it for the same word
        first = min(found, key=lambda item: item[1])[2]
        for _, _, call in with_previous:
            if call.bucket == first.bucket and first.previous_raw is None and call.raw.lower() == first.raw.lower():
                return call
        return first

    def held_in_text(self, text: str) -> RatingCall | None:
        """A rating stated in prose without a move: "initiate with a BUY", "retain ADD", "our ADD rating"."""
        best: tuple[int, RatingCall] | None = None
        for pattern in self._holds:
            match = pattern.search(text)
            if match:
                call = self._call(match.group("w"), None, "text", False)
                if call is not None and (best is None or match.start() < best[0]):
                    best = (match.start(), call)
        return best[1] if best else None

    def alone_on_a_line(self, text: str) -> RatingCall | None:
        """A rating printed on a line of its own under the company name ("SELL", "Outperform",
        "Buy / Medium Risk (1M)"): a rating box without its label."""
        for line in text.splitlines():
            # the line itself, or its last part after a dash ("ICICI Bank (ICBK.BO) - Overweight")
            for part in (line, re.split(r"\s[-–—]\s", line)[-1]):
                cleaned = re.sub(r"\([^)]*\)|\[|\]", " ", part).split(" / ")[0].strip(" .")
                if cleaned and len(cleaned) <= 30 and self.bucket(cleaned) is not None:
                    return self._call(cleaned, None, "box", False)
        return None

    def from_subject_segments(self, subject: str) -> RatingCall | None:
        """A rating standing alone between separators: "Trent (TRENT IN, SELL, TP ...)", "| BUY |"."""
        for segment in re.split(r"\s*(?:[|,;:()\[\]]|\s[-–]\s)\s*", subject):
            cleaned = segment.strip(" .")
            stay = re.match(r"^(?:stay|retain|maintain|reiterate|keep)\s+(.+)$", cleaned, re.I)
            if stay:
                cleaned = stay.group(1)
            if cleaned.islower() and " " in cleaned:
                continue  # "in line with estimates" is prose; the rating "In-Line" is written as a name
            if cleaned and self.bucket(cleaned) is not None and len(cleaned) <= 30:
                return self._call(cleaned, None, "subject", False)
        return None

    def words_in(self, text: str) -> list[str]:
        """Every rating word of the scale in the text (used to spot rating-scale definitions)."""
        return [match.group(0) for match in self._word.finditer(text)]


@cache
def _reader_for(items: tuple[tuple[str, str], ...]) -> RatingReader:
    return RatingReader(dict(items))


def rating_reader(scale: Mapping[str, str]) -> RatingReader:
    """A cached reader for a scale (readers compile their patterns once)."""
    return _reader_for(tuple(sorted(scale.items())))
