"""Mail sources on disk: .eml files, folders of them, mbox files and Maildir folders.

`open_sources` checks every path first (a missing path is an error before anything is written),
then `read_sources` yields each message, or a `SourceFailure` for one that cannot be read, so
one bad file never stops an ingest.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from backend.errors import SourceNotFoundError
from backend.ingest.mbox import looks_like_mbox, read_mbox
from backend.ingest.messages import RawMessage, SourceFailure

_OUTLOOK_MSG_MAGIC = b"\xd0\xcf\x11\xe0"
# What a folder walk picks up: saved messages under their usual names, and Outlook .msg files so
# that they are reported rather than silently skipped. READMEs and the like are left alone.
MESSAGE_FILE_SUFFIXES = frozenset({".eml", ".raw", ".mime", ".msg"})


@dataclass(frozen=True)
class MailSource:
    path: Path
    kind: str  # "eml" | "folder" | "mbox" | "maildir"

    @property
    def size(self) -> int:
        """Bytes to read, for progress and ETA."""
        if self.kind in ("eml", "mbox"):
            return self.path.stat().st_size
        return sum(path.stat().st_size for path in self._files())

    def messages(self) -> Iterator[RawMessage | SourceFailure]:
        if self.kind == "mbox":
            yield from read_mbox(self.path)
            return
        kind = "maildir" if self.kind == "maildir" else "file"
        for path in self._files():
            yield read_message_file(path, kind)

    def _files(self) -> list[Path]:
        if self.kind in ("eml", "mbox"):
            return [self.path]
        if self.kind == "maildir":
            return sorted(path for sub in ("new", "cur") for path in (self.path / sub).iterdir() if path.is_file())
        return sorted(
            path for path in self.path.rglob("*")
            if path.is_file() and path.suffix.lower() in MESSAGE_FILE_SUFFIXES
        )


def is_maildir(path: Path) -> bool:
    return path.is_dir() and (path / "cur").is_dir() and (path / "new").is_dir()


def open_sources(paths: Sequence[Path]) -> list[MailSource]:
    """Classify each path; refuse the whole ingest when one is missing or unreadable."""
    sources = []
    for path in paths:
        if not path.exists():
            raise SourceNotFoundError(str(path), "no such file or directory")
        if not os.access(path, os.R_OK):
            raise SourceNotFoundError(str(path), "permission denied")
        if is_maildir(path):
            sources.append(MailSource(path, "maildir"))
        elif path.is_dir():
            sources.append(MailSource(path, "folder"))
        elif looks_like_mbox(path):
            sources.append(MailSource(path, "mbox"))
        else:
            sources.append(MailSource(path, "eml"))
    return sources


def read_sources(sources: Sequence[MailSource]) -> Iterator[RawMessage | SourceFailure]:
    for source in sources:
        yield from source.messages()


def read_message_file(path: Path, kind: str = "file") -> RawMessage | SourceFailure:
    try:
        raw = path.read_bytes()
    except OSError as error:
        return SourceFailure(str(path), f"unreadable: {error.strerror or error}")
    if raw.startswith(_OUTLOOK_MSG_MAGIC):
        return SourceFailure(str(path), "Outlook .msg file, not an RFC 5322 message: save it as .eml")
    if not raw.strip():
        return SourceFailure(str(path), "empty file")
    return RawMessage(raw=raw, source={"kind": kind, "ref": str(path)})
