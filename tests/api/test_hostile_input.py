"""Hostile input on every route that takes any: refused cleanly (404, 413, 414 or 422), never a 500, nothing changed.

Oversized uploads, path traversal and junk in archive ids, SQL metacharacters in every text filter, huge and
negative page numbers, query strings of 100 KB, malformed dates, and unknown parameters. Each
test sends all its cases to one database (alice's data in it): the database is the slow part.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.api.conftest import UPLOAD_LIMIT
from tests.api.factory import REPORT_DEFAULTS, ApiUser, research_eml, store
from tests.api.helpers import assert_error, database_fingerprint, login, raw_request, session_csrf
from tests.api.route_table import PUBLIC, ROUTES

NOT_ARCHIVE_IDS = [
    "..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%252e%252e%252fetc", "..%5C..%5Cwindows",
    "a" + "0" * 32 + "%00", "%00", "..%00", "a" + "0" * 31 + "%2F", "a" + "f" * 5000, "%F0%9F%92%A5" * 200,
    "a" + "0" * 32 + "%0D%0ASet-Cookie:%20x=1",
]
# Every text filter and text path parameter, on the API and the pages.
TEXT_INPUTS = [
    ("/api/extracted-reports", "broker"), ("/api/extracted-reports", "company"), ("/api/extracted-reports", "q"),
    ("/api/email-archives", "broker"), ("/api/companies", "q"), ("/api/companies", "broker"),
    ("/api/extraction/runs", "status"), ("/api/companies/{}/timeline", None),
    ("/", "broker"), ("/", "company"), ("/", "q"), ("/companies", "q"), ("/runs", "status"), ("/companies/{}", None),
]
SQL_METACHARACTERS = ["' OR 1=1 --", "' OR '1'='1", "%", "_", "\\", "%%", "'; DROP TABLE extracted_reports; --",
                      '" OR ""="', "$$ OR $$1$$=$$1", "*", "1) OR (1=1", "Alice%", "A_ice Co"]
PAGED = ["/api/extraction/runs", "/api/extraction/runs/{run}/events", "/api/extracted-reports", "/api/email-archives",
         "/api/brokers", "/api/companies", "/", "/companies", "/runs"]
BAD_PAGES: list[dict[str, Any]] = [
    {"limit": 0}, {"limit": -1}, {"limit": 201}, {"limit": 10**12}, {"limit": 2**64}, {"limit": "1e3"},
    {"limit": "NaN"}, {"limit": ""}, {"offset": -1}, {"offset": 2**31}, {"offset": 10**30}, {"offset": "0x10"},
    {"offset": "١"},
]
MALFORMED_DATES = ["2025-02-30", "2025-13-01", "2025-00-10", "20250101x", "2025-01-01T00:00", "2025/01/01",
                   "15-01-2025", "yesterday", "-1", "9999999-01-01", "2025-01-01' OR '1'='1", "2025-01-0\x00"]
READ_ROUTES = [route for route in ROUTES if route.method == "GET" and route.access != PUBLIC]


@pytest.fixture
def browser(client: TestClient, alice: ApiUser, alices_things: dict[str, Any]) -> TestClient:
    """Alice's browser: her session for the pages (API calls send her token as well)."""
    login(client, alice.token)
    return client


def test_archive_ids_that_are_not_ids_are_404_or_422_on_every_route(browser: TestClient, alice: ApiUser,
                                                                    database_url: str) -> None:
    before = database_fingerprint(database_url)
    for archive_id in NOT_ARCHIVE_IDS:
        for route in ("/api/email-archives/{}", "/api/email-archives/{}/raw", "/archives/{}"):
            response = browser.get(route.format(archive_id), headers=alice.headers)
            assert response.status_code in (404, 422), (route, archive_id, response.status_code)
            if route.startswith("/api/"):
                assert_error(response, response.status_code)
            assert b"root:" not in response.content and "set-cookie" not in response.headers
        in_body = browser.post("/api/extraction/runs", json={"archive_ids": [archive_id.replace("%2F", "/")]},
                               headers=alice.headers)
        assert in_body.status_code in (404, 422), archive_id
    assert database_fingerprint(database_url) == before


def test_sql_metacharacters_in_every_text_input_are_only_text(browser: TestClient, alice: ApiUser,
                                                              database_url: str) -> None:
    # Alice's report would be listed by any of these read as SQL or as a pattern ("' OR 1=1", "%").
    before = database_fingerprint(database_url)
    for path, parameter in TEXT_INPUTS:
        for text in SQL_METACHARACTERS:
            url, params = (path, {parameter: text}) if parameter else (path.format(text.replace("%", "%25")), {})
            response = browser.get(url, params=params, headers=alice.headers)
            case = (path, parameter, text, response.status_code)
            assert response.status_code in (200, 404, 422), case  # 422: a run's status is one of five words
            if response.status_code == 200 and path.startswith("/api/"):
                assert response.json()["items"] == [], case
            elif response.status_code == 200:
                assert REPORT_DEFAULTS["title"] not in response.text and "Alice Co" not in response.text, case
    assert database_fingerprint(database_url) == before


def test_huge_negative_and_junk_page_numbers_are_422(browser: TestClient, alice: ApiUser,
                                                     alices_things: dict[str, Any]) -> None:
    for path in PAGED:
        url = path.format(**alices_things)
        for params in BAD_PAGES:
            response = browser.get(url, params=params, headers=alice.headers)
            assert response.status_code == 422, (path, params, response.status_code)
            if path.startswith("/api/"):
                assert assert_error(response, 422)["field"] in params, (path, params)
        last = browser.get(url, params={"limit": 200, "offset": 2**31 - 1}, headers=alice.headers)
        assert last.status_code == 200, path


def test_a_100_kb_query_string_is_414_on_every_route(app: FastAPI, browser: TestClient, alice: ApiUser,
                                                     alices_things: dict[str, Any]) -> None:
    # An HTTP client will not even send these (httpx stops at 64 KB): they go straight to the application.
    junk_strings = (b"q=" + b"x" * 100_000, b"unknown=" + b"%27" * 34_000, b"&".join([b"limit=1"] * 15_000))
    for route in READ_ROUTES:
        path = route.url(alices_things).partition("?")[0]
        for junk in junk_strings:
            response = raw_request(app, "GET", path, junk, {"authorization": f"Bearer {alice.token}"})
            assert response.status_code == 414, (route.label, junk[:10], response.status_code)
            if path.startswith("/api/"):
                assert_error(response, 414, "uri_too_long")
        within = browser.get(path, params={"unknown": "x" * 7000}, headers=alice.headers)
        assert within.status_code < 500 and within.status_code != 414, route.label


def test_malformed_dates_are_422_naming_the_field(browser: TestClient, alice: ApiUser) -> None:
    for path in ("/api/extracted-reports", "/api/email-archives", "/"):
        for parameter in ("from", "to"):
            for text in MALFORMED_DATES:
                response = browser.get(path, params={parameter: text}, headers=alice.headers)
                assert response.status_code == 422, (path, parameter, text, response.status_code)
                if path.startswith("/api/"):
                    assert assert_error(response, 422)["field"] == parameter


def test_unknown_query_parameters_are_ignored_everywhere(browser: TestClient, alice: ApiUser,
                                                         alices_things: dict[str, Any]) -> None:
    noise = urlencode({"unknown": "1", "LIMIT": "0", "user_id": "bob@example.com", "limit[]": "x", "__proto__": "x"})
    for route in READ_ROUTES:
        url = route.url(alices_things)
        plain = browser.get(url, headers=alice.headers)
        noisy = browser.get(f"{url}{'&' if '?' in url else '?'}{noise}", headers=alice.headers)
        assert noisy.status_code == plain.status_code < 400, route.label
        assert noisy.headers["content-type"] == plain.headers["content-type"], route.label
        if plain.headers["content-type"] == "application/json":
            assert noisy.json() == plain.json(), route.label


def test_unknown_body_fields_are_refused_everywhere(client: TestClient, alice: ApiUser,
                                                    alices_things: dict[str, Any], database_url: str) -> None:
    before = database_fingerprint(database_url)
    for path, field in (("/api/extraction/runs", "user_id"), (f"/api/extraction/runs/{alices_things['run']}/cancel",
                                                              "status")):
        response = client.post(path, json={field: "x"}, headers=alice.headers)
        assert assert_error(response, 422)["field"] == field, path
    assert database_fingerprint(database_url) == before


def test_an_oversized_upload_is_413_on_both_routes_and_nothing_is_kept(browser: TestClient, alice: ApiUser,
                                                                       database_url: str) -> None:
    before, archived = database_fingerprint(database_url), set(store().raw_hashes())
    huge = research_eml("Big", body="x" * (UPLOAD_LIMIT + 1))

    def chunks() -> Iterator[bytes]:  # no Content-Length: the bytes received are counted instead
        boundary = b"--edge\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.eml\"\r\n\r\n"
        yield boundary
        for start in range(0, len(huge), 64 * 1024):
            yield huge[start:start + 64 * 1024]
        yield b"\r\n--edge--\r\n"

    api = browser.post("/api/ingest/upload", files={"file": ("big.eml", huge)}, headers=alice.headers)
    assert_error(api, 413, "payload_too_large")
    chunked = browser.post("/api/ingest/upload", content=chunks(),
                           headers={**alice.headers, "content-type": "multipart/form-data; boundary=edge"})
    assert_error(chunked, 413, "payload_too_large")
    page = browser.post("/upload", files={"file": ("big.eml", huge)}, data={"csrf_token": session_csrf(browser)})
    assert page.status_code == 413 and "File too large" in page.text
    assert database_fingerprint(database_url) == before and set(store().raw_hashes()) == archived
