"""Extraction run endpoints: trigger, list, status, latest, cancel, events; bad input changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from psycopg_pool import ConnectionPool

from backend.jobs.run_control import enqueue_run
from backend.jobs.run_scope import RunScope
from backend.pipeline.extraction_run import process_next_run
from tests.api.factory import ApiUser, archive_emails, research_eml, store
from tests.api.helpers import assert_error, database_fingerprint

RUNS = "/api/extraction/runs"


def test_triggering_a_run_queues_it_with_its_scope(client: TestClient, alice: ApiUser, pool: ConnectionPool) -> None:
    archive_id = archive_emails(pool, alice.user_id, research_eml("Infosys: results"))[0]
    response = client.post(RUNS, json={"reprocess": True, "broker": "Kotak", "archive_ids": [archive_id]},
                           headers=alice.headers)
    assert response.status_code == 201, response.text
    run = response.json()
    assert run["status"] == "queued" and run["trigger_type"] == "manual" and run["requested_by"] == "api"
    assert run["scope"] == {"reprocess": True, "broker": "Kotak", "archive_ids": [archive_id]}
    assert run["is_terminal"] is False and "user_id" not in run


def test_a_run_with_an_empty_body_extracts_new_mail(client: TestClient, alice: ApiUser) -> None:
    run = client.post(RUNS, json={}, headers=alice.headers).json()
    assert run["scope"] == {"reprocess": False, "broker": None, "archive_ids": []}


@pytest.mark.parametrize(("body", "status"), [
    ({"reprocess": "yes"}, 422),
    ({"reprocess": 1}, 422),
    ({"broker": 42}, 422),
    ({"broker": "   "}, 422),
    ({"archive_ids": "a" + "0" * 32}, 422),
    ({"archive_ids": ["../../etc/passwd"]}, 422),
    ({"archive_ids": ["A" + "0" * 32]}, 422),
    ({"archive_ids": ["a" + "0" * 32] * 1001}, 422),
    ({"archive_ids": ["a" + "0" * 32]}, 404),  # well formed, but not one of alice's
    ({"unknown": True}, 422),
    ([1, 2], 422),
])
def test_bad_trigger_bodies_are_refused_and_nothing_is_queued(
    client: TestClient, alice: ApiUser, database_url: str, body: Any, status: int
) -> None:
    before = database_fingerprint(database_url)
    assert_error(client.post(RUNS, json=body, headers=alice.headers), status)
    assert database_fingerprint(database_url) == before


def test_malformed_json_is_a_400(client: TestClient, alice: ApiUser, database_url: str) -> None:
    before = database_fingerprint(database_url)
    response = client.post(RUNS, content=b"{not json", headers={**alice.headers, "content-type": "application/json"})
    assert_error(response, 400, "malformed_json")
    assert database_fingerprint(database_url) == before


def test_archive_ids_of_another_user_are_not_found(client: TestClient, alice: ApiUser, bob: ApiUser,
                                                   pool: ConnectionPool, database_url: str) -> None:
    bobs = archive_emails(pool, bob.user_id, research_eml("Bob's mail"))[0]
    before = database_fingerprint(database_url)
    assert_error(client.post(RUNS, json={"archive_ids": [bobs]}, headers=alice.headers), 404)
    assert database_fingerprint(database_url) == before


def test_runs_are_listed_newest_first_with_a_status_filter_and_pages(
    client: TestClient, alice: ApiUser, pool: ConnectionPool
) -> None:
    created = [client.post(RUNS, json={}, headers=alice.headers).json()["id"] for _ in range(5)]
    client.post(f"{RUNS}/{created[0]}/cancel", headers=alice.headers)
    everything = client.get(RUNS, headers=alice.headers).json()
    assert [run["id"] for run in everything["items"]] == created[::-1] and everything["total"] == 5
    queued = client.get(RUNS, params={"status": "queued"}, headers=alice.headers).json()
    assert [run["id"] for run in queued["items"]] == created[:0:-1] and queued["total"] == 4
    canceled = client.get(RUNS, params={"status": "canceled"}, headers=alice.headers).json()
    assert [run["id"] for run in canceled["items"]] == [created[0]]
    second_page = client.get(RUNS, params={"limit": 2, "offset": 2}, headers=alice.headers).json()
    assert [run["id"] for run in second_page["items"]] == created[2:0:-1]
    assert (second_page["limit"], second_page["offset"], second_page["total"]) == (2, 2, 5)


@pytest.mark.parametrize("params", [{"status": "done"}, {"limit": 0}, {"limit": 500}, {"offset": -3},
                                    {"limit": "many"}])
def test_bad_list_parameters_are_422(client: TestClient, alice: ApiUser, params: dict[str, Any]) -> None:
    assert_error(client.get(RUNS, params=params, headers=alice.headers), 422)


def test_status_latest_and_events_of_a_run_that_finished(client: TestClient, alice: ApiUser,
                                                          pool: ConnectionPool) -> None:
    archive_emails(pool, alice.user_id, research_eml("Infosys: results"))
    run_id = client.post(RUNS, json={}, headers=alice.headers).json()["id"]
    assert client.get(f"{RUNS}/latest", headers=alice.headers).json()["status"] == "queued"
    finished = process_next_run(pool, worker_id="test-worker", store=store(), only_run_id=run_id)
    assert finished is not None and finished.status == "succeeded"

    status = client.get(f"{RUNS}/{run_id}/status", headers=alice.headers).json()
    assert status["status"] == "succeeded" and status["is_terminal"] is True
    assert status["archives_considered"] == status["archives_processed"] == 1
    assert client.get(f"{RUNS}/latest", headers=alice.headers).json()["id"] == run_id
    events = client.get(f"{RUNS}/{run_id}/events", headers=alice.headers).json()
    assert [(event["from_status"], event["to_status"]) for event in events["items"]] == [
        (None, "queued"), ("queued", "running"), ("running", "succeeded")]
    assert events["total"] == 3 and events["offset"] == 0


def test_latest_is_404_for_a_user_without_runs(client: TestClient, alice: ApiUser) -> None:
    assert_error(client.get(f"{RUNS}/latest", headers=alice.headers), 404)


def test_cancel_a_queued_run_then_cancel_again_is_a_conflict(client: TestClient, alice: ApiUser,
                                                            database_url: str) -> None:
    run_id = client.post(RUNS, json={}, headers=alice.headers).json()["id"]
    response = client.post(f"{RUNS}/{run_id}/cancel", json={"reason": "wrong scope"}, headers=alice.headers)
    assert response.status_code == 200 and response.json()["status"] == "canceled"
    before = database_fingerprint(database_url)
    assert_error(client.post(f"{RUNS}/{run_id}/cancel", headers=alice.headers), 409, "conflict")
    assert database_fingerprint(database_url) == before


def test_cancelling_a_running_run_asks_its_worker_to_stop(client: TestClient, alice: ApiUser,
                                                          pool: ConnectionPool) -> None:
    run, _ = enqueue_run(pool, alice.user_id, scope=RunScope())
    with pool.connection() as conn:
        conn.execute("UPDATE extraction_runs SET status = 'running', worker_id = 'w', attempt = 1 WHERE id = %s",
                     (run.id,))
    response = client.post(f"{RUNS}/{run.id}/cancel", headers=alice.headers)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "running" and body["cancel_requested_at"] is not None


@pytest.mark.parametrize("suffix", ["status", "events", "cancel"])
@pytest.mark.parametrize(("run_id", "status"), [("123456", 404), ("abc", 422), ("0", 422), ("-1", 422),
                                                (str(2**63), 422)])
def test_unknown_and_malformed_run_ids(client: TestClient, alice: ApiUser, database_url: str,
                                       suffix: str, run_id: str, status: int) -> None:
    before = database_fingerprint(database_url)
    method = client.post if suffix == "cancel" else client.get
    assert_error(method(f"{RUNS}/{run_id}/{suffix}", headers=alice.headers), status)
    assert database_fingerprint(database_url) == before


def test_bad_cancel_bodies_are_422(client: TestClient, alice: ApiUser, database_url: str) -> None:
    run_id = client.post(RUNS, json={}, headers=alice.headers).json()["id"]
    before = database_fingerprint(database_url)
    for body in ({"reason": 5}, {"reason": "x" * 501}, {"why": "no"}):
        assert_error(client.post(f"{RUNS}/{run_id}/cancel", json=body, headers=alice.headers), 422)
    assert database_fingerprint(database_url) == before
