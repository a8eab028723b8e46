"""Morning notes split into one segment per item; single notes stay whole."""

from __future__ import annotations

from backend.extraction.segmentation import split_items
from backend.extraction.text_cleanup import clean_lines

COMPANIES = {"Havells India": "Havells India", "Polycab India": "Polycab India", "LTIMindtree": "LTIMindtree"}


def _mentions(text: str) -> list[tuple[str, int, int]]:
    found = []
    for name in COMPANIES:
        start = text.find(name)
        if start >= 0:
            found.append((COMPANIES[name], start, start + len(name)))
    return sorted(found, key=lambda item: item[1])


MORNING = """KIE Daily
January 23, 2025

Nifty 23,205 (-0.4%) | Sensex 76,520 (-0.4%) | FII (Rs bn): -4.7

Contents
1. Havells India | 3QFY25 results
2. Polycab India | 3QFY25 results
3. Metals | Monthly price check

Havells India | 3QFY25 results
Cables carry the quarter
Rating: ADD | Price: Rs1,610 | Fair Value: Rs1,800
* Revenue grew 11% YoY; cables and wires grew 21%.
* EBITDA margin of 9.4% was down 70 bps YoY.

Polycab India | 3QFY25 results
Volume growth of 20%+
Rating: BUY | Price: Rs6,520 | Fair Value: Rs8,000
* Revenue grew 20% YoY to Rs52.3 bn.

----------------------------------------
Metals | Monthly price check
Steel prices firm up
* HRC prices rose 3% MoM in January to Rs48,500/t.

Latest releases
LTIMindtree | Downgrade to REDUCE (22 Jan)
Havells India | Initiating coverage (15 Dec)
"""


def test_digest_items_become_segments_and_recaps_do_not() -> None:
    segments = split_items(clean_lines(MORNING), "KIE Daily: Havells, Polycab, Metals", _mentions)
    assert [segment.heading for segment in segments] == [
        "Havells India | 3QFY25 results",
        "Polycab India | 3QFY25 results",
        "Metals | Monthly price check",
    ]
    assert [segment.company_hint for segment in segments] == ["Havells India", "Polycab India", None]
    assert not any("LTIMindtree" in line for segment in segments for line in segment.lines)
    assert not any("Nifty" in line for segment in segments for line in segment.lines)


def test_a_single_note_is_one_segment() -> None:
    text = "Havells India (HAVL IN)\nCables carry the quarter\nRating: ADD | TP: Rs1,800\n* Revenue grew 11% YoY."
    segments = split_items(clean_lines(text), "Havells India: Cables carry the quarter", _mentions)
    assert len(segments) == 1 and segments[0].heading is None


def test_a_recap_at_the_top_does_not_swallow_the_items() -> None:
    text = """Morning Note
Latest releases
Havells India | Initiating coverage (15 Dec)
LTIMindtree | Downgrade to REDUCE (22 Jan)

Polycab India | 3QFY25 results
Volume growth of 20%+
Rating: BUY | Price: Rs6,520 | Fair Value: Rs8,000
* Revenue grew 20% YoY to Rs52.3 bn.

Havells India | 3QFY25 results
Cables carry the quarter
Rating: ADD | Price: Rs1,610 | Fair Value: Rs1,800
* Revenue grew 11% YoY; cables and wires grew 21%.
"""
    segments = split_items(clean_lines(text), "Morning Note", _mentions)
    assert [segment.company_hint for segment in segments] == ["Polycab India", "Havells India"]


SUMMARY_TABLE_MORNING = """Morning Note | 22 May 2025

Stocks in today's note
Company | Reco | CMP (Rs) | Target Price (Rs) | Upside (%)
Havells India | BUY | 1,610 | 1,800 | 12
Polycab India | HOLD (from BUY) | 6,520 | 6,600 | 1

Havells India (HAVL IN) | Q4FY25 Result Update

Cables carry the quarter
* Revenue grew 11% YoY; cables and wires grew 21%.

Polycab India (POLYCAB IN) | Q4FY25 Result Update | Downgrade

Competition bites; downgrade to HOLD
* Wire volumes grew 6.5% but value growth was only 1.2% on price cuts.
"""


def test_a_heading_of_three_pipe_joined_parts_starts_an_item_and_a_table_header_does_not() -> None:
    segments = split_items(clean_lines(SUMMARY_TABLE_MORNING), "Morning Note | Havells, Polycab (downgrade)", _mentions)
    assert [segment.heading for segment in segments] == [
        "Havells India (HAVL IN) | Q4FY25 Result Update",
        "Polycab India (POLYCAB IN) | Q4FY25 Result Update | Downgrade",
    ]
    assert not any("Wire volumes" in line for line in segments[0].lines)


def test_contents_lists_under_other_titles_are_not_items() -> None:
    for title in ("IN TODAY'S DAILY", "Today's top research ideas"):
        text = f"""Daily | 25 July 2025

{title}
1. Havells India: Cables carry the quarter
• Polycab India: Volume growth of 20%+

Havells India | 1QFY26 results

Cables carry the quarter

Rating: ADD | Price: Rs1,610 | Fair Value: Rs1,800
* Revenue grew 11% YoY; cables and wires grew 21%.

Polycab India | 1QFY26 results

Volume growth of 20%+

Rating: BUY | Price: Rs6,520 | Fair Value: Rs8,000
* Revenue grew 20% YoY to Rs52.3 bn.
"""
        segments = split_items(clean_lines(text), "Daily: Havells, Polycab", _mentions)
        assert [segment.heading for segment in segments] == [
            "Havells India | 1QFY26 results",
            "Polycab India | 1QFY26 results",
        ], title


def test_coded_headings_that_carry_the_call_start_items_and_market_rows_and_recaps_do_not() -> None:
    text = """Morning Mail | 06 November 2025

Market snapshot
Markets Close Chg (%)
--------------------------------
Sensex 83,459 -0.62
Nifty 50 25,597 -0.64

------------------------------------------------------------

Havells India (HAVL IN) — Q2FY26 Result Update: Cables carry the quarter; Buy, 12-mth TP Rs1,800 (from Rs1,700)

• Revenue grew 11% YoY; cables and wires grew 21%.
• EBITDA margin of 9.4% was down 70 bps YoY.

Polycab India (POLYCAB IN) — Site visit: capacity on track; Buy, TP Rs8,000

• Wire volumes grew 20% YoY to a record.
• The new Halol plant starts in Q4FY26.

Recent research from the house
Date Company Report Rating TP (Rs)
---------------------------------------------------------------
03-Nov-25 LTIMindtree Q2FY26 Result Update Buy 6,300
"""
    segments = split_items(clean_lines(text), "Morning Mail: Havells, Polycab", _mentions)
    assert [segment.company_hint for segment in segments] == ["Havells India", "Polycab India"]
    assert not any("LTIMindtree" in line or "Sensex" in line for segment in segments for line in segment.lines)


def test_numbered_items_whose_heading_carries_the_call() -> None:
    text = """DAYBREAK | Wednesday, 28 January 2026

INSIDE TODAY
01 Havells India Q3FY26 Result Update
02 Polycab India Q3FY26 Result Update

------------------------------------------------------------------
01 | Havells India (HAVL IN) [BUY] TP: Rs1,800
Q3FY26 Result Update - Cables carry the quarter
>> Revenue grew 11% YoY to Rs 5,600 cr, with cables and wires up 21% on volumes.

02 | Polycab India (POLYCAB IN) [Hold] TP: Rs8,000
Q3FY26 Result Update - Volume growth of 20%
>> Wire volumes grew 20% YoY to a record, and exports doubled to Rs 600 cr in the quarter.
"""
    segments = split_items(clean_lines(text), "Daybreak | 28 Jan 2026 | Havells, Polycab", _mentions)
    assert [segment.company_hint for segment in segments] == ["Havells India", "Polycab India"]
