"""The shared dev corpus, read with the standard library only, for corpus-wide checks."""

from __future__ import annotations

import email
import email.policy
import html
import json
import re
from dataclasses import dataclass
from email.message import EmailMessage
from functools import cache
from typing import Any

from tests.conftest import DEV_CORPUS

_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class CorpusEmail:
    label: dict[str, Any]
    message: EmailMessage

    @property
    def sender(self) -> tuple[str, str]:
        address = self.message["From"].addresses[0]
        return address.addr_spec, address.display_name

    @property
    def text(self) -> str:
        """Subject plus every text part (HTML parts reduced to text), attached messages included."""
        parts = [str(self.message["Subject"])]
        for part in self.message.walk():
            kind = part.get_content_type()
            if kind not in ("text/plain", "text/html"):
                continue
            try:
                content = part.get_content()
            except (LookupError, ValueError):
                continue
            parts.append(html.unescape(_TAG.sub(" ", content)) if kind == "text/html" else content)
        return "\n".join(parts)


@cache
def corpus_emails() -> tuple[CorpusEmail, ...]:
    labels_file = DEV_CORPUS / "labels.json"
    labels = json.loads(labels_file.read_text(encoding="utf-8"))
    emails = []
    for label in labels:
        raw = (DEV_CORPUS / label["file"]).read_bytes()
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        emails.append(CorpusEmail(label, message))
    return tuple(emails)
