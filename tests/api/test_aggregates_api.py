"""A company's timeline across brokers, and brokers and companies with their counts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from tests.api.factory import ApiUser, insert_report
from tests.api.helpers import assert_error


def day(month: int, date: int) -> datetime:
    return datetime(2025, month, date, 5, tzinfo=UTC)


@pytest.fixture
def calls(conn: psycopg.Connection[Any], alice: ApiUser) -> None:
    insert_report(conn, alice.user_id, broker="Kotak", rating="hold", target_price=1500, published_at=day(1, 10))
    insert_report(conn, alice.user_id, broker="Kotak", rating="buy", target_price=1800, published_at=day(3, 5))
    insert_report(conn, alice.user_id, broker="Jefferies", rating="buy", target_price=2000, published_at=day(2, 1))
    insert_report(conn, alice.user_id, broker="Jefferies", published_at=None)  # undated: no point in time
    insert_report(conn, alice.user_id, broker="Nomura", company_canonical="L&T_Infra 50%", published_at=day(2, 2))
    insert_report(conn, alice.user_id, broker="Nomura", company_canonical="Larsen & Toubro", published_at=day(2, 3))


def test_a_company_timeline_has_each_brokers_calls_oldest_first(client: TestClient, alice: ApiUser,
                                                                calls: None) -> None:
    response = client.get("/api/companies/Infosys/timeline", headers=alice.headers)
    assert response.status_code == 200
    body = response.json()
    assert body["company"] == "Infosys" and body["report_count"] == 4
    series = {item["broker"]: item["points"] for item in body["series"]}
    assert [(p["rating"], p["target_price"]) for p in series["Kotak"]] == [("hold", 1500.0), ("buy", 1800.0)]
    assert [p["published_at"] for p in series["Kotak"]] == ["2025-01-10T05:00:00Z", "2025-03-05T05:00:00Z"]
    assert len(series["Jefferies"]) == 1
    assert "Nomura" not in series


def test_company_names_with_url_characters_work(client: TestClient, alice: ApiUser, calls: None) -> None:
    body = client.get("/api/companies/Larsen%20%26%20Toubro/timeline", headers=alice.headers).json()
    assert body["company"] == "Larsen & Toubro" and body["series"][0]["broker"] == "Nomura"


@pytest.mark.parametrize(("name", "status"), [("Unknown%20Co", 404), ("%25", 404), ("x" * 300, 422),
                                              ("Infosys%00", 422), ("%20", 404)])
def test_unknown_or_bad_company_names(client: TestClient, alice: ApiUser, calls: None, name: str, status: int) -> None:
    assert_error(client.get(f"/api/companies/{name}/timeline", headers=alice.headers), status)


def test_brokers_with_counts_most_reports_first(client: TestClient, alice: ApiUser, calls: None) -> None:
    body = client.get("/api/brokers", headers=alice.headers).json()
    assert [(b["broker"], b["reports"], b["companies"]) for b in body["items"]] == [
        ("Jefferies", 2, 1), ("Kotak", 2, 1), ("Nomura", 2, 2)]
    assert body["total"] == 3
    assert body["items"][1]["latest_published_at"] == "2025-03-05T05:00:00Z"
    paged = client.get("/api/brokers", params={"limit": 1, "offset": 2}, headers=alice.headers).json()
    assert [b["broker"] for b in paged["items"]] == ["Nomura"] and paged["total"] == 3


def test_companies_with_counts_and_a_literal_search(client: TestClient, alice: ApiUser, calls: None) -> None:
    body = client.get("/api/companies", headers=alice.headers).json()
    assert [(c["company"], c["reports"], c["brokers"]) for c in body["items"]] == [
        ("Infosys", 4, 2), ("L&T_Infra 50%", 1, 1), ("Larsen & Toubro", 1, 1)]

    def names(**params: str) -> list[str]:
        found = client.get("/api/companies", params=params, headers=alice.headers).json()
        return [company["company"] for company in found["items"]]

    assert names(q="infos") == ["Infosys"]
    assert names(q="50%") == ["L&T_Infra 50%"]  # % is a character, not a wildcard
    assert names(q="_") == ["L&T_Infra 50%"]
    assert names(q="%") == ["L&T_Infra 50%"]
    assert names(q="\\") == []
    assert names(broker="Nomura") == ["L&T_Infra 50%", "Larsen & Toubro"]


@pytest.mark.parametrize("path", ["/api/brokers", "/api/companies"])
@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 201}, {"offset": -1}, {"limit": "x"}])
def test_bad_pages_are_422(client: TestClient, alice: ApiUser, path: str, params: dict[str, Any]) -> None:
    assert_error(client.get(path, params=params, headers=alice.headers), 422)


def test_bad_company_search_is_422(client: TestClient, alice: ApiUser) -> None:
    assert_error(client.get("/api/companies", params={"q": "x" * 201}, headers=alice.headers), 422)
