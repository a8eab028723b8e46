"""Inputs and an archive step for the IMAP tests: dev corpus messages and a recording archive."""

from __future__ import annotations

import email.parser
from dataclasses import dataclass, field
from email import policy

from backend.ingest.messages import RawMessage, SourceFailure
from tests.conftest import DEV_CORPUS

CORPUS_FILES = sorted((DEV_CORPUS / "emails").glob("*.eml"))


def corpus_messages(count: int | None = None, start: int = 0) -> list[bytes]:
    """Raw bytes of dev corpus emails (distinct Message-IDs), in file order."""
    files = CORPUS_FILES[start:] if count is None else CORPUS_FILES[start : start + count]
    assert files, f"no .eml files in {DEV_CORPUS / 'emails'}"
    return [path.read_bytes() for path in files]


def header_message_id(raw: bytes) -> str:
    return str(email.parser.BytesHeaderParser(policy=policy.default).parsebytes(raw)["Message-ID"]).strip()


@dataclass
class RecordingArchive:
    """An archive step that remembers each batch it was given (by the messages' Message-IDs)."""

    batches: list[list[RawMessage | SourceFailure]] = field(default_factory=list)

    def __call__(self, batch: list[RawMessage | SourceFailure]) -> int:
        self.batches.append(batch)
        return len(batch)

    @property
    def messages(self) -> list[RawMessage]:
        return [item for batch in self.batches for item in batch if isinstance(item, RawMessage)]

    @property
    def message_ids(self) -> list[str]:
        return [header_message_id(message.raw) for message in self.messages]
