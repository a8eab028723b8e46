"""The dashboard in a real browser (Debian's chromium): log in, filter, read, chart, upload, cancel.

One database and one live server for the module, filled with the dev corpus through the real
pipeline; each test opens a fresh browser profile and logs in. Screenshots of every page (and
the feed on a phone) are saved under test-artifacts/screenshots/.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from playwright.sync_api import BrowserContext, Page, Playwright, expect, sync_playwright
from psycopg import sql
from psycopg_pool import ConnectionPool

from backend.api.app import create_app
from backend.api.config import ApiConfig
from backend.archive.store import ArchiveStore
from backend.config import Settings
from backend.db.embedded import with_database
from backend.ingest.files import read_message_file
from backend.ingest.messages import RawMessage
from backend.jobs.run_control import enqueue_run
from backend.pipeline.extraction_run import process_next_run
from backend.pipeline.ingest import ingest_messages
from tests.api.factory import ApiUser, make_user
from tests.conftest import DEV_CORPUS
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, LAPTOP, PHONE, live_server, require_chromium, screenshot_path

pytestmark = pytest.mark.browser

CORPUS = sorted((DEV_CORPUS / "emails").glob("*.eml"))
SEEDED = 75  # the rest is left for the upload test


@pytest.fixture(scope="module")
def site_database(pg_server_url: str, template_database: str) -> Iterator[str]:
    name = f"bi_browser_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name),
                                                                      sql.Identifier(template_database)))
    yield with_database(pg_server_url, name)
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def site(site_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The live dashboard over the seeded research of one user."""
    require_chromium()
    folder = tmp_path_factory.mktemp("site")
    settings = Settings(database_url=site_database, data_dir=folder / "data", archive_dir=folder / "archive")
    store = ArchiveStore(settings.archive_dir)
    with ConnectionPool(site_database, min_size=1, max_size=2) as pool:
        user = make_user(pool, "analyst@example.com")
        messages = [read_message_file(path) for path in CORPUS[:SEEDED]]
        ingest_messages(pool, user.user_id, [m for m in messages if isinstance(m, RawMessage)], store=store)
        run, _ = enqueue_run(pool, user.user_id, trigger_type="manual")
        finished = process_next_run(pool, worker_id="seed", store=store, only_run_id=run.id)
        assert finished is not None and finished.status == "succeeded" and finished.reports_inserted > 20
        app = create_app(settings, ApiConfig(session_secret="browser-test-session-secret-0123456789abcdef"))
        with live_server(app) as base_url:
            yield {"url": base_url, "user": user, "pool": pool, "store": store}


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture
def context(playwright: Playwright, site: dict[str, Any], tmp_path: Path) -> Iterator[BrowserContext]:
    browser_context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
        viewport=LAPTOP, base_url=site["url"],
    )
    browser_context.set_default_timeout(20_000)
    yield browser_context
    browser_context.close()


@pytest.fixture
def page(context: BrowserContext, site: dict[str, Any]) -> Page:
    """A logged-in page on the feed."""
    user: ApiUser = site["user"]
    tab = context.pages[0] if context.pages else context.new_page()
    tab.goto("/")
    expect(tab).to_have_url(re.compile(r"/login\?next=%2F$"))
    tab.fill("#token", user.token)
    tab.click("button[type=submit]")
    expect(tab.get_by_role("heading", name="Research feed")).to_be_visible()
    return tab


def report_count(page: Page) -> int:
    return page.locator("#results .report-card").count()


def test_log_in_and_filter_the_feed(page: Page, context: BrowserContext, site: dict[str, Any]) -> None:
    expect(page.locator("#results .report-card").first).to_be_visible()
    page.screenshot(path=screenshot_path("feed"), full_page=True)
    total = int(re.search(r"of ([\d,]+)", page.locator(".pager-count").first.inner_text()).group(1))  # type: ignore[union-attr]

    broker = page.locator("select[name=broker] option").nth(1).inner_text()
    page.select_option("select[name=broker]", label=broker)
    page.click("button:has-text('Apply')")
    expect(page).to_have_url(re.compile(r"broker="))
    brokers = page.locator("#results .report-card .broker").all_inner_texts()
    assert brokers and set(brokers) == {broker}
    page.screenshot(path=screenshot_path("feed-filtered-by-broker"), full_page=True)

    page.goto("/")
    page.fill("#q", "target")  # searching as one types (htmx), the address follows
    expect(page).to_have_url(re.compile(r"q=target"), timeout=10_000)
    searched = report_count(page)
    assert 0 < searched <= total

    if total > 25:  # pages reach every row
        page.goto("/")
        page.click("a[rel=next] >> nth=0")
        expect(page).to_have_url(re.compile(r"offset=25"))
        expect(page.locator(".pager-links .current").first).to_have_text("2")

    phone = context.new_page()
    phone.set_viewport_size(PHONE)
    phone.goto("/")
    expect(phone.locator("#results .report-card").first).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the feed is {width}px wide on a {PHONE['width']}px phone"
    phone.screenshot(path=screenshot_path("feed-phone"))  # the first screen, as the phone shows it


def test_open_a_report_and_its_source_email(page: Page) -> None:
    page.locator("#results .report-title a").first.click()
    expect(page.locator("article.report h1")).to_be_visible()
    expect(page.get_by_role("heading", name="Source email")).to_be_visible()
    assert page.locator(".call").count() == 3
    page.screenshot(path=screenshot_path("report"), full_page=True)
    page.click("#source-email")
    expect(page.locator("#download-raw")).to_be_visible()
    expect(page.locator(".email-text")).not_to_be_empty()
    page.screenshot(path=screenshot_path("email"), full_page=True)
    with page.expect_download() as download:
        page.click("#download-raw")
    assert download.value.suggested_filename.endswith(".eml")


def test_open_a_company_chart(page: Page, context: BrowserContext) -> None:
    page.click("nav >> text=Companies")
    page.locator("table.companies tbody a").first.click()
    expect(page.locator("#company-chart")).to_be_visible()
    assert page.locator("#company-chart circle").count() > 0
    page.screenshot(path=screenshot_path("company"), full_page=True)
    phone = context.new_page()
    phone.set_viewport_size(PHONE)
    phone.goto(page.url)
    expect(phone.locator("#company-chart")).to_be_visible()
    phone.screenshot(path=screenshot_path("company-phone"))


def test_upload_an_email_and_watch_its_run_finish(page: Page, site: dict[str, Any]) -> None:
    page.click("nav >> text=Upload")
    page.screenshot(path=screenshot_path("upload"), full_page=True)
    page.set_input_files("#file", str(CORPUS[-1]))
    page.click("button:has-text('Upload and extract')")
    expect(page).to_have_url(re.compile(r"/runs/\d+$"))
    run_id = int(page.url.rsplit("/", 1)[1])
    expect(page.locator(".run-progress")).to_have_attribute("data-status", "queued")

    worker = threading.Thread(target=process_next_run, args=(site["pool"],),
                              kwargs={"worker_id": "browser-test", "store": site["store"], "only_run_id": run_id})
    worker.start()
    expect(page.locator(".run-progress")).to_have_attribute("data-status", "succeeded", timeout=60_000)
    worker.join(timeout=30)
    expect(page.locator(".run-progress progress")).to_have_attribute("value", "100")
    page.screenshot(path=screenshot_path("run-finished"), full_page=True)


def test_cancel_a_run(page: Page) -> None:
    page.click("nav >> text=Runs")
    page.click("button:has-text('Start a run')")
    expect(page).to_have_url(re.compile(r"/runs/\d+$"))
    expect(page.locator(".run-progress")).to_have_attribute("data-status", "queued")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#cancel-run")
    expect(page.locator(".run-progress")).to_have_attribute("data-status", "canceled")
    expect(page.locator("#cancel-run")).to_have_count(0)
    page.click("nav >> text=Runs")
    expect(page.locator(".run-card").first.locator(".badge")).to_have_text("Canceled")
    page.screenshot(path=screenshot_path("runs"), full_page=True)
