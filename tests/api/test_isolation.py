"""No user can read, cancel, change or count another user's runs, archives or reports, on any route."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

import httpx
import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.api.factory import ApiUser
from tests.api.helpers import assert_error, database_fingerprint, login, session_csrf, user_rows
from tests.api.openapi_contract import assert_documented
from tests.api.route_table import (
    EMPTY_LIST,
    FORM,
    NOT_FOUND,
    NOTHING_OF_THEIRS,
    OWN_ROWS_ONLY,
    PAGE,
    REFUSED,
    ROUTES,
    TOKEN,
    Route,
    declared_routes,
    send,
)


def test_the_route_table_names_every_route(app: FastAPI) -> None:
    # A new route fails here until it has a row, and with it the tests of this file and test_auth.py.
    assert declared_routes(app) == {(route.method, route.template) for route in ROUTES}


def as_other_user(client: TestClient, route: Route, bob: ApiUser, things: dict[str, Any]) -> httpx.Response:
    """Bob calls `route` on alice's things: with his token for the API, his session for the dashboard."""
    if route.access in (PAGE, FORM):
        login(client, bob.token)
        return send(client, route, {**things, "caller_token": bob.token}, csrf=session_csrf(client))
    return send(client, route, things, headers=bob.headers)


def assert_shows_nothing_of_alices(response: httpx.Response, route: Route, things: dict[str, Any]) -> None:
    """Nothing of alice's in the reply, but what the request named itself (a 404 repeats the id asked for)."""
    requested = unquote(route.url(things)) + json.dumps(route.body(things))
    markers = ["Alice Broker", "Alice's research", "Alice&#39;s research"]
    markers += [marker for marker in (things["archive"], "Alice Co") if marker not in requested]
    for marker in markers:
        assert marker not in response.text, f"{marker!r} shown to another user"


@pytest.mark.parametrize("route", ROUTES, ids=[route.label for route in ROUTES])
def test_another_users_credentials_reach_nothing_of_theirs(client: TestClient, alice: ApiUser, bob: ApiUser,
                                                           alices_things: dict[str, Any], database_url: str,
                                                           route: Route) -> None:
    before, alices_before = database_fingerprint(database_url), user_rows(database_url, alice.user_id)
    response = as_other_user(client, route, bob, alices_things)
    assert_shows_nothing_of_alices(response, route, alices_things)
    if route.stranger == NOT_FOUND:
        assert response.status_code == 404, response.text
    elif route.stranger == EMPTY_LIST:
        assert response.status_code == 200 and response.json()["items"] == [] and response.json()["total"] == 0
    elif route.stranger == REFUSED:
        assert_error(response, 401)
    elif route.stranger == NOTHING_OF_THEIRS:
        assert response.status_code < 400, response.text
    else:
        assert route.stranger == OWN_ROWS_ONLY and response.status_code in (201, 303), response.text
    if route.access == TOKEN:
        assert_documented(response, route.method, route.template)
    if route.stranger == OWN_ROWS_ONLY:
        assert user_rows(database_url, alice.user_id) == alices_before
    else:
        assert database_fingerprint(database_url) == before


def test_a_copy_of_the_same_email_is_archived_for_each_user_apart(client: TestClient, alice: ApiUser, bob: ApiUser,
                                                                  alices_things: dict[str, Any]) -> None:
    uploaded = client.post("/api/ingest/upload", files={"file": ("mail.eml", alices_things["raw"])},
                           headers=bob.headers).json()
    assert (uploaded["archived"], uploaded["already_archived"]) == (1, 0)  # alice's copy is not bob's
    assert uploaded["archive_ids"] != [alices_things["archive"]]
    assert client.get(f"/api/email-archives/{uploaded['archive_ids'][0]}", headers=alice.headers).status_code == 404


def test_another_users_things_are_not_listed_or_counted(client: TestClient, alice: ApiUser, bob: ApiUser,
                                                        alices_things: dict[str, Any]) -> None:
    empty = {"items": [], "total": 0, "limit": 50, "offset": 0}
    for path in ("/api/extraction/runs", "/api/extracted-reports", "/api/email-archives", "/api/brokers",
                 "/api/companies"):
        assert client.get(path, headers=bob.headers).json() == empty, path
        assert client.get(path, headers=alice.headers).json()["total"] == 1, path
    for params in ({"broker": "Alice Broker"}, {"company": "Alice Co"}, {"q": "Alice"}):
        assert client.get("/api/extracted-reports", params=params, headers=bob.headers).json() == empty


def test_a_session_can_act_only_on_its_own_runs(client: TestClient, bob: ApiUser, alices_things: dict[str, Any],
                                                conn: psycopg.Connection[Any]) -> None:
    login(client, bob.token)
    response = client.post(f"/api/extraction/runs/{alices_things['run']}/cancel",
                           headers={"x-csrf-token": session_csrf(client)})
    assert_error(response, 404)
    status = conn.execute("SELECT status FROM extraction_runs WHERE id = %s", (alices_things["run"],)).fetchone()
    assert status == ("queued",)
