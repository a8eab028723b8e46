"""Build snapshots of hostile messages in a process whose address space is capped.

Run as `python -m tests.robustness.bounded_build <limit-bytes>`: the cap (RLIMIT_AS) is set before
anything is imported, every scenario below is built through the real PDF worker pool, and one JSON
object per scenario is printed. If any scenario needed more memory than the cap, the process dies
with a MemoryError (or PDFium aborts it) instead of printing, and the calling test fails. A scenario
still running after HANG_SECONDS is abandoned and reported as hung.
"""

from __future__ import annotations

import resource
import signal
import sys
from collections.abc import Callable
from types import FrameType

HANG_SECONDS = 10.0


class _Hung(BaseException):
    """Raised by the alarm; not an Exception, so no defensive handler in the product swallows it."""


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise _Hung


def _scenarios() -> dict[str, Callable[[], bytes]]:
    from tests.robustness.bombs import message_with_attachments, pdf_bomb, pdf_document, text_page, zip_bomb

    gib = 1024 * 1024 * 1024

    def attachments() -> bytes:
        return message_with_attachments(
            [
                ("bomb.pdf", "application/pdf", pdf_bomb(2 * gib)),
                ("note.pdf", "application/pdf", pdf_document([text_page("Initiating coverage with BUY")])),
                ("pages.pdf", "application/pdf", pdf_document([text_page("Page")] * 3000)),
                ("bomb.zip", "application/zip", zip_bomb(2 * gib)[0]),
            ]
        )

    def nested_multiparts() -> bytes:
        body = b"Content-Type: text/plain\r\n\r\ninnermost\r\n"
        for level in range(3000):
            body = f'Content-Type: multipart/mixed; boundary="n{level}"\r\n\r\n--n{level}\r\n'.encode() + body
        return b"From: a@example.com\r\nSubject: nested\r\n" + body

    def rfc822_chain() -> bytes:
        return (
            b"From: a@example.com\r\nSubject: chain\r\n"
            + b"Content-Type: message/rfc822\r\n\r\nSubject: Fwd\r\n" * 20_000
        )

    def many_parts() -> bytes:
        part = b"--p\r\nContent-Type: text/plain\r\n\r\nx\r\n"
        return (
            b'From: a@example.com\r\nSubject: parts\r\nContent-Type: multipart/mixed; boundary="p"\r\n\r\n'
            + part * 200_000
        )

    def over_size_limit() -> bytes:
        return _text_message(50 * 1024 * 1024 + 1)

    def at_size_limit() -> bytes:
        return _text_message(50 * 1024 * 1024)

    return {
        "attachments": attachments,
        "nested_multiparts": nested_multiparts,
        "rfc822_chain": rfc822_chain,
        "many_parts": many_parts,
        "over_size_limit": over_size_limit,
        "at_size_limit": at_size_limit,
    }


def _text_message(size: int) -> bytes:
    head = b"From: Research <research@broker.example>\r\nSubject: Very long note\r\nContent-Type: text/plain\r\n\r\n"
    line = b"We expect EBITDA to grow 20% YoY and keep BUY with a TP of Rs 1,200 on Reliance Industries.\r\n"
    body = line * ((size - len(head)) // len(line) + 1)
    return head + body[: size - len(head)]


def main() -> None:
    limit = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import json

    from backend.archive.pdf_text import PdfTextExtractor
    from backend.archive.snapshot import build_snapshot
    from backend.extraction.extractor import extract

    results: dict[str, object] = {}
    signal.signal(signal.SIGALRM, _interrupt)
    with PdfTextExtractor(workers=1) as pdf_text:
        for name, make in _scenarios().items():
            raw = make()
            signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS, 1.0)
            try:
                snapshot = build_snapshot(
                    raw, user_id="user_bounded", source={"kind": "file", "ref": name}, pdf_text=pdf_text
                )
                extraction = extract(snapshot)
            except _Hung:
                results[name] = {"hung": True}
                continue
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            results[name] = {
                "hung": False,
                "raw_size": len(raw),
                "subject": snapshot.subject,
                "defects": snapshot.defects,
                "text_chars": len(snapshot.text_body) + len(snapshot.html_text),
                "attachments": [attachment.to_dict() for attachment in snapshot.attachments[:10]],
                "attachment_count": len(snapshot.attachments),
                "extraction_reasons": extraction.reasons,
            }
            del raw, snapshot
    results["max_rss_bytes"] = {
        "self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "pdf_workers": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
    }
    print(json.dumps(results))


if __name__ == "__main__":
    main()
