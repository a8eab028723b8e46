"""Dashboard pages rendered in-process: each page, its filters and pages, forms with CSRF."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from psycopg_pool import ConnectionPool

from tests.api.factory import ApiUser, archive_emails, insert_report, research_eml
from tests.api.helpers import database_fingerprint, login, session_csrf

START = datetime(2025, 1, 1, 4, 0, tzinfo=UTC)


@pytest.fixture
def logged_in(client: TestClient, alice: ApiUser) -> TestClient:
    login(client, alice.token)
    return client


def titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="report-title"><a href="/reports/\d+">([^<]+)</a>', html)


def test_pages_need_a_session_and_send_the_visitor_to_log_in(client: TestClient) -> None:
    for path in ("/", "/reports/1", "/companies", "/companies/Infosys", "/runs", "/runs/1", "/upload",
                 "/archives/a" + "0" * 32):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next=")


def test_the_feed_pages_through_every_report(logged_in: TestClient, alice: ApiUser,
                                             conn: psycopg.Connection[Any]) -> None:
    for index in range(130):
        insert_report(conn, alice.user_id, title=f"Note {index:03d}", published_at=START + timedelta(hours=index))
    seen: list[str] = []
    url: str | None = "/"
    while url:
        page = logged_in.get(url).text
        seen.extend(titles(page))
        found = re.search(r'<a href="([^"]+)" rel="next">', page)
        url = found.group(1).replace("&amp;", "&") if found else None
    assert seen == [f"Note {index:03d}" for index in range(129, -1, -1)]
    last = logged_in.get("/?offset=125").text
    assert "126–130 of 130" in last


def test_the_feed_filters_and_searches(logged_in: TestClient, alice: ApiUser, conn: psycopg.Connection[Any]) -> None:
    insert_report(conn, alice.user_id, title="Infosys: deal wins", published_at=START)
    insert_report(conn, alice.user_id, broker="Jefferies", company_canonical="TCS", rating="sell",
                  title="TCS: margin pressure", published_at=START + timedelta(days=1))
    assert titles(logged_in.get("/", params={"broker": "Jefferies"}).text) == ["TCS: margin pressure"]
    assert titles(logged_in.get("/", params={"rating": "buy"}).text) == ["Infosys: deal wins"]
    assert titles(logged_in.get("/", params={"q": "pressure"}).text) == ["TCS: margin pressure"]
    # An untouched form sends empty fields: they are no filter.
    empty = {"q": "", "broker": "", "company": "", "report_type": "", "rating": "", "from": "", "to": ""}
    assert len(titles(logged_in.get("/", params=empty).text)) == 2
    refused = logged_in.get("/", params={"rating": "strong"})
    assert refused.status_code == 422 and "invalid rating" in refused.text


def test_the_report_page_shows_the_call_key_points_and_the_source_email(
    logged_in: TestClient, alice: ApiUser, pool: ConnectionPool, conn: psycopg.Connection[Any]
) -> None:
    archive_id = archive_emails(pool, alice.user_id, research_eml("Infosys: upgrade to BUY"))[0]
    report_id = insert_report(conn, alice.user_id, archive_id=archive_id, previous_rating="hold", target_price=2100,
                              previous_target_price=1950, key_points=("Deal wins strong", "Margins steady"))
    page = logged_in.get(f"/reports/{report_id}").text
    assert "Deal wins strong" in page and "Margins steady" in page
    assert "₹2,100" in page and "₹1,950" in page and "+7.7%" in page and "Previous: Hold" in page
    assert f'href="/archives/{archive_id}"' in page and f"/api/email-archives/{archive_id}/raw" in page
    assert f'href="/api/extracted-reports/{report_id}"' in page  # the JSON twin
    email = logged_in.get(f"/archives/{archive_id}").text
    assert "Infosys: upgrade to BUY" in email and "Large deal TCV" in email
    assert logged_in.get(f"/api/email-archives/{archive_id}/raw").content.startswith(b"From: Kotak")


def test_the_company_page_draws_each_brokers_targets(logged_in: TestClient, alice: ApiUser,
                                                     conn: psycopg.Connection[Any]) -> None:
    insert_report(conn, alice.user_id, target_price=1500, rating="hold", published_at=START)
    insert_report(conn, alice.user_id, target_price=1800, published_at=START + timedelta(days=60))
    insert_report(conn, alice.user_id, broker="Jefferies", target_price=1600, rating="sell",
                  published_at=START + timedelta(days=30))
    page = logged_in.get("/companies/Infosys").text
    assert page.count('class="target-point"') == 3 and page.count('class="rating-point"') == 3
    assert page.count('class="series-line"') == 1  # a line needs two targets
    assert "Kotak Institutional Equities" in page and "Jefferies" in page
    assert 'href="/api/companies/Infosys/timeline"' in page
    listing = logged_in.get("/companies", params={"q": "info"}).text
    assert 'href="/companies/Infosys"' in listing


def test_runs_can_be_started_watched_and_cancelled_from_the_dashboard(logged_in: TestClient,
                                                                      database_url: str) -> None:
    token = session_csrf(logged_in)
    started = logged_in.post("/runs", data={"csrf_token": token}, follow_redirects=False)
    assert started.status_code == 303
    run_path = started.headers["location"]
    page = logged_in.get(run_path).text
    assert "Queued" in page and 'hx-trigger="every 1s"' in page and 'id="cancel-run"' in page
    card = logged_in.get(f"{run_path}/card").text
    assert 'data-status="queued"' in card and 'hx-trigger="every 1s"' in card and "Cancel" in card
    before = database_fingerprint(database_url)
    assert logged_in.post(f"{run_path}/cancel", data={}).status_code == 403  # no CSRF token: nothing happens
    assert database_fingerprint(database_url) == before
    cancelled = logged_in.post(f"{run_path}/cancel", data={"csrf_token": token})
    assert cancelled.status_code == 200 and "Canceled" in cancelled.text
    ended = logged_in.get(f"{run_path}/card").text
    assert 'data-status="canceled"' in ended and "hx-trigger" not in ended  # polling stops
    assert "hx-trigger" not in logged_in.get(run_path).text
    again = logged_in.post(f"{run_path}/cancel", data={"csrf_token": token})
    assert again.status_code == 409


def test_uploading_from_the_dashboard_leads_to_the_run(logged_in: TestClient) -> None:
    token = session_csrf(logged_in)
    raw = research_eml("Infosys: Q3 results", message_id="<upload-page@kotak.example>")
    response = logged_in.post("/upload", data={"csrf_token": token}, files={"file": ("note.eml", raw)},
                              follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/runs/")
    again = logged_in.post("/upload", data={"csrf_token": token}, files={"file": ("note.eml", raw)})
    assert again.status_code == 200 and "1 already archived" in again.text
    refused = logged_in.post("/upload", data={"csrf_token": token}, files={"file": ("x.pdf", b"%PDF")})
    assert refused.status_code == 422 and "must be an .eml message" in refused.text
    assert logged_in.post("/upload", files={"file": ("n.eml", raw)}).status_code == 403


def test_every_page_has_a_json_twin_that_answers_the_session(logged_in: TestClient, alice: ApiUser,
                                                             conn: psycopg.Connection[Any]) -> None:
    report_id = insert_report(conn, alice.user_id)
    for path in ("/", f"/reports/{report_id}", "/companies", "/companies/Infosys", "/runs"):
        page = logged_in.get(path).text
        twin = re.search(r'<a href="([^"]+)" class="twin">', page)
        assert twin is not None, path
        response = logged_in.get(twin.group(1).replace("&amp;", "&"))
        assert response.status_code == 200 and response.headers["content-type"] == "application/json", path
