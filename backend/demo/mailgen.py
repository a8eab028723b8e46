"""Generated broker mail for benchmarks and load tests: the demo corpus, varied and multiplied.

Message `n` is demo email `n % 83` with a new Message-ID, its Date moved `n // 83` days later and
its subject marked as that update, so every generated message is a distinct email while keeping the demo
corpus's realistic MIME shapes, sizes and house styles. Deterministic: the same `n` always gives
the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from email.utils import format_datetime, parsedate_to_datetime
from functools import cache
from pathlib import Path
from typing import BinaryIO

from backend.demo import demo_emails_dir

_MESSAGE_ID = re.compile(rb"^Message-ID:[^\r\n]*(\r?\n[ \t][^\r\n]*)*", re.IGNORECASE | re.MULTILINE)
_DATE = re.compile(rb"^Date:([^\r\n]*)", re.IGNORECASE | re.MULTILINE)
_SUBJECT = re.compile(rb"^(Subject:[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)", re.IGNORECASE | re.MULTILINE)
_HEADER_END = re.compile(rb"\r?\n\r?\n")


@cache
def _templates() -> tuple[bytes, ...]:
    return tuple(path.read_bytes() for path in sorted(demo_emails_dir().glob("*.eml")))


def generated_message(index: int) -> bytes:
    """The `index`-th generated message (index >= 0)."""
    templates = _templates()
    template = templates[index % len(templates)]
    shift_days = index // len(templates)
    head_end = _HEADER_END.search(template)
    cut = head_end.start() if head_end else len(template)
    head, body = template[:cut], template[cut:]
    head = _MESSAGE_ID.sub(f"Message-ID: <gen-{index:08d}@mailgen.invalid>".encode(), head, count=1)
    if shift_days:
        # A later issue of the same note: another day and its own headline, so it is another report.
        head = _DATE.sub(lambda match: b"Date: " + _shifted(match.group(1), shift_days), head, count=1)
        head = _SUBJECT.sub(lambda match: match.group(1) + f" (update {shift_days})".encode(), head, count=1)
    return head + body


def generated_messages(count: int, start: int = 0) -> Iterator[bytes]:
    for index in range(start, start + count):
        yield generated_message(index)


def write_mbox(path: Path, count: int, start: int = 0) -> int:
    """Write `count` generated messages as an mboxrd file; returns its size in bytes."""
    with path.open("wb") as handle:
        for index, raw in enumerate(generated_messages(count, start), start):
            write_mbox_message(handle, raw, f"gen-{index:08d}@mailgen.invalid")
    return path.stat().st_size


def write_mbox_message(handle: BinaryIO, raw: bytes, sender: str) -> None:
    """Append one message in mboxrd form (`From ` lines in the body escaped with `>`)."""
    handle.write(f"From {sender} Thu Jan 16 19:05:00 2025\n".encode())
    for line in raw.splitlines(keepends=True):
        if re.match(rb">*From ", line):
            handle.write(b">")
        handle.write(line)
    if not raw.endswith(b"\n"):
        handle.write(b"\n")
    handle.write(b"\n")


def _shifted(date_value: bytes, days: int) -> bytes:
    try:
        moment = parsedate_to_datetime(date_value.decode("ascii", "replace").strip())
    except (TypeError, ValueError):
        return date_value.strip()
    return format_datetime(moment + timedelta(days=days)).encode()
