"""Who may call the API: Bearer tokens, dashboard sessions with CSRF, and what a failed attempt costs."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from psycopg_pool import ConnectionPool

from backend.users.tokens import revoke_token
from tests.api.factory import ApiUser
from tests.api.helpers import assert_error, database_fingerprint, login, session_csrf
from tests.api.openapi_contract import assert_documented
from tests.api.route_table import CRON, FORM, PAGE, PUBLIC, ROUTES, TOKEN, Route, send

# Credentials that prove nothing: none, unknown or malformed tokens, and a session cookie not signed by us.
FORGED_SESSION = "eyJ1c2VyX2lkIjogImFsaWNlQGV4YW1wbGUuY29tIiwgInRva2VuX2lkIjogMX0=.forged.sig"
NO_CREDENTIALS: list[tuple[dict[str, str], dict[str, str]]] = [
    ({}, {}), ({"Authorization": "Bearer bi_wrong"}, {}), ({"Authorization": "Bearer "}, {}),
    ({"Authorization": "Basic dXNlcjpwYXNz"}, {}), ({"Authorization": "bi_token"}, {}),
    ({"Authorization": "Bearer " + "x" * 5000}, {}), ({}, {"bi_session": FORGED_SESSION}),
]


@pytest.mark.parametrize("route", ROUTES, ids=[route.label for route in ROUTES])
def test_without_a_valid_credential_no_route_gives_anything_away(
    client: TestClient, alices_things: dict[str, Any], database_url: str, route: Route
) -> None:
    before = database_fingerprint(database_url)
    for headers, cookies in NO_CREDENTIALS:
        client.cookies.clear()
        client.cookies.update(cookies)
        response = send(client, route, {**alices_things, "caller_token": "bi_wrong"}, headers=headers)
        what = f"{route.label} with {headers or cookies or 'nothing'}"
        if route.access == TOKEN:
            assert_error(response, 401, "unauthorized")
            assert response.headers["www-authenticate"] == "Bearer", what
            assert_documented(response, route.method, route.template)
        elif route.access == CRON:
            assert_error(response, 401, "unauthorized")
        elif route.access == PAGE:  # to the login page, and back here afterwards
            assert response.status_code == 303, what
            assert response.headers["location"].startswith("/login?next=%2F"), what
        elif route.access == FORM:  # no session, so no CSRF token to send
            assert response.status_code == 403, what
        else:
            assert route.access == PUBLIC and response.status_code == 200, what
        assert "Alice" not in response.text and alices_things["archive"] not in response.text, what
    assert database_fingerprint(database_url) == before


def test_a_revoked_token_no_longer_works(client: TestClient, alice: ApiUser, pool: ConnectionPool) -> None:
    assert client.get("/api/brokers", headers=alice.headers).status_code == 200
    revoke_token(pool, alice.email, latest_token_id(pool))
    assert_error(client.get("/api/brokers", headers=alice.headers), 401)


def test_tokens_are_stored_only_as_hashes(alice: ApiUser, pool: ConnectionPool) -> None:
    with pool.connection() as conn:
        rows = conn.execute("SELECT t::text FROM api_tokens t").fetchall()
    assert len(rows) == 1
    assert alice.token[3:] not in rows[0][0]
    assert hashlib.sha256(alice.token.encode()).hexdigest() in rows[0][0]


def test_guessing_tokens_is_rate_limited_per_address(client: TestClient, alice: ApiUser) -> None:
    statuses = [client.get("/api/brokers", headers={"Authorization": f"Bearer bi_guess{index}"}).status_code
                for index in range(22)]
    assert statuses[:20] == [401] * 20 and statuses[20:] == [429, 429]
    limited = client.get("/api/brokers", headers=alice.headers)  # the address is locked out for a while
    error = assert_error(limited, 429, "rate_limited")
    assert "retry" in error["message"] and int(limited.headers["retry-after"]) >= 1


def latest_token_id(pool: ConnectionPool) -> int:
    with pool.connection() as conn:
        row = conn.execute("SELECT max(id) FROM api_tokens").fetchone()
    assert row is not None
    return int(row[0])


def test_logging_in_sets_a_signed_http_only_lax_cookie(client: TestClient, alice: ApiUser) -> None:
    client.get("/login")
    page = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    response = client.post("/login", data={"token": alice.token, "csrf_token": csrf}, follow_redirects=False)
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith("bi_session=") and "httponly" in cookie and "samesite=lax" in cookie
    assert alice.token.lower() not in cookie


def test_a_session_reads_the_api_but_must_send_its_csrf_token_to_change_anything(
    client: TestClient, alice: ApiUser, database_url: str
) -> None:
    login(client, alice.token)
    assert client.get("/api/extraction/runs").status_code == 200
    before = database_fingerprint(database_url)
    assert_error(client.post("/api/extraction/runs", json={}), 403, "forbidden")
    assert_error(client.post("/api/extraction/runs", json={}, headers={"x-csrf-token": "forged"}), 403)
    assert database_fingerprint(database_url) == before
    created = client.post("/api/extraction/runs", json={}, headers={"x-csrf-token": session_csrf(client)})
    assert created.status_code == 201


def test_login_needs_the_forms_csrf_token(client: TestClient, alice: ApiUser) -> None:
    client.get("/login")
    response = client.post("/login", data={"token": alice.token}, follow_redirects=False)
    assert response.status_code == 403
    assert client.get("/", follow_redirects=False).status_code == 303  # still logged out


def test_a_wrong_token_does_not_log_in(client: TestClient) -> None:
    page = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    response = client.post("/login", data={"token": "bi_wrong", "csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 401 and "invalid or revoked API token" in response.text
    assert client.get("/api/brokers").status_code == 401


def test_login_attempts_are_rate_limited(client: TestClient, alice: ApiUser) -> None:
    page = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    statuses = [client.post("/login", data={"token": f"bi_{index}", "csrf_token": csrf}).status_code
                for index in range(12)]
    assert statuses[:10] == [401] * 10 and set(statuses[10:]) == {429}
    # Locked out for a while, the right token included; the page says when to come back.
    limited = client.post("/login", data={"token": alice.token, "csrf_token": csrf}, follow_redirects=False)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert "Too many attempts" in limited.text and "retry in" in limited.text
    assert client.get("/", follow_redirects=False).status_code == 303  # still logged out


def test_logging_out_or_revoking_the_token_ends_the_session(client: TestClient, alice: ApiUser,
                                                           pool: ConnectionPool) -> None:
    login(client, alice.token)
    client.post("/logout", data={"csrf_token": session_csrf(client)})
    assert client.get("/api/brokers").status_code == 401
    login(client, alice.token)
    assert client.get("/api/brokers").status_code == 200
    revoke_token(pool, alice.email, latest_token_id(pool))
    assert client.get("/api/brokers").status_code == 401
    assert client.get("/", follow_redirects=False).headers["location"].startswith("/login")


def test_a_forged_session_cookie_is_ignored(client: TestClient, alice: ApiUser) -> None:
    client.cookies.set("bi_session", FORGED_SESSION)
    assert client.get("/api/brokers").status_code == 401


def test_login_never_redirects_to_another_site(client: TestClient, alice: ApiUser) -> None:
    page = client.get("/login", params={"next": "//evil.example/steal"})
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    response = client.post("/login", data={"token": alice.token, "csrf_token": csrf, "next": "https://evil.example"},
                           follow_redirects=False)
    assert response.headers["location"] == "/"
