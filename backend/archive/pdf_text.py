"""Text of PDF attachments with pypdfium2, in worker processes.

PDFium is not thread-safe and a hostile PDF can make it spin or crash, so text extraction runs in
a `ProcessPoolExecutor` (started lazily, spawn context so no parent threads or locks are inherited)
with a wall-clock budget per PDF and a cap on each worker's address space: a decompression bomb
(a small stream that inflates to gigabytes) makes PDFium abort inside the worker instead of eating
the machine's memory. On timeout or crash the workers are killed and a fresh pool is started for
the next PDF. Use `PdfTextExtractor` as a context manager around a batch of messages.
`in_process=True` runs PDFium in the calling process (serialised by a lock, no timeout, no memory
cap) for one-off use such as a CLI command on a single trusted file.
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeoutError
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

from backend.archive.limits import (
    MAX_ATTACHMENT_TEXT_CHARS,
    MAX_PDF_BYTES,
    MAX_PDF_PAGE_CHARS,
    MAX_PDF_PAGES,
    PDF_TIMEOUT_SECONDS,
    PDF_WORKER_MEMORY_BYTES,
)
from backend.archive.plain_text import normalize_text

_WORKER_TASKS_BEFORE_RESTART = 200  # PDFium keeps some memory per document; recycle workers now and then
_IN_PROCESS_LOCK = threading.Lock()


@dataclass(frozen=True)
class PdfText:
    text: str | None
    status: str  # "extracted" | "truncated" | "too_large" | "failed" | "encrypted"
    pages: int | None
    detail: str = ""  # why it failed, for the snapshot's defect list


def extract_pdf_text(
    data: bytes, max_pages: int = MAX_PDF_PAGES, max_chars: int = MAX_ATTACHMENT_TEXT_CHARS
) -> PdfText:
    """Text of the first `max_pages` pages of a PDF, page by page. Runs PDFium in this process.

    At most MAX_PDF_PAGE_CHARS characters are read per page and reading stops once `max_chars`
    are gathered; either cut makes the status "truncated".
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            return PdfText(None, "encrypted", None, "password required")
        return PdfText(None, "failed", None, str(error))
    try:
        page_count = len(document)
        texts: list[str] = []
        gathered = 0
        cut = page_count > max_pages
        for index in range(min(page_count, max_pages)):
            if gathered >= max_chars:
                cut = True
                break
            text, page_cut = _page_text(document, index)
            texts.append(text)
            gathered += len(text)
            cut = cut or page_cut
    except pdfium.PdfiumError as error:
        return PdfText(None, "failed", None, str(error))
    except MemoryError:  # the worker's address-space cap reached by a Python allocation
        return PdfText(None, "failed", None, "out of memory")
    finally:
        document.close()
    return PdfText(normalize_text("\n\n".join(texts)), "truncated" if cut else "extracted", page_count)


def _page_text(document: Any, index: int) -> tuple[str, bool]:
    """(text of one page, whether it was cut at MAX_PDF_PAGE_CHARS)."""
    page = document[index]
    try:
        text_page = page.get_textpage()
        try:
            count = text_page.count_chars()
            if count <= 0:
                return "", False
            return str(text_page.get_text_range(0, min(count, MAX_PDF_PAGE_CHARS))), count > MAX_PDF_PAGE_CHARS
        finally:
            text_page.close()
    finally:
        page.close()


def limit_worker_memory(limit_bytes: int) -> None:
    """Pool initializer: cap this worker's address space (Linux; a no-op where unsupported)."""
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = limit_bytes if hard == resource.RLIM_INFINITY else min(limit_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ImportError, ValueError, OSError):  # no `resource` module (Windows) or refused
        return


class PdfTextExtractor:
    """Extracts PDF text in a lazily started process pool, with per-PDF time, page and size limits."""

    def __init__(
        self,
        *,
        workers: int = 1,
        timeout_seconds: float = PDF_TIMEOUT_SECONDS,
        max_pages: int = MAX_PDF_PAGES,
        max_bytes: int = MAX_PDF_BYTES,
        memory_bytes: int = PDF_WORKER_MEMORY_BYTES,
        in_process: bool = False,
    ) -> None:
        self.workers = workers
        self.memory_bytes = memory_bytes
        self.timeout_seconds = timeout_seconds
        self.max_pages = max_pages
        self.max_bytes = max_bytes
        self.in_process = in_process
        self._pool: ProcessPoolExecutor | None = None
        self._pool_lock = threading.Lock()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def extract(self, data: bytes) -> PdfText:
        """Text of one PDF; never raises for a bad PDF (the status says what happened)."""
        if len(data) > self.max_bytes:
            return PdfText(None, "too_large", None, f"{len(data)} bytes > limit {self.max_bytes}")
        if self.in_process:
            with _IN_PROCESS_LOCK:
                return extract_pdf_text(data, self.max_pages)
        pool = self._running_pool()
        try:
            future: Future[PdfText] = pool.submit(extract_pdf_text, data, self.max_pages)
            return future.result(timeout=self.timeout_seconds)
        except FutureTimeoutError:
            self._discard_pool(pool)
            return PdfText(None, "failed", None, f"timed out after {self.timeout_seconds:g} s")
        except BrokenProcessPool:  # PDFium aborted (out of memory under the cap) or crashed
            self._discard_pool(pool)
            return PdfText(None, "failed", None, "PDF worker process crashed")
        except Exception as error:  # anything else from the worker: this PDF fails, the batch goes on
            self._discard_pool(pool)
            return PdfText(None, "failed", None, f"PDF worker error: {type(error).__name__}")

    def close(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _running_pool(self) -> ProcessPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    max_tasks_per_child=_WORKER_TASKS_BEFORE_RESTART,
                    initializer=limit_worker_memory,
                    initargs=(self.memory_bytes,),
                )
            return self._pool

    def _discard_pool(self, pool: ProcessPoolExecutor) -> None:
        """Kill a pool whose worker is stuck or dead; the next PDF starts a fresh one."""
        with self._pool_lock:
            if self._pool is pool:
                self._pool = None
        # A worker stuck inside PDFium never returns, so shutdown() alone would wait forever.
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
