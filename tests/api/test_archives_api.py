"""Archived emails: list with filters, one snapshot, the original bytes; ids are never paths."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from psycopg_pool import ConnectionPool

from tests.api.factory import ApiUser, archive_emails, research_eml
from tests.api.helpers import assert_error

ARCHIVES = "/api/email-archives"


@pytest.fixture
def mail(pool: ConnectionPool, alice: ApiUser) -> dict[str, Any]:
    first = research_eml("Infosys: Q3 results")
    second = research_eml("TCS: margin pressure").replace(b"Wed, 15 Jan 2025", b"Fri, 17 Jan 2025")
    ids = archive_emails(pool, alice.user_id, first, second)
    return {"ids": ids, "raws": [first, second]}


def test_the_list_is_newest_first_and_filters_by_date_and_broker(client: TestClient, alice: ApiUser,
                                                                 mail: dict[str, Any]) -> None:
    body = client.get(ARCHIVES, headers=alice.headers).json()
    assert [item["archive_id"] for item in body["items"]] == mail["ids"][::-1]
    assert (body["total"], body["limit"], body["offset"]) == (2, 50, 0)
    assert body["items"][0]["subject"] == "TCS: margin pressure"
    since = client.get(ARCHIVES, params={"from": "2025-01-16"}, headers=alice.headers).json()
    assert [item["archive_id"] for item in since["items"]] == [mail["ids"][1]]
    until = client.get(ARCHIVES, params={"to": "2025-01-15"}, headers=alice.headers).json()
    assert [item["archive_id"] for item in until["items"]] == [mail["ids"][0]]
    broker = body["items"][0]["broker"]
    by_broker = client.get(ARCHIVES, params={"broker": broker}, headers=alice.headers).json()
    assert by_broker["total"] == (2 if broker else 0)
    assert client.get(ARCHIVES, params={"broker": "Nobody"}, headers=alice.headers).json()["total"] == 0
    paged = client.get(ARCHIVES, params={"limit": 1, "offset": 1}, headers=alice.headers).json()
    assert [item["archive_id"] for item in paged["items"]] == [mail["ids"][0]]


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 1000}, {"offset": -1}, {"from": "15/01/2025"},
                                    {"broker": "x" * 300}, {"from": "2025-02-01", "to": "2025-01-01"}])
def test_bad_list_parameters_are_422(client: TestClient, alice: ApiUser, params: dict[str, Any]) -> None:
    assert_error(client.get(ARCHIVES, params=params, headers=alice.headers), 422)


def test_one_archive_shows_its_snapshot(client: TestClient, alice: ApiUser, mail: dict[str, Any]) -> None:
    response = client.get(f"{ARCHIVES}/{mail['ids'][0]}", headers=alice.headers)
    assert response.status_code == 200
    body = response.json()
    assert body["entry"]["archive_id"] == mail["ids"][0]
    assert body["snapshot"]["subject"] == "Infosys: Q3 results"
    assert "Large deal TCV" in body["snapshot"]["text_body"]


def test_the_raw_email_is_returned_byte_for_byte(client: TestClient, alice: ApiUser, mail: dict[str, Any]) -> None:
    response = client.get(f"{ARCHIVES}/{mail['ids'][1]}/raw", headers=alice.headers)
    assert response.status_code == 200
    assert response.content == mail["raws"][1]
    assert response.headers["content-type"] == "message/rfc822"
    assert response.headers["content-disposition"] == f'attachment; filename="{mail["ids"][1]}.eml"'


@pytest.mark.parametrize("suffix", ["", "/raw"])
@pytest.mark.parametrize(("archive_id", "status"), [
    ("a" + "f" * 32, 404),  # well formed, unknown
    ("A" + "F" * 32, 422),
    ("a" + "f" * 31, 422),
    ("a" + "g" * 32, 422),
    ("..%2F..%2F..%2Fetc%2Fpasswd", 404),
    ("%2e%2e", 422),
    ("..", 404),
    ("a0000000000000000000000000000000%00", 422),
    ("snapshots", 422),
    ("a" + "0" * 32 + ".json", 422),
])
def test_archive_ids_that_are_not_ids_never_reach_the_store(client: TestClient, alice: ApiUser, mail: dict[str, Any],
                                                            suffix: str, archive_id: str, status: int) -> None:
    response = client.get(f"{ARCHIVES}/{archive_id}{suffix}", headers=alice.headers)
    assert_error(response, status)
    assert b"root:" not in response.content


def test_another_users_archive_is_not_found(client: TestClient, bob: ApiUser, mail: dict[str, Any]) -> None:
    for suffix in ("", "/raw"):
        assert_error(client.get(f"{ARCHIVES}/{mail['ids'][0]}{suffix}", headers=bob.headers), 404)
    assert client.get(ARCHIVES, headers=bob.headers).json() == {"items": [], "total": 0, "limit": 50, "offset": 0}
