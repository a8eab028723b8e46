"""From a mail body to clean lines: bullets marked, hard-wrapped paragraphs rejoined, and the
furniture of a research mailer (disclaimers, analyst contact blocks, addresses, links,
unsubscribe footers, re-send notices) removed.

Plain-text parts are hard-wrapped by the sending tool (usually at 72-78 columns). A greedy
wrapper only breaks a line when the next word would not fit, so a line break is a soft wrap
exactly when the previous line plus the next word exceeds the wrap width; that test rejoins
paragraphs without gluing headlines, kicker lines or table rows together.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import accumulate

from backend.extraction.bounds import MAX_LINE_CHARS, split_long_line

BULLET = "• "
# Plain-text mailers wrap somewhere in this range (72-78 is the usual).
MIN_WRAP_WIDTH = 40
MAX_WRAP_WIDTH = 100

_BULLET_MARK = re.compile(r"^\s*(?:[•·▪■◦●○►➢✓✔➤▸*>\-–—]|o(?=\s))\s+(?=\S)")
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+(?=\S)")
_RULE = re.compile(r"^\s*[-=_~*+#.|]{4,}\s*$")
_ASCII_TABLE = re.compile(r"^\s*\S.*\s\|\s.*\|")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\+\d{1,3}[\s-]?\(?\d{1,4}\)?(?:[\s-]?\d{2,5}){2,4})|(?:\b0\d{2,4}[\s-]\d{3,4}[\s-]?\d{4}\b)")
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)


@cache
def _disclaimer_start() -> re.Pattern[str]:
    starts = [
        r"analyst\s+(?:certification|declaration|disclosures?)",
        r"(?:general\s+|important\s+|legal\s+)?disclaimers?\b",
        r"important\s+(?:disclosures?|information|notice)",
        r"disclosures?\s*(?::|$|appendix)",
        r"(?:stock\s+)?(?:ratings?|recommendations?)\s+(?:definitions|scale|system|interpretation|distribution|key|"
        r"methodology|guide|rationale|and\s+other\s+definitions)",
        r"(?:explanation|definitions?|meaning)\s+of\s+(?:the\s+)?ratings",
        r"key\s+to\s+(?:investment\s+)?ratings",
        r"this\s+(?:report|document|research|e-?mail|message|communication|material|publication|note)"
        r"\s*,?\s+(?:has\s+been|is\s+(?:not|for|intended|confidential|being)|was|including|may|contains|does)",
        r"investments?\s+in\s+securities\s+markets?\s+(?:are|is)",
        r"registration\s+granted\s+by\s+sebi",
        r"for\s+u\.?\s?s\.?\s+(?:persons|investors|recipients)",
        r"(?=.*\b(?:sebi|finra|sipc|monetary\s+authority|securities\s+and\s+exchange|financial\s+conduct|"
        r"futures\s+commission|stock\s+exchange)\b)(?:[\w&.,()'-]+\s+){1,12}(?:is|are)\s+"
        r"(?:registered|regulated|a\s+member|authori[sz]ed)",
        r"sebi\s+(?:research\s+analyst\s+)?reg(?:istration|n|d)?\.?\s*no",
        r"past\s+performance\s+is\s+not",
        r"confidentiality\s+(?:notice|note)",
        r"copyright\s*(?:\(c\)|©)?\s*\d{4}",
        r"©\s*\d{4}",
        r"all\s+rights\s+reserved",
        r"to\s+(?:unsubscribe|stop\s+receiving|manage\s+your)",
        r"you\s+are\s+receiving\s+this",
        r"if\s+you\s+(?:do\s+not|no\s+longer)\s+wish\s+to\s+receive",
    ]
    return re.compile(r"^\s*(?:" + "|".join(starts) + ")", re.IGNORECASE)


@cache
def _furniture_line() -> re.Pattern[str]:
    parts = [
        r"view\s+(?:this\s+)?(?:e-?mail|it|online|in\s+(?:your\s+)?browser)",
        r"click\s+here",
        r"(?:read|download|access|view|open)\s+(?:the\s+)?(?:full|detailed|complete|entire)?\s*(?:report|note|pdf)\b",
        r"(?:full|detailed)\s+report\s*(?:\(pdf\))?\s*(?::|$)",
        r"unsubscribe",
        r"manage\s+(?:your\s+)?(?:preferences|subscriptions?)",
        r"update\s+(?:your\s+)?preferences",
        r"sent\s+from\s+my\s+\w+",
        r"cin\s*:\s*[lu]\d",
        r"(?:https?://|www\.)\S+\s*$",
    ]
    return re.compile(r"^\s*(?:" + "|".join(parts) + ")", re.IGNORECASE)


@cache
def _copy_notice() -> re.Pattern[str]:
    parts = [
        r"revised\s+(?:version|edition)",
        r"re-?sending\b",
        r"text[- ]only\s+version",
        r"(?:plain[- ])?text\s+version\s+of",
        r"this\s+is\s+(?:a|the)\s+(?:revised|corrected|re-?sent|text|plain)",
        r"please\s+ignore\s+(?:if|the\s+(?:earlier|previous))",
        r"correction\s*:",
        r"apologies\s+for",
        r"(?:re-?)?sent\s+again\b",
    ]
    return re.compile(r"^\s*(?:" + "|".join(parts) + ")", re.IGNORECASE)


_ADDRESS = re.compile(
    r"\b(?:mumbai|new\s+delhi|delhi|bengaluru|bangalore|chennai|kolkata|hyderabad|gurugram|gurgaon|pune|"
    r"ahmedabad|noida)\b[\s,-]*\d{3}\s?\d{3}\b|\b(?:cin|gstin)\s*[:.]\s*[A-Z0-9]{10,}|"
    r"\bsingapore\s+\d{6}\b|\b(?:NY|CA|MA|IL|TX|NJ|CT)\s+\d{5}\b|\bhong\s+kong\b.*\b(?:road|street|tower|centre)\b|"
    r"\blondon\s+[A-Z]{1,2}\d{1,2}[A-Z]?\s\d[A-Z]{2}\b|\btokyo\s+\d{3}-\d{4}\b",
    re.IGNORECASE,
)


def is_bullet(line: str) -> bool:
    return line.startswith(BULLET)


def is_rule(line: str) -> bool:
    return bool(_RULE.match(line))


_CELL_SPLIT = re.compile(r"\s\|\s|\t+|\|")
_LABELLED_CELL = re.compile(r"^[A-Za-z0-9][\w ()/.&-]{0,30}:\s*\S")


@lru_cache(maxsize=8192)
def is_table_row(line: str) -> bool:
    """A row of an ASCII or converted HTML table (three or more cells, not "Label: value" pairs)."""
    if ("|" not in line and "\t" not in line) or line.startswith(BULLET):
        return False
    cells = [cell.strip() for cell in _CELL_SPLIT.split(line) if cell.strip()]
    if len(cells) < 3 and not _ASCII_TABLE.match(line):
        return False
    labelled = sum(bool(_LABELLED_CELL.match(cell)) for cell in cells)
    return labelled < max(1, len(cells) // 2)


def has_contact(line: str) -> bool:
    return bool(_EMAIL.search(line) or _PHONE.search(line))


def mark_bullets(lines: list[str]) -> list[str]:
    """Every bullet style ("-", "*", "•", "·", "o", ">", numbered sentences) becomes "• "."""
    marked = []
    for line in lines:
        match = _BULLET_MARK.match(line)
        if match and not is_rule(line):
            marked.append(BULLET + line[match.end() :].strip())
            continue
        numbered = _NUMBERED.match(line)
        if numbered and (re.search(r"[.;]\s*$", line) or len(line.split()) >= 10):
            marked.append(BULLET + line[numbered.end() :].strip())
            continue
        marked.append(line)
    return marked


def _continued(lines: list[str], index: int) -> bool:
    """The line is followed by more text of the same block (what a soft-wrapped line always is)."""
    following = lines[index + 1] if index + 1 < len(lines) else ""
    return bool(following.strip()) and not _BULLET_MARK.match(following) and not is_rule(following)


def _wrap_width(lines: list[str]) -> int | None:
    lengths = [
        len(line)
        for index, line in enumerate(lines)
        if len(line.strip()) >= 20
        and " " in line.strip()
        and _continued(lines, index)
        and not is_table_row(line)
        and not _URL.search(line)
    ]
    if len(lengths) < 4:
        return None
    # at_most[w]: how many lines are at most w characters long (w up to 200)
    histogram = [0] * 202
    for length in lengths:
        histogram[min(length, 201)] += 1
    at_most = list(accumulate(histogram))
    best_width, best_score = 0, -1
    for width in range(MIN_WRAP_WIDTH, MAX_WRAP_WIDTH + 1):
        fitting = at_most[width] - at_most[width - 20]
        over = len(lengths) - at_most[width]
        score = fitting - 2 * over
        if score > best_score:
            best_width, best_score = width, score
    fitting_lengths = [length for length in lengths if best_width - 20 < length <= best_width]
    over = sum(length > best_width for length in lengths)
    if len(fitting_lengths) < 4 or over > 0.25 * len(lengths):
        return None
    return max(fitting_lengths)


def _joinable(previous: str, line: str, width: int) -> bool:
    if not previous.strip() or not line.strip():
        return False
    if _BULLET_MARK.match(line) or _NUMBERED.match(line) or is_rule(line) or is_rule(previous):
        return False
    if is_table_row(line) or is_table_row(previous) or len(previous) > width:
        return False
    first_word = line.strip().split(" ", 1)[0]
    return len(previous.rstrip()) + 1 + len(first_word) > width


def unwrap(lines: list[str]) -> list[str]:
    """Rejoin paragraphs and bullet items that a plain-text mailer hard-wrapped."""
    width = _wrap_width(lines)
    if width is None:
        return list(lines)
    out: list[str] = []
    last_physical = ""
    for line in lines:
        fits = bool(out) and len(out[-1]) + len(line) < MAX_LINE_CHARS
        if fits and _joinable(last_physical, line, width):
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
        last_physical = line
    return out


def _squeeze(line: str) -> str:
    if is_table_row(line):
        return line.strip()
    return re.sub(r"[ \t]{2,}", " ", line.strip()) if "|" not in line else re.sub(r" {2,}", " ", line.strip())


def normalize_lines(text: str) -> list[str]:
    """Body text -> lines with bullets marked, soft wraps rejoined and spaces squeezed."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").split("\n")
    raw = [piece for line in raw for piece in split_long_line(line.rstrip())]
    joined = unwrap(raw)
    return [_squeeze(line) for line in mark_bullets(joined)]


def _has_content_before(lines: list[str], index: int) -> bool:
    return any(is_bullet(line) or len(line.split()) >= 10 for line in lines[:index])


def cut_boilerplate(lines: list[str]) -> list[str]:
    """Drop the disclaimer tail, analyst contact blocks, addresses, links and re-send notices."""
    start_pattern = _disclaimer_start()
    for index, line in enumerate(lines):
        if start_pattern.match(line) and _has_content_before(lines, index):
            lines = lines[:index]
            break
    kept = _drop_contact_blocks(lines)
    furniture = _furniture_line()
    notice = _copy_notice()
    cleaned = []
    for line in kept:
        body = line[len(BULLET) :] if is_bullet(line) else line
        if furniture.match(body) or notice.match(body) or _ADDRESS.search(body):
            continue
        if _URL.search(body) and len(_URL.sub("", body).split()) <= 6:
            continue
        cleaned.append(line)
    return _squash_blanks(cleaned)


def _drop_contact_blocks(lines: list[str]) -> list[str]:
    """A run of short lines holding an e-mail address or phone number is a contact block."""
    drop = [False] * len(lines)
    index = 0
    while index < len(lines):
        if not lines[index].strip():
            index += 1
            continue
        end = index
        while end < len(lines) and lines[end].strip():
            end += 1
        block = lines[index:end]
        if any(has_contact(line) for line in block) and all(len(line.split()) <= 18 for line in block):
            for position in range(index, end):
                drop[position] = True
            # the heading just above ("Analysts", "Research team") belongs to the block
            heading = index - 1
            while heading >= 0 and not lines[heading].strip():
                heading -= 1
            short_heading = heading >= 0 and len(lines[heading].split()) <= 3 and not is_bullet(lines[heading])
            if short_heading and re.search(r"analyst|research|team|contact|author|contributor", lines[heading], re.I):
                drop[heading] = True
        index = end
    return [line for line, dropped in zip(lines, drop, strict=True) if not dropped]


def _squash_blanks(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return out


def clean_lines(text: str) -> list[str]:
    """The readable content of a research mail body, one paragraph, bullet or table row per line."""
    return cut_boilerplate(normalize_lines(text))
