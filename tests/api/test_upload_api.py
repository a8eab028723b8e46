"""POST /api/ingest/upload: .eml and .mbox archived, an after-ingest run queued, limits enforced."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from psycopg_pool import ConnectionPool

from backend.pipeline.extraction_run import process_next_run
from tests.api.conftest import UPLOAD_LIMIT
from tests.api.factory import ApiUser, research_eml, store
from tests.api.helpers import assert_error, database_fingerprint
from tests.conftest import DEV_CORPUS

UPLOAD = "/api/ingest/upload"


def upload(client: TestClient, user: ApiUser, name: str, content: bytes) -> object:
    return client.post(UPLOAD, files={"file": (name, content, "application/octet-stream")}, headers=user.headers)


def test_an_eml_upload_is_archived_and_a_run_queued_for_it(client: TestClient, alice: ApiUser) -> None:
    raw = research_eml("Infosys: Q3 results")
    response = client.post(UPLOAD, files={"file": ("infosys.eml", raw, "message/rfc822")}, headers=alice.headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["filename"], body["messages"], body["archived"], body["already_archived"]) == ("infosys.eml", 1, 1, 0)
    run = body["run"]
    assert run["trigger_type"] == "after-ingest" and run["status"] == "queued"
    assert run["scope"]["archive_ids"] == body["archive_ids"]
    archived = client.get(f"/api/email-archives/{body['archive_ids'][0]}/raw", headers=alice.headers)
    assert archived.content == raw


def test_uploading_the_same_mail_again_archives_nothing_and_queues_no_run(client: TestClient, alice: ApiUser) -> None:
    raw = research_eml("Infosys: Q3 results", message_id="<same@kotak.example>")
    client.post(UPLOAD, files={"file": ("a.eml", raw)}, headers=alice.headers)
    again = client.post(UPLOAD, files={"file": ("again.eml", raw)}, headers=alice.headers).json()
    assert (again["archived"], again["already_archived"], again["run"]) == (0, 1, None)
    assert client.get("/api/extraction/runs", headers=alice.headers).json()["total"] == 1


def test_an_mbox_upload_archives_every_message(client: TestClient, alice: ApiUser) -> None:
    messages = [research_eml(f"Note {index}") for index in range(3)]
    mbox = b"".join(b"From research@kotak.com Wed Jan 15 10:00:00 2025\r\n" + raw + b"\r\n" for raw in messages)
    body = client.post(UPLOAD, files={"file": ("takeout.mbox", mbox)}, headers=alice.headers).json()
    assert (body["messages"], body["archived"]) == (3, 3)
    assert len(body["run"]["scope"]["archive_ids"]) == 3
    archived = client.get("/api/email-archives", headers=alice.headers).json()["items"]
    refs = {item["meta"]["source"]["ref"] for item in archived}
    assert refs == {"takeout.mbox#0", "takeout.mbox#1", "takeout.mbox#2"}


def test_an_uploaded_corpus_email_is_extracted_by_its_run(client: TestClient, alice: ApiUser,
                                                          pool: ConnectionPool) -> None:
    path = sorted((DEV_CORPUS / "emails").glob("*.eml"))[0]
    body = client.post(UPLOAD, files={"file": (path.name, path.read_bytes())}, headers=alice.headers).json()
    finished = process_next_run(pool, worker_id="test-worker", store=store(), only_run_id=body["run"]["id"])
    assert finished is not None and finished.status == "succeeded"
    status = client.get(f"/api/extraction/runs/{body['run']['id']}/status", headers=alice.headers).json()
    assert status["archives_processed"] == 1
    reports = client.get("/api/extracted-reports", params={"run_id": body["run"]["id"]}, headers=alice.headers).json()
    assert reports["total"] == status["reports_inserted"]
    assert all(item["archive_id"] == body["archive_ids"][0] for item in reports["items"])


def test_an_oversized_upload_is_413_and_nothing_is_kept(client: TestClient, alice: ApiUser, database_url: str) -> None:
    before = database_fingerprint(database_url)
    huge = research_eml("Big", body="x" * (UPLOAD_LIMIT + 1))
    response = client.post(UPLOAD, files={"file": ("big.eml", huge)}, headers=alice.headers)
    assert_error(response, 413, "payload_too_large")
    assert database_fingerprint(database_url) == before
    assert not any(store().raw_hashes())


def test_a_file_just_over_the_limit_inside_the_allowed_request_is_still_refused(
    client: TestClient, alice: ApiUser, database_url: str
) -> None:
    # The request may carry the form around the file; the file itself is held to the exact limit.
    before = database_fingerprint(database_url)
    raw = research_eml("Edge")
    raw += b"y" * (UPLOAD_LIMIT + 1 - len(raw))
    assert_error(client.post(UPLOAD, files={"file": ("edge.eml", raw)}, headers=alice.headers), 413)
    assert database_fingerprint(database_url) == before


@pytest.mark.parametrize(("name", "content", "status"), [
    ("notes.txt", b"hello", 422),
    ("report.pdf", b"%PDF-1.4", 422),
    ("empty.eml", b"", 422),
    ("blank.eml", b"   \r\n  ", 422),
    ("outlook.eml", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, 422),
    ("empty.mbox", b"", 422),
])
def test_files_that_are_not_mail_are_refused(client: TestClient, alice: ApiUser, database_url: str,
                                             name: str, content: bytes, status: int) -> None:
    before = database_fingerprint(database_url)
    assert_error(client.post(UPLOAD, files={"file": (name, content)}, headers=alice.headers), status)
    assert database_fingerprint(database_url) == before


def test_an_upload_without_a_file_or_as_json_is_422(client: TestClient, alice: ApiUser, database_url: str) -> None:
    before = database_fingerprint(database_url)
    assert_error(client.post(UPLOAD, data={"other": "x"}, headers=alice.headers), 422)
    assert_error(client.post(UPLOAD, json={"file": "x"}, headers=alice.headers), 422)
    assert database_fingerprint(database_url) == before


def test_a_path_in_the_file_name_is_reduced_to_its_base_name(client: TestClient, alice: ApiUser) -> None:
    body = client.post(UPLOAD, files={"file": ("../../etc/cron.d/evil.eml", research_eml("x"))},
                       headers=alice.headers).json()
    assert body["filename"] == "evil.eml"
