"""Clean-up shared by every text the snapshot stores (plain bodies, converted HTML, attachment text).

The extractor reads text line by line, so the shape matters: one paragraph or list item per line
group, no trailing blanks, at most one blank line in a row, no invisible characters that split words.
"""

from __future__ import annotations

import re

# Invisible characters that mail templates use to pad preview text or that break word matching.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f\u180e"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u3000"), " ")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BLANK_RUN = re.compile(r"\n{3,}")
# A code point in this range is always a lone surrogate in a Python str (pairs are one code point).
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(text: str) -> str:
    """`text` as UTF-8 JSON and PostgreSQL text accept it: no NUL, lone surrogates as U+FFFD.

    Decoders leave both in hostile mail (a NUL byte in a header, UTF-7 "+2AA-", an 8-bit byte in a
    Message-ID) and either one makes the snapshot file or the index row impossible to write.
    """
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", text)
    return text


def normalize_text(text: str) -> str:
    """Unix newlines, no control or invisible characters, no trailing spaces, no blank-line runs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.translate(_INVISIBLE).translate(_SPACES)
    text = storable(_CONTROL.sub("", text))
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUN.sub("\n\n", text).strip("\n")


def unflow(text: str, *, delsp: bool) -> str:
    """Join the soft line breaks of a format=flowed body (RFC 3676) into whole paragraphs."""
    out: list[str] = []
    pending = ""
    for raw_line in text.replace("\r\n", "\n").split("\n"):
        line = raw_line
        if line.startswith(" "):  # space-stuffing
            line = line[1:]
        flowed = line.endswith(" ") and line != "-- "
        if flowed:
            pending += line[:-1] if delsp else line
            continue
        out.append(pending + line)
        pending = ""
    if pending:
        out.append(pending)
    return "\n".join(out)


def truncate(text: str, limit: int) -> tuple[str, bool]:
    """`text` cut to at most `limit` characters at a line break when one is near; True when cut."""
    if len(text) <= limit:
        return text, False
    cut = text.rfind("\n", max(0, limit - 2000), limit)
    return text[: cut if cut > 0 else limit], True
