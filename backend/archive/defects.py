"""What could not be read in a message, as short stable codes with a detail.

Each entry reads `"<code>: <detail>"`, for example `"undecodable_charset: x-unknown in part 1.2"`.
Codes are stable (tests and dashboards count them); details name the value and where it was found.
"""

from __future__ import annotations

from backend.archive.limits import MAX_DEFECT_DETAIL_CHARS, MAX_DEFECTS
from backend.archive.plain_text import storable

# The codes in use, for readers of snapshots (the detail after the colon varies).
DEFECT_CODES = frozenset(
    {
        "too_large",  # message above MAX_MESSAGE_BYTES: headers only
        "parse_failed",  # the MIME parser gave up: headers only
        "no_headers",  # nothing that looks like a header block
        "header_undecodable",  # a header could not be decoded cleanly
        "header_defect",  # the parser flagged a header (bad address list, bad date syntax...)
        "bad_date",  # a Date/Received/forward date that cannot be read
        "date_without_zone",  # a date with no UTC offset: no UTC time is derived from it
        "missing_message_id",  # a stable id was generated from the raw bytes
        "mime_defect",  # the parser flagged a part (missing boundary, bad base64 padding...)
        "broken_multipart",  # multipart/* whose parts could not be split
        "undecodable_charset",  # unknown charset label: text decoded by guessing
        "charset_mismatch",  # bytes did not match the declared charset: decoded as another
        "undecodable_bytes",  # some bytes replaced by U+FFFD
        "undecodable_part",  # payload could not be decoded at all
        "too_many_parts",  # MAX_PARTS reached: remaining parts skipped
        "too_many_addresses",  # an address header above MAX_ADDRESS_HEADER_CHARS: the rest skipped
        "too_deep",  # MAX_MIME_DEPTH reached: deeper parts skipped
        "body_truncated",  # a body above MAX_BODY_CHARS / MAX_HTML_CHARS was cut
        "html_fallback",  # the main HTML converter failed: the fallback converter was used
        "pdf_failed",  # a PDF could not be read (corrupt, timeout, worker crash)
        "pdf_encrypted",  # a password-protected PDF
        "forward_depth",  # more forward layers than MAX_FORWARD_DEPTH
        "too_many_defects",  # MAX_DEFECTS reached: the count of the rest
    }
)


class DefectLog:
    """An ordered, de-duplicated, capped list of defect entries."""

    def __init__(self) -> None:
        self._entries: list[str] = []
        self._seen: set[str] = set()
        self._dropped = 0

    def add(self, code: str, detail: str) -> None:
        if len(detail) > MAX_DEFECT_DETAIL_CHARS:
            detail = detail[: MAX_DEFECT_DETAIL_CHARS - 3] + "..."
        detail = storable(detail)  # details quote raw values (a charset label, a header)
        entry = f"{code}: {detail}" if detail else code
        if entry in self._seen:
            return
        if len(self._entries) >= MAX_DEFECTS:
            self._dropped += 1
            return
        self._seen.add(entry)
        self._entries.append(entry)

    def entries(self) -> list[str]:
        if self._dropped:
            return [*self._entries, f"too_many_defects: {self._dropped} more not recorded"]
        return list(self._entries)
