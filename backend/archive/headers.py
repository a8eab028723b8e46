"""Header values read without ever raising.

`str(msg["subject"])` under `policy.default` raises on some real mail (CR/LF inside an encoded
address, unknown charsets in encoded words, `=?NONE?B?...?=`). So headers are read from the raw
header list and RFC 2047 encoded words are decoded here, with the charset repair of `charsets`.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
from email.message import Message

from backend.archive.charsets import decode_bytes
from backend.archive.defects import DefectLog
from backend.archive.plain_text import storable

_ENCODED_WORD = re.compile(r"=\?([^?\s]*)\?([bBqQ])\?([^?\s]*)\?=")
_SPACE_BETWEEN_WORDS = re.compile(r"(\?=)\s+(=\?)")
_FOLDED_WHITESPACE = re.compile(r"\s+")
_MSG_ID = re.compile(r"<\s*([^<>]*?)\s*>")

# Raw headers copied into the snapshot for the stages after extraction (lists, threads, automation).
KEPT_HEADERS = (
    "list-id",
    "list-unsubscribe",
    "list-unsubscribe-post",
    "in-reply-to",
    "references",
    "x-mailer",
    "auto-submitted",
    "precedence",
)


def raw_header(msg: Message, name: str) -> str | None:
    """The first `name` header exactly as stored by the parser (still folded and encoded)."""
    wanted = name.lower()
    for key, value in msg.raw_items():
        if key.lower() == wanted:
            return str(value)
    return None


def raw_headers(msg: Message, name: str) -> list[str]:
    wanted = name.lower()
    return [str(value) for key, value in msg.raw_items() if key.lower() == wanted]


def header_text(msg: Message, name: str, defects: DefectLog) -> str | None:
    """The decoded, unfolded value of the first `name` header, or None when absent."""
    raw = raw_header(msg, name)
    if raw is None:
        return None
    text, clean = decode_header_value(raw)
    if not clean:
        defects.add("header_undecodable", f"{name.lower()}: {_excerpt(text)}")
    return text


def decode_header_value(raw: str) -> tuple[str, bool]:
    """Decode RFC 2047 encoded words and stray 8-bit bytes, then unfold; (text, decoded cleanly)."""
    raw, clean = repair_8bit(raw)
    # Whitespace between two adjacent encoded words is not part of the text (RFC 2047 section 6.2).
    joined = _SPACE_BETWEEN_WORDS.sub(r"\1\2", raw)
    pieces: list[str] = []
    position = 0
    for match in _ENCODED_WORD.finditer(joined):
        pieces.append(joined[position : match.start()])
        word, word_clean = _decode_encoded_word(match.group(1), match.group(2), match.group(3))
        pieces.append(word)
        clean = clean and word_clean
        position = match.end()
    pieces.append(joined[position:])
    return storable(_FOLDED_WHITESPACE.sub(" ", "".join(pieces)).strip()), clean


def repair_8bit(raw: str) -> tuple[str, bool]:
    """Turn 8-bit header bytes (kept by the parser as surrogate escapes) into text; usually UTF-8."""
    if not any("\udc80" <= char <= "\udcff" for char in raw):
        return raw, True
    decoded = decode_bytes(raw.encode("utf-8", "surrogateescape"), None)
    return decoded.text, decoded.problem is None


def _decode_encoded_word(charset: str, encoding: str, payload: str) -> tuple[str, bool]:
    charset = charset.split("*", 1)[0]  # RFC 2231 language suffix: =?utf-8*en?Q?...?=
    try:
        if encoding in "bB":
            data = base64.b64decode(payload + "=" * (-len(payload) % 4))
        else:
            data = quopri.decodestring(payload.replace("_", " ").encode("ascii", "replace"), header=True)
    except (binascii.Error, ValueError):
        return payload, False
    decoded = decode_bytes(data, charset)
    return decoded.text, decoded.problem in (None, "charset_mismatch")


def message_id_from(value: str | None) -> str | None:
    """The id inside `<...>` (or the bare token), without brackets and whitespace; None when empty."""
    if not value:
        return None
    match = _MSG_ID.search(value)
    candidate = match.group(1) if match else value
    candidate = storable("".join(repair_8bit(candidate)[0].split()))
    return candidate or None


def thread_root(msg: Message) -> str | None:
    """The first id of References (the thread's root), else In-Reply-To, else None."""
    references = raw_header(msg, "references")
    if references:
        ids = _MSG_ID.findall(references)
        root = message_id_from(f"<{ids[0]}>") if ids else message_id_from(references.split()[0])
        if root:
            return root
    return message_id_from(raw_header(msg, "in-reply-to"))


def received_date_text(msg: Message) -> str | None:
    """The date stamped by the receiving server in the top (newest) Received header."""
    received = raw_header(msg, "received")
    if not received or ";" not in received:
        return None
    return _FOLDED_WHITESPACE.sub(" ", received.rsplit(";", 1)[1]).strip() or None


def kept_headers(msg: Message) -> dict[str, str]:
    kept: dict[str, str] = {}
    for name in KEPT_HEADERS:
        raw = raw_header(msg, name)
        if raw is not None:
            kept[name] = decode_header_value(raw)[0]
    return kept


def _excerpt(value: str, limit: int = 60) -> str:
    flat = _FOLDED_WHITESPACE.sub(" ", value).strip()
    return flat if len(flat) <= limit else flat[:limit] + "..."
