"""Bytes to text under a declared charset that may be wrong, misspelt or unknown.

Mailers mislabel constantly: UTF-8 sent as us-ascii or iso-8859-1, Korean sent as ks_c_5601-1987
(really Windows code page 949), labels mangled by quoted-printable (`3Diso-8859-1`) or quoting
(`charset=us-ascii` inside the value). Decoding never fails here: the result says which codec was
used and why, so the caller can record a defect.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

# Labels Python does not know, or knows as a narrower codec than the one mailers actually use
# (the WHATWG Encoding Standard maps them the same way).
_CODEC_FOR_LABEL = {
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "euc-kr": "cp949",
    "x-sjis": "cp932",
    "shift_jis": "cp932",
    "sjis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "iso_8859-1": "cp1252",
    "us-ascii": "ascii",
    "iso-8859-8-i": "iso8859-8",
    "windows-874": "cp874",
    "x-mac-roman": "mac-roman",
    "cp-850": "cp850",
    "utf8": "utf-8",
}

# Labels that promise nothing about the bytes: decode by sniffing, and do not call it a defect.
_UNSPECIFIED_LABELS = frozenset({"", "unknown-8bit", "x-unknown", "unknown", "default", "none", "8bit"})

_ASCII_COMPATIBLE_SINGLE_BYTE = frozenset({"ascii", "cp1252", "iso8859-1", "iso8859-15"})

# Codecs Python knows under a name a hostile message may put in a charset label, but that are no
# character sets: they transform text (idna, punycode, Python escapes) or refuse to decode at all
# ("undefined"), and some refuse errors="replace". Bytes-to-bytes codecs (base64, zlib, hex...) are
# excluded by `CodecInfo._is_text_encoding` below.
_NOT_MAIL_CHARSETS = frozenset({"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape"})


@dataclass(frozen=True)
class DecodedText:
    text: str
    codec: str
    problem: str | None  # "undecodable_charset", "charset_mismatch", "undecodable_bytes" or None


def normalize_label(label: str | None) -> str:
    """A charset label as mailers mean it: lower-case, unquoted, without QP or parameter debris."""
    value = (label or "").strip().strip("\"'").strip().lower()
    if value.startswith("charset="):
        value = value[len("charset=") :].strip("\"'")
    if value.startswith("3d"):  # '=3D' left by a quoted-printable encoded header
        value = value[2:]
    return value.rstrip("=;").strip()


def codec_for(label: str | None) -> str | None:
    """The Python codec for a charset label, or None when the label is unknown or says nothing."""
    value = normalize_label(label)
    if value in _UNSPECIFIED_LABELS:
        return None
    value = _CODEC_FOR_LABEL.get(value, value)
    try:
        info = codecs.lookup(value)
    except (LookupError, ValueError):  # ValueError: a label with a NUL byte
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_MAIL_CHARSETS:
        return None  # "charset=base64" or "=?zlib?...": not a character set, decode as unlabelled
    return info.name


def decode_bytes(data: bytes, label: str | None) -> DecodedText:
    """Decode `data` declared as `label`, repairing the common mislabels."""
    codec = codec_for(label)
    if codec is None:
        problem = None if normalize_label(label) in _UNSPECIFIED_LABELS else "undecodable_charset"
        return _sniff(data, problem)
    if codec in _ASCII_COMPATIBLE_SINGLE_BYTE and not data.isascii():
        # UTF-8 labelled as ASCII or Latin-1 is the commonest mislabel, and real Latin-1 text almost
        # never happens to form valid multi-byte UTF-8 sequences.
        utf8 = _strict(data, "utf-8")
        if utf8 is not None:
            return DecodedText(utf8, "utf-8", "charset_mismatch")
        if codec == "ascii":
            return DecodedText(data.decode("cp1252", errors="replace"), "cp1252", "charset_mismatch")
    text = _strict(data, codec)
    if text is not None:
        return DecodedText(text, codec, None)
    utf8 = _strict(data, "utf-8")
    if utf8 is not None:
        return DecodedText(utf8, "utf-8", "charset_mismatch")
    return DecodedText(_lossy(data, codec), codec, "undecodable_bytes")


def _lossy(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec, errors="replace")
    except Exception:  # a CJK or stateful codec failing on hostile bytes even with "replace"
        return data.decode("cp1252", errors="replace")


def _sniff(data: bytes, problem: str | None) -> DecodedText:
    text = _strict(data, "utf-8")
    if text is not None:
        return DecodedText(text, "utf-8", problem)
    # cp1252 leaves only five byte values undefined, so this is the least lossy last resort.
    return DecodedText(data.decode("cp1252", errors="replace"), "cp1252", problem or "charset_mismatch")


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    except Exception:  # some CJK codecs raise other errors on hostile input
        return None
