"""A digest's summary table gives each listed company its call."""

from __future__ import annotations

from backend.extraction.call_table import listed_calls
from backend.extraction.calls import rating_from_sources, target_from_fields
from backend.extraction.ratings import RatingReader
from backend.extraction.text_cleanup import clean_lines
from backend.reference.ratings import DEFAULT_RATING_SCALE
from tests.extraction.test_segmentation import SUMMARY_TABLE_MORNING, _mentions

READER = RatingReader(DEFAULT_RATING_SCALE)


def test_each_row_of_a_call_table_is_a_rating_box_for_its_company() -> None:
    calls = listed_calls(clean_lines(SUMMARY_TABLE_MORNING), _mentions)
    assert set(calls) == {"Havells India", "Polycab India"}
    target = target_from_fields(calls["Polycab India"])
    assert target is not None and (target.amount, target.currency) == (6600, "INR")
    rating = rating_from_sources(READER, calls["Polycab India"], "", None, "")
    assert rating is not None
    assert (rating.bucket, rating.previous_bucket) == ("hold", "buy")


def test_a_table_without_rating_or_target_columns_gives_no_calls() -> None:
    text = "Index | Close | Chg (%)\nHavells India | 1,610 | -0.4\nPolycab India | 6,520 | 1.2\n"
    assert listed_calls(clean_lines(text), _mentions) == {}


def test_a_row_that_names_no_company_is_skipped() -> None:
    text = "Company | Reco | Target (Rs)\nSensex | BUY | 80,000\nHavells India | ADD | 1,800\n"
    assert set(listed_calls(clean_lines(text), _mentions)) == {"Havells India"}
