"""Rating boxes in their three printed shapes."""

from __future__ import annotations

from backend.extraction.fields import classify_label, first_of, read_fields


def test_one_line_of_label_value_pairs() -> None:
    fields = read_fields(["Rating: BUY | CMP: INR1,886 | TP: INR2,200 | Upside: 17%"])
    assert [(f.kind, f.value) for f in fields] == [
        ("rating", "BUY"),
        ("price", "INR1,886"),
        ("target", "INR2,200"),
        ("upside", "17%"),
    ]


def test_aligned_pairs_with_currency_in_the_label() -> None:
    fields = read_fields(["Rating: ADD", "Price (Rs): 1,961", "Fair Value (Rs): 2,100 (earlier 2,000)"])
    target = first_of(fields, "target")
    assert target is not None
    assert (target.value, target.label_currency) == ("2,100 (earlier 2,000)", "INR")


def test_two_row_table_from_html() -> None:
    fields = read_fields(
        ["Rating | CMP (as on 16 Jan 2025) | Target Price | Upside", "BUY | Rs 11,420 | Rs 13,200 | 16%"]
    )
    assert [(f.kind, f.value) for f in fields][:3] == [
        ("rating", "BUY"),
        ("price", "Rs 11,420"),
        ("target", "Rs 13,200"),
    ]


def test_sector_view_is_not_a_rating() -> None:
    assert classify_label("Sector view")[0] == "view"
    assert classify_label("Industry View")[0] == "view"
    assert classify_label("Stock Rating")[0] == "rating"
    assert classify_label("12-month TP")[0] == "target"
    assert classify_label("Target Price (12M)")[0] == "target"


def test_prose_with_colons_is_not_a_box() -> None:
    assert read_fields(["Risks: slower demand and a weaker rupee"]) == []
    assert read_fields(["We expect revenue growth of 15% YoY."]) == []


def test_box_lines_in_other_shapes() -> None:
    shapes = {
        # an unlabelled rating first or last on a line of labelled amounts
        "REDUCE | Fair Value: Rs820 | CMP: Rs918": [("rating", "REDUCE"), ("target", "Rs820"), ("price", "Rs918")],
        "CMP: INR3,212 | TP: INR3,700 | Buy": [("price", "INR3,212"), ("target", "INR3,700"), ("rating", "Buy")],
        "HIGH-CONVICTION OUTPERFORM | Target: Rs2,250": [
            ("rating", "HIGH-CONVICTION OUTPERFORM"),
            ("target", "Rs2,250"),
        ],
        # "Label | value" cells (HTML key/value rows) and a target label without a colon
        "Rating | Neutral | TP INR5,200": [("rating", "Neutral"), ("target", "INR5,200")],
        "Stock Rating | Overweight": [("rating", "Overweight")],
        # several pairs in one cell (an HTML box flattened without separators)
        "Rating: BUY Target Price: Rs 960 CMP: Rs 805": [("rating", "BUY"), ("target", "Rs 960"), ("price", "Rs 805")],
    }
    for line, expected in shapes.items():
        assert sorted((f.kind, f.value) for f in read_fields([line])) == sorted(expected), line


def test_words_on_a_line_without_amounts_are_not_a_rating() -> None:
    assert read_fields(["BAJAJ FINANCE (BAF IN) | Diversified Financials"]) == []
    assert read_fields(["Equities - India | Close | Chg (%) | CYTD (%)"]) == []


def test_boxes_written_without_separators() -> None:
    shapes = {
        "TARGET INR 5,650 (was INR 6,300)": [("target", "INR 5,650 (was INR 6,300)")],
        "Target Re 6.50": [("target", "Re 6.50")],
        "BUY TP Rs1,420 CMP Rs1,178 Upside 21%": [
            ("rating", "BUY"),
            ("target", "Rs1,420"),
            ("price", "Rs1,178"),
            ("upside", "21%"),
        ],
        "Rating: BUY (maintained) Target: Rs2,500 CMP: Rs2,189": [
            ("rating", "BUY (maintained)"),
            ("target", "Rs2,500"),
            ("price", "Rs2,189"),
        ],
    }
    for line, expected in shapes.items():
        assert [(f.kind, f.value) for f in read_fields([line])] == expected, line
    assert read_fields(["Revenue grew 11% YoY to Rs 52 bn on volumes"]) == []


def test_an_old_new_table_gives_the_new_values_with_the_old_ones() -> None:
    fields = read_fields(["Old New", "Rating Buy Hold", "Target price INR1,700 INR1,560", "Share price INR1,498"])
    assert [(f.kind, f.value) for f in fields] == [
        ("rating", "Hold (from Buy)"),
        ("target", "INR1,560 (from INR1,700)"),
        ("price", "INR1,498"),
    ]
