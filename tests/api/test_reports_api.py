"""GET /api/extracted-reports and /api/extracted-reports/{id}: filters, search, order, pages, bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.api.factory import ApiUser, insert_report
from tests.api.helpers import assert_error, database_fingerprint

FEED = "/api/extracted-reports"


def feed(client: TestClient, user: ApiUser, **params: Any) -> dict[str, Any]:
    response = client.get(FEED, params=params, headers=user.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert set(body) == {"items", "total", "limit", "offset"}
    return body


def ids(body: dict[str, Any]) -> list[int]:
    return [item["id"] for item in body["items"]]


@pytest.fixture
def library(conn: psycopg.Connection[Any], alice: ApiUser) -> dict[str, int]:
    """A small research library of alice's, with one undated note."""
    day = datetime(2025, 1, 15, 4, 30, tzinfo=UTC)
    return {
        "infosys_kotak": insert_report(conn, alice.user_id, published_at=day, key_points=(
            "Large deal wins at a six-quarter high",)),
        "infosys_jefferies": insert_report(conn, alice.user_id, broker="Jefferies", rating="hold", target_price=1700,
                                           title="Infosys: priced for perfection", summary="Valuation leaves no room.",
                                           report_type="rating_change", previous_rating="buy",
                                           published_at=day + timedelta(hours=2)),
        "tcs": insert_report(conn, alice.user_id, company_canonical="Tata Consultancy Services", rating="sell",
                             title="TCS: margin pressure ahead", summary="Wage hikes bite in Q4.",
                             report_type="results_preview", target_price=3500, published_at=day - timedelta(days=3)),
        "strategy": insert_report(conn, alice.user_id, broker="Nomura", company_canonical="India Strategy",
                                  report_type="macro_strategy", rating=None, target_price=None,
                                  title="India Strategy: rotation into consumption", summary="Prefer staples.",
                                  published_at=day + timedelta(days=1)),
        "undated": insert_report(conn, alice.user_id, broker="Nomura", company_canonical="Infosys", published_at=None,
                                 title="Infosys: undated comment", summary="No date on this one."),
    }


def test_the_feed_is_newest_first_with_undated_reports_last(client: TestClient, alice: ApiUser,
                                                            library: dict[str, int]) -> None:
    body = feed(client, alice)
    assert ids(body) == [library[key] for key in ("strategy", "infosys_jefferies", "infosys_kotak", "tcs", "undated")]
    assert body["total"] == 5 and body["limit"] == 50 and body["offset"] == 0
    first = body["items"][2]
    assert first["company_canonical"] == "Infosys" and first["target_price"] == 1850.0
    assert first["published_at"] == "2025-01-15T04:30:00Z" and first["key_point_count"] == 1


def test_reports_published_at_the_same_moment_are_ordered_by_id(client: TestClient, alice: ApiUser,
                                                               conn: psycopg.Connection[Any]) -> None:
    moment = datetime(2025, 3, 1, tzinfo=UTC)
    created = [insert_report(conn, alice.user_id, published_at=moment) for _ in range(4)]
    assert ids(feed(client, alice)) == sorted(created, reverse=True)


@pytest.mark.parametrize(("params", "expected"), [
    ({"broker": "Jefferies"}, ["infosys_jefferies"]),
    ({"company": "Infosys"}, ["infosys_jefferies", "infosys_kotak", "undated"]),
    ({"report_type": "macro_strategy"}, ["strategy"]),
    ({"rating": "sell"}, ["tcs"]),
    ({"rating": "hold", "company": "Infosys"}, ["infosys_jefferies"]),
    ({"broker": "Nomura", "company": "Infosys"}, ["undated"]),
    ({"broker": "Unknown Broker"}, []),
    # Dates are the user's days (alice: Asia/Kolkata): 15 Jan 04:30 UTC is 15 Jan 10:00 IST.
    ({"from": "2025-01-15", "to": "2025-01-15"}, ["infosys_jefferies", "infosys_kotak"]),
    ({"from": "2025-01-16"}, ["strategy"]),
    ({"to": "2025-01-12"}, ["tcs"]),
    ({"q": "valuation"}, ["infosys_jefferies"]),  # summary
    ({"q": "rotation consumption"}, ["strategy"]),  # title, every word
    ({"q": "deal wins"}, ["infosys_kotak"]),  # title of one, key point of the same one
    ({"q": "six-quarter high"}, ["infosys_kotak"]),  # key point only
    ({"q": "margins OR staples"}, ["strategy", "infosys_kotak", "tcs"]),  # web-search syntax; "margin" stems alike
    ({"q": "\"priced for perfection\""}, ["infosys_jefferies"]),
    ({"q": "nothing-like-this"}, []),
])
def test_each_filter_keeps_the_matching_reports(client: TestClient, alice: ApiUser, library: dict[str, int],
                                                params: dict[str, str], expected: list[str]) -> None:
    body = feed(client, alice, **params)
    assert ids(body) == [library[key] for key in expected]
    assert body["total"] == len(expected)


def test_date_filters_use_the_users_time_zone(client: TestClient, alice: ApiUser, bob: ApiUser,
                                              conn: psycopg.Connection[Any]) -> None:
    # 23:30 UTC on 14 Jan is 15 Jan in India (alice) and still 14 Jan in New York (bob).
    moment = datetime(2025, 1, 14, 23, 30, tzinfo=UTC)
    alices = insert_report(conn, alice.user_id, published_at=moment)
    bobs = insert_report(conn, bob.user_id, published_at=moment)
    assert ids(feed(client, alice, **{"from": "2025-01-15", "to": "2025-01-15"})) == [alices]
    assert ids(feed(client, bob, **{"from": "2025-01-14", "to": "2025-01-14"})) == [bobs]
    assert ids(feed(client, bob, **{"from": "2025-01-15"})) == []


def test_the_run_filter_keeps_what_one_run_wrote(client: TestClient, alice: ApiUser,
                                                 conn: psycopg.Connection[Any]) -> None:
    run_id = conn.execute("INSERT INTO extraction_runs (user_id, trigger_type) VALUES (%s, 'manual') RETURNING id",
                          (alice.user_id,)).fetchone()[0]  # type: ignore[index]
    written = insert_report(conn, alice.user_id, extraction_run_id=run_id)
    insert_report(conn, alice.user_id)
    assert ids(feed(client, alice, run_id=run_id)) == [written]
    assert ids(feed(client, alice, run_id=run_id + 1000)) == []


def test_pages_reach_every_row_exactly_once(client: TestClient, alice: ApiUser, conn: psycopg.Connection[Any]) -> None:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    created = {insert_report(conn, alice.user_id, published_at=start + timedelta(hours=index % 40))
               for index in range(230)}
    seen: list[int] = []
    offset = 0
    while True:
        body = feed(client, alice, limit=200 if offset == 0 else 7, offset=offset)
        assert body["total"] == 230
        if not body["items"]:
            break
        seen.extend(ids(body))
        offset += len(body["items"])
    assert len(seen) == 230 and set(seen) == created


@pytest.mark.parametrize(("params", "count"), [
    ({"limit": 1}, 1), ({"limit": 200}, 5), ({"offset": 4}, 1), ({"offset": 5}, 0), ({"offset": 10_000}, 0),
    ({"limit": 2, "offset": 4}, 1),
])
def test_pagination_edges(client: TestClient, alice: ApiUser, library: dict[str, int],
                          params: dict[str, int], count: int) -> None:
    body = feed(client, alice, **params)
    assert len(body["items"]) == count and body["total"] == 5
    assert body["limit"] == params.get("limit", 50) and body["offset"] == params.get("offset", 0)


@pytest.mark.parametrize(("params", "field"), [
    ({"limit": 0}, "limit"), ({"limit": 201}, "limit"), ({"limit": 10**12}, "limit"), ({"limit": -1}, "limit"),
    ({"limit": "ten"}, "limit"), ({"limit": "1.5"}, "limit"), ({"offset": -1}, "offset"),
    ({"offset": 2**40}, "offset"), ({"offset": "99999999999999999999999999"}, "offset"),
    ({"rating": "strong buy"}, "rating"), ({"report_type": "initiations"}, "report_type"),
    ({"from": "2025-13-01"}, "from"), ({"to": "yesterday"}, "to"),
    ({"from": "2025-02-01", "to": "2025-01-01"}, "from"), ({"run_id": "x"}, "run_id"), ({"run_id": 0}, "run_id"),
    ({"run_id": 2**70}, "run_id"), ({"q": "x" * 201}, "q"), ({"broker": "b" * 5000}, "broker"),
    ({"company": "Infosys\x00"}, "company"), ({"q": "a\x00b"}, "q"),
])
def test_bad_filter_values_are_refused_with_422(client: TestClient, alice: ApiUser, library: dict[str, int],
                                                database_url: str, params: dict[str, Any], field: str) -> None:
    before = database_fingerprint(database_url)
    error = assert_error(client.get(FEED, params=params, headers=alice.headers), 422)
    assert error["field"] == field
    assert database_fingerprint(database_url) == before


@pytest.mark.parametrize("params", [
    {"q": "'; DROP TABLE extracted_reports; --"}, {"broker": "' OR '1'='1"}, {"company": "%"},
    {"company": "Infosys' --"}, {"q": "& | ! ( ) : * <-> \\"}, {"q": "'\"\\"}, {"broker": "%_\\"},
])
def test_sql_metacharacters_are_only_text(client: TestClient, alice: ApiUser, library: dict[str, int],
                                          database_url: str, params: dict[str, str]) -> None:
    before = database_fingerprint(database_url)
    assert feed(client, alice, **params)["items"] == []
    assert database_fingerprint(database_url) == before


def test_a_huge_query_string_is_refused_cleanly(client: TestClient, alice: ApiUser) -> None:
    assert_error(client.get(FEED, params={"q": "word " * 1000}, headers=alice.headers), 422)  # q: 200 at most
    assert_error(client.get(FEED, params={"q": "word " * 4000}, headers=alice.headers), 414, "uri_too_long")


def test_one_report_has_its_points_source_email_and_the_brokers_previous_call(
    client: TestClient, alice: ApiUser, conn: psycopg.Connection[Any]
) -> None:
    conn.execute("INSERT INTO archive_ingest_index (archive_id, user_id, subject, from_address, published_at) "
                 "VALUES (%s, %s, 'Infosys: upgrade to BUY', 'research@kotak.com', now())",
                 ("a" + "1" * 32, alice.user_id))
    earlier = insert_report(conn, alice.user_id, rating="hold", target_price=1500,
                            published_at=datetime(2024, 10, 10, tzinfo=UTC))
    insert_report(conn, alice.user_id, broker="Jefferies", rating="sell",
                  published_at=datetime(2024, 12, 1, tzinfo=UTC))
    report_id = insert_report(conn, alice.user_id, archive_id="a" + "1" * 32, previous_rating="hold",
                              previous_target_price=1500, key_points=("Deal wins strong", "Margins steady"))
    response = client.get(f"{FEED}/{report_id}", headers=alice.headers)
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == report_id and body["rating"] == "buy" and body["rating_raw"] == "BUY"
    assert [point["point_text"] for point in body["key_points"]] == ["Deal wins strong", "Margins steady"]
    assert body["archive"]["archive_id"] == "a" + "1" * 32
    assert body["archive"]["subject"] == "Infosys: upgrade to BUY"
    assert body["previous_call"]["report_id"] == earlier  # the same broker's, not Jefferies' later one
    assert (body["previous_call"]["rating"], body["previous_call"]["target_price"]) == ("hold", 1500.0)
    assert (body["previous_rating"], body["previous_target_price"]) == ("hold", 1500.0)


def test_a_first_report_has_no_previous_call_and_a_missing_archive_is_null(
    client: TestClient, alice: ApiUser, conn: psycopg.Connection[Any]
) -> None:
    report_id = insert_report(conn, alice.user_id)
    body = client.get(f"{FEED}/{report_id}", headers=alice.headers).json()
    assert body["previous_call"] is None and body["archive"] is None and body["key_points"] == []


@pytest.mark.parametrize(("path", "status"), [
    ("999999", 404), ("abc", 422), ("0", 422), ("-5", 422), (str(2**64), 422), ("1.5", 422),
])
def test_unknown_or_malformed_report_ids(client: TestClient, alice: ApiUser, library: dict[str, int],
                                         path: str, status: int) -> None:
    assert_error(client.get(f"{FEED}/{path}", headers=alice.headers), status)
