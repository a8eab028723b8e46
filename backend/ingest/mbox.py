"""Streaming reader of mbox files (Google Takeout exports can be several GB).

The file is read line by line and one message at a time is held in memory, so memory stays flat
whatever the file's size. A message starts at a `From ` separator line at the start of the file or
after a blank line; `>From ` lines are unescaped one level (mboxrd, which Takeout writes) so the
archived bytes are the message as it was sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from backend.ingest.messages import RawMessage

# "From sender@example.com Thu Jan 16 19:05:00 2025" or Takeout's "From 18f0c...@xxx Thu Jan 16 ..."
_SEPARATOR = re.compile(rb"^From \S*.*\d\d:\d\d(:\d\d)?.*\d{4}\s*$")
_ESCAPED_FROM = re.compile(rb"^>+From ")


def looks_like_mbox(path: Path) -> bool:
    """An .mbox file, or any file whose first line is an mbox separator."""
    if path.suffix.lower() in (".mbox", ".mbx"):
        return True
    try:
        with path.open("rb") as handle:
            return bool(_SEPARATOR.match(handle.readline(1024).rstrip(b"\r\n")))
    except OSError:
        return False


def read_mbox(path: Path) -> Iterator[RawMessage]:
    """Yield each message of the mbox at `path`, in file order."""
    index = 0
    offset = 0
    start = 0
    lines: list[bytes] = []
    previous_blank = True
    with path.open("rb") as handle:
        for line in handle:
            bare = line.rstrip(b"\r\n")
            if previous_blank and _SEPARATOR.match(bare):
                if lines:
                    yield _message(path, index, start, lines)
                    index += 1
                lines = []
                start = offset
            else:
                lines.append(line[1:] if _ESCAPED_FROM.match(line) else line)
            previous_blank = not bare
            offset += len(line)
    if lines:
        yield _message(path, index, start, lines)


def _message(path: Path, index: int, offset: int, lines: list[bytes]) -> RawMessage:
    # The writer ends every message with one blank line before the next separator.
    if lines and not lines[-1].strip():
        lines = lines[:-1]
    raw = b"".join(lines)
    return RawMessage(raw=raw, source={"kind": "mbox", "ref": f"{path}#{index}", "offset": str(offset)})
