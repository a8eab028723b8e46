"""Rating boxes: the labelled fields at the head of a note ("Rating: BUY | CMP: INR1,886 | TP: INR2,200").

Houses print them three ways, all read here: one line of "Label: value" pairs split by "|" or
tabs; one pair per line with aligned values ("Fair Value (Rs): 2,100 (earlier 2,000)"); or a
two-row table whose first row holds the labels and the second the values (how HTML boxes come
out of the archive's HTML conversion, cells joined by " | ").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from backend.extraction.numbers import currency_code

FIELD_KINDS = ("rating", "previous_rating", "target", "previous_target", "price", "upside", "view")


@dataclass(frozen=True)
class Field:
    label: str
    value: str
    kind: str | None  # one of FIELD_KINDS, None for other labels
    label_currency: str | None  # "INR" for "Fair Value (Rs)"
    line: int  # index of the line holding the value


@cache
def _label_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    target_words = r"(?:target(?:\s+price)?|price\s+target|price\s+objective|tp|pt|po|fair\s+value|fv|tgt)"
    table = (
        (
            "previous_rating",
            r"(?:previous|prior|old|earlier|last)\s+(?:rating|recommendation|reco)|"
            r"(?:rating|reco)\s+(?:old|previous|prior)",
        ),
        (
            "rating",
            r"(?:stock\s+|investment\s+|current\s+|new\s+|our\s+)?(?:rating|recommendation|reco|call)(?:\s+new)?",
        ),
        (
            "previous_target",
            rf"(?:previous|prior|old|earlier|last)\s+{target_words}|(?:tp|pt|target)\s+(?:old|previous|prior)",
        ),
        (
            "target",
            rf"(?:12[- ]?m(?:onth)?\s+|new\s+|revised\s+)?{target_words}(?:\s+12\s*m(?:onths?)?|\s+12-month)?",
        ),
        (
            "price",
            r"(?:cmp|price|current\s+(?:market\s+)?price|closing\s+price|last\s+(?:price|close)|ltp|market\s+price|"
            r"share\s+price|price\s+close|close)",
        ),
        ("upside", r"(?:upside|downside|up/downside(?:\s+to\s+pt)?|potential\s+upside|return|upside/downside)"),
        ("view", r"(?:sector|industry|coverage)\s+(?:view|stance|rating)"),
    )
    return tuple((kind, re.compile(rf"^(?:{pattern})$")) for kind, pattern in table)


@lru_cache(maxsize=4096)
def classify_label(label: str) -> tuple[str | None, str | None]:
    """(field kind, currency named in the label) for a box label such as "Fair Value (Rs)"."""
    lowered = label.strip().lower()
    currency: str | None = None
    for inner in re.findall(r"\(([^)]*)\)", lowered):
        code = currency_code(inner)
        if code:
            currency = code
    core = re.sub(r"\([^)]*\)", " ", lowered)
    core = re.sub(r"[^a-z0-9/ -]", " ", core)
    core = re.sub(r"\s+", " ", core).strip()
    for kind, pattern in _label_patterns():
        if pattern.match(core):
            return kind, currency
    return None, currency


_MAY_HOLD_FIELDS = re.compile(r"[:|\t]")
_CELL_SPLIT = re.compile(r"\s*\|\s*|\t+")
_PAIR = re.compile(r"^(?P<label>[A-Za-z0-9][\w .()/&%'’$₹€£-]{0,40}?)\s*:\s*(?P<value>\S.*)$")


def split_cells(line: str) -> list[str]:
    """The non-empty cells of a "|"- or tab-separated line."""
    return [cell.strip() for cell in _CELL_SPLIT.split(line.strip()) if cell.strip()]


# the currency words a box writes before an amount
_CURRENCY = r"(?:rs\.?|re\.?|inr|us\$|usd|\$|₹)"
# "TP INR5,200": a target or price label written without a colon before its amount
_LABEL_THEN_AMOUNT = re.compile(
    rf"^(?P<label>[A-Za-z][A-Za-z .()/-]{{0,25}}?)\s*(?P<value>{_CURRENCY}\s?\d[\d,.]*.*)$", re.IGNORECASE
)
# an unlabelled rating cell: "REDUCE", "HIGH-CONVICTION OUTPERFORM", "ADD (from REDUCE)"
_BARE_RATING = re.compile(r"^[A-Za-z][A-Za-z -]{0,30}(?:\s*\([A-Za-z :-]{1,30}\))?$")
_AMOUNT_KINDS = ("target", "previous_target", "price")


def _fits_kind(kind: str, value: str) -> bool:
    """Whether an unlabelled cell can be the value of the label cell before it ("Stock Rating |
    Overweight", "Price Target | Rs1,690"); a table's next heading ("Close | Chg (%)") cannot."""
    if _PAIR.match(value) or classify_label(value)[0] is not None:
        return False
    if kind in ("rating", "previous_rating"):
        return bool(_BARE_RATING.match(value))
    return bool(re.search(r"\d", value))


def _split_pairs(cell: str) -> list[str]:
    """One cell holding several "Label: value" pairs, split before each known label:
    "Rating: BUY Target Price: Rs 960 CMP: Rs 805" (an HTML box flattened without separators)."""
    colons = [match.start() for match in re.finditer(r":\s", cell)]
    if len(colons) < 2:
        return [cell]
    starts = [0]
    for colon in colons[1:]:
        words = cell[starts[-1] : colon].split()
        for count in range(min(4, len(words) - 2), 0, -1):  # keep a label and a value before it
            label = " ".join(words[-count:])
            if label[0].isalnum() and classify_label(label)[0] is not None:
                starts.append(cell.rindex(label, starts[-1], colon))
                break
    return [cell[start:end].strip() for start, end in zip(starts, [*starts[1:], len(cell)], strict=True)]


def _pairs_in_line(line: str, index: int) -> list[Field]:
    """The fields of one box line: "Label: value" cells, "Label | value" cell pairs (HTML key/value
    rows), "TP INR5,200", and an unlabelled rating at either end of a line of labelled amounts."""
    cells = [piece for cell in split_cells(line) for piece in _split_pairs(cell)]
    found: list[Field] = []
    bare: list[int] = []
    position = 0
    while position < len(cells):
        cell = cells[position]
        match = _PAIR.match(cell)
        if match is not None:
            kind, currency = classify_label(match.group("label"))
            found.append(Field(match.group("label").strip(), match.group("value").strip(), kind, currency, index))
            position += 1
            continue
        kind, currency = classify_label(cell)
        following = cells[position + 1] if position + 1 < len(cells) else None
        if kind is not None and following is not None and _fits_kind(kind, following):
            found.append(Field(cell, following, kind, currency, index))
            position += 2
            continue
        labelled = _label_then_amount(cell, index)
        if labelled is not None:
            found.append(labelled)
            position += 1
            continue
        bare.append(position)
        position += 1
    if any(field.kind in _AMOUNT_KINDS for field in found) and not any(field.kind == "rating" for field in found):
        # Every short word cell is a candidate ("MRF | BUY | TP ..."): the rating reader keeps the one
        # that is a rating word of the house's scale.
        for position in bare:
            if _BARE_RATING.match(cells[position]) and len(cells[position].split()) <= 4:
                found.append(Field("", cells[position], "rating", None, index))
    return found


def _aligned_fields(lines: list[str], index: int) -> list[Field]:
    """Fields of a line without separators: a whole "Label amount" line ("Target Re 6.50"), or a row
    of an Old/New table under its "Old New" heading ("Target price INR1,700 INR1,560")."""
    line = lines[index].strip()
    words = line.split()
    heading = next(
        (lines[row].strip() for row in range(index - 1, max(-1, index - 5), -1) if _OLD_NEW.match(lines[row].strip())),
        None,
    )
    if heading is not None and len(words) >= 3:
        kind, currency = classify_label(" ".join(words[:-2]))
        if kind in ("rating", "target"):
            old, new = (words[-1], words[-2]) if heading.lower().startswith("new") else (words[-2], words[-1])
            return [Field(" ".join(words[:-2]), f"{new} (from {old})", kind, currency, index)]
    spaced = _spaced_pairs(line, index)
    if spaced:
        return spaced
    labelled = _label_then_amount(line, index)
    return [labelled] if labelled is not None else []


def _label_then_amount(text: str, index: int) -> Field | None:
    """A target or price written "TP INR5,200" (no colon): the label, then the amount."""
    amount = _LABEL_THEN_AMOUNT.match(text)
    if amount is None:
        return None
    kind, currency = classify_label(amount.group("label"))
    if kind not in _AMOUNT_KINDS:
        return None
    return Field(amount.group("label").strip(), amount.group("value"), kind, currency, index)


_OLD_NEW = re.compile(
    r"^(?:old|previous|prior)\s+(?:new|current|revised)$|^(?:new|current)\s+(?:old|previous|prior)$", re.IGNORECASE
)
_SPACED_AMOUNT = re.compile(rf"^(?:{_CURRENCY}\d[\d,.]*|[-+]?\d[\d,.]*%)$", re.IGNORECASE)
_CURRENCY_WORD = re.compile(rf"^{_CURRENCY}$", re.IGNORECASE)


def _spaced_pairs(line: str, index: int) -> list[Field]:
    """A box written with spaces alone: "BUY TP Rs1,420 CMP Rs1,178 Upside 21%" (an unlabelled
    rating first, then at least two label-amount pairs)."""
    tokens = line.split()
    groups: list[tuple[list[str], str]] = []
    words: list[str] = []
    position = 0
    while position < len(tokens):
        token = tokens[position]
        if _SPACED_AMOUNT.match(token):
            groups.append((words, token))
            words = []
        elif _CURRENCY_WORD.match(token) and re.match(
            r"^\d[\d,.]*$", tokens[position + 1] if position + 1 < len(tokens) else ""
        ):
            groups.append((words, f"{token} {tokens[position + 1]}"))
            words = []
            position += 1
        else:
            words.append(token)
        position += 1
    if len(groups) < 2 or words or any(not label for label, _ in groups):
        return []
    found: list[Field] = []
    lead = ""
    for number, (label_words, value) in enumerate(groups):
        sizes = range(min(3, len(label_words)), 0, -1) if number == 0 else [len(label_words)]
        size = next((n for n in sizes if classify_label(" ".join(label_words[-n:]))[0] is not None), None)
        if size is None:
            return []
        label = " ".join(label_words[-size:])
        lead = " ".join(label_words[:-size]) if number == 0 else lead
        kind, currency = classify_label(label)
        found.append(Field(label, value, kind, currency, index))
    if lead:
        if not (_BARE_RATING.match(lead) and len(lead.split()) <= 3):
            return []
        found.insert(0, Field("", lead, "rating", None, index))
    return found


def _is_label_row(cells: list[str]) -> bool:
    if len(cells) < 2 or any(len(re.sub(r"\([^)]*\)", "", cell).split()) > 5 or ":" in cell for cell in cells):
        return False
    kinds = [classify_label(cell)[0] for cell in cells]
    return sum(kind in ("rating", "target", "price") for kind in kinds) >= 1 and sum(
        kind is not None for kind in kinds
    ) >= max(2, len(cells) // 2)


def read_fields(lines: list[str], *, start: int = 0, stop: int | None = None) -> list[Field]:
    """Every labelled field in lines[start:stop], in order. Unknown labels keep kind None."""
    end = len(lines) if stop is None else min(stop, len(lines))
    fields: list[Field] = []
    index = start
    while index < end:
        line = lines[index]
        stripped = line.strip()
        if not stripped or stripped.startswith("•"):
            index += 1
            continue
        if not _MAY_HOLD_FIELDS.search(stripped):
            fields.extend(_aligned_fields(lines, index))  # "TARGET INR 5,650 (was INR 6,300)"
            index += 1
            continue
        cells = split_cells(stripped)
        if _is_label_row(cells):
            value_index = index + 1
            while value_index < end and not lines[value_index].strip():
                value_index += 1
            values = split_cells(lines[value_index]) if value_index < end else []
            if len(values) == len(cells) and not any(classify_label(value)[0] for value in values):
                for label, value in zip(cells, values, strict=True):
                    kind, currency = classify_label(label)
                    fields.append(Field(label, value, kind, currency, value_index))
                index = value_index + 1
                continue
        pairs = _pairs_in_line(stripped, index)
        if any(pair.kind in ("rating", "target", "price", "previous_rating", "previous_target") for pair in pairs):
            fields.extend(pairs)
        index += 1
    return fields


@lru_cache(maxsize=8192)
def line_fields(line: str) -> tuple[Field, ...]:
    """The labelled fields of one line (cached: the same lines are asked about many times)."""
    return tuple(read_fields([line]))


def first_of(fields: list[Field], kind: str) -> Field | None:
    return next((field for field in fields if field.kind == kind), None)
