"""The dev corpus through the API: upload as an mbox, the run executed by a worker, everything readable."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from typing import Any

from fastapi.testclient import TestClient
from psycopg_pool import ConnectionPool

from backend.api.app import create_app
from backend.api.config import ApiConfig
from backend.config import Settings
from backend.pipeline.extraction_run import process_next_run
from tests.api.conftest import SESSION_SECRET
from tests.api.factory import ApiUser, store
from tests.conftest import DEV_CORPUS

CORPUS = sorted((DEV_CORPUS / "emails").glob("*.eml"))


def corpus_mbox() -> bytes:
    return b"".join(b"From research@example.com Mon Jan 20 09:00:00 2025\n" + path.read_bytes().rstrip(b"\r\n")
                    + b"\n\n" for path in CORPUS)


def every_page(client: TestClient, user: ApiUser, path: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    while True:
        page = client.get(path, params={**params, "limit": 200, "offset": len(items)}, headers=user.headers).json()
        items.extend(page["items"])
        if len(items) >= page["total"]:
            return items


def test_the_dev_corpus_uploaded_extracted_and_read_back(database_url: str, pool: ConnectionPool,
                                                         alice: ApiUser) -> None:
    config = ApiConfig(session_secret=SESSION_SECRET, max_upload_bytes=8 * 1024 * 1024)
    with TestClient(create_app(Settings.from_env(), config)) as client:
        uploaded = client.post("/api/ingest/upload", files={"file": ("corpus.mbox", corpus_mbox())},
                               headers=alice.headers)
        assert uploaded.status_code == 201, uploaded.text
        body = uploaded.json()
        assert body["messages"] == body["archived"] == len(CORPUS)
        run_id = body["run"]["id"]

        worker = threading.Thread(target=process_next_run, args=(pool,),
                                  kwargs={"worker_id": "e2e", "store": store(), "only_run_id": run_id})
        worker.start()
        deadline = time.monotonic() + 120
        while (status := client.get(f"/api/extraction/runs/{run_id}/status", headers=alice.headers).json())[
                "is_terminal"] is False:
            assert time.monotonic() < deadline, status
            time.sleep(0.2)
        worker.join()
        assert status["status"] == "succeeded" and status["archives_processed"] == len(CORPUS)

        reports = every_page(client, alice, "/api/extracted-reports")
        assert len(reports) == status["reports_inserted"] > 50
        assert len({report["id"] for report in reports}) == len(reports)
        assert every_page(client, alice, "/api/extracted-reports", run_id=run_id) == reports
        brokers = every_page(client, alice, "/api/brokers")
        companies = every_page(client, alice, "/api/companies")
        assert sum(item["reports"] for item in brokers) == sum(item["reports"] for item in companies) == len(reports)
        assert Counter(report["broker"] for report in reports) == {item["broker"]: item["reports"] for item in brokers}

        raw_by_archive = {item["archive_id"]: item for item in every_page(client, alice, "/api/email-archives")}
        sample = reports[:: max(1, len(reports) // 10)]
        for report in sample:
            detail = client.get(f"/api/extracted-reports/{report['id']}", headers=alice.headers).json()
            assert detail["archive"]["archive_id"] == report["archive_id"] in raw_by_archive
            raw = client.get(f"/api/email-archives/{report['archive_id']}/raw", headers=alice.headers).content
            assert raw.rstrip(b"\r\n") in {path.read_bytes().rstrip(b"\r\n") for path in CORPUS}
            timeline = client.get(f"/api/companies/{report['company_canonical']}/timeline", headers=alice.headers)
            assert timeline.status_code == 200

        labels = json.loads((DEV_CORPUS / "labels.json").read_text(encoding="utf-8"))
        expected = {(label["broker"], item["company"]) for label in labels if label["is_research"]
                    for item in label["reports"]}
        found = {(report["broker"], report["company_canonical"]) for report in reports}
        assert len(expected & found) >= 0.5 * len(expected), sorted(expected - found)
