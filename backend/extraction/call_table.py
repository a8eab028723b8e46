"""The calls a morning note lists in a summary table above its items.

Many digests open with "Company | Reco | CMP (Rs) | Target Price (Rs) | Upside (%)" and one row
per stock, then write each item without its own rating box. Each row is read as a two-row rating
box (the header row's labels over the row's values), so an item can take the rating and target
its row gives when its own text has none.
"""

from __future__ import annotations

from backend.extraction.fields import Field, read_fields, split_cells
from backend.extraction.segmentation import MentionFinder
from backend.extraction.text_cleanup import is_table_row

CALL_KINDS = frozenset({"rating", "target"})


def listed_calls(lines: list[str], mentions: MentionFinder) -> dict[str, list[Field]]:
    """Fields of each company row of every call table in `lines`, keyed by canonical company name.

    A row counts only when its first cell names exactly one company; the first table to list a
    company wins (a later table is more often a recap of older calls).
    """
    calls: dict[str, list[Field]] = {}
    index = 0
    while index < len(lines):
        header = lines[index].strip()
        index += 1
        if not is_table_row(header):
            continue
        width = len(split_cells(header))
        while index < len(lines) and is_table_row(lines[index]) and len(split_cells(lines[index])) == width:
            row = lines[index].strip()
            index += 1
            fields = read_fields([header, row])
            if not any(field.kind in CALL_KINDS for field in fields):
                break  # not a call table: its header has no rating or target column
            first_cell = split_cells(row)[0]
            named = {canonical for canonical, _, _ in mentions(first_cell)}
            if len(named) == 1:
                calls.setdefault(named.pop(), fields)
    return calls
