"""Hypothesis strategies for hostile mail: arbitrary bytes, truncations and mutations of real messages.

The seeds are the labelled dev corpus (realistic broker mail) and the hostile MIME fixtures from
public test suites. Mutations are the damage real mail suffers (bit flips, lost or doubled ranges,
reordered headers, broken boundaries, wrong charsets and transfer encodings) plus the shapes an
attacker picks to exhaust a parser: deep nesting, huge header lines, thousands of parts, and long
runs of one character that make a greedy regular expression quadratic.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from hypothesis import strategies as st

from tests.conftest import DEV_CORPUS, MIME_FIXTURES

_NOT_MESSAGES = ("README.md", "LICENSE")
_BOUNDARY = re.compile(rb'boundary\s*=\s*"?([^";\r\n]+)"?', re.IGNORECASE)
_CHARSET = re.compile(rb'charset\s*=\s*"?([^";\s]*)"?', re.IGNORECASE)
_TRANSFER_ENCODING = re.compile(rb"(Content-Transfer-Encoding:[ \t]*)([^\r\n]*)", re.IGNORECASE)
_HEADER_END = re.compile(rb"\r?\n\r?\n")

# Labels mailers write, mislabels seen in the wild, and names of Python codecs that are not charsets.
HOSTILE_CHARSETS = (
    b"utf-8", b"us-ascii", b"iso-8859-1", b"x-unknown", b"unknown-8bit", b"", b"utf-7", b"utf-16", b"utf-32",
    b"ks_c_5601-1987", b"iso-2022-jp", b"gb2312", b"shift_jis", b"3Diso-8859-1", b"=?utf-8?", b"base64",
    b"zlib", b"hex", b"rot13", b"idna", b"punycode", b"undefined", b"unicode_escape", b"utf-8\x00", b"\xff\xfe",
)  # fmt: skip
TRANSFER_ENCODINGS = (b"base64", b"quoted-printable", b"x-uuencode", b"7bit", b"8bit", b"binary", b"gzip", b"")
# Fragments that change how a parser reads what follows them.
HOSTILE_FRAGMENTS = (
    b"\r\n", b"\r\n\r\n", b"\n.\n", b"\r", b"\x00", b"\xff\xfe\xfd", b"\xed\xa0\x80", b"--", b"=\r\n", b"=?",
    b"=?utf-8?b?", b"=?NONE?B?AAAA?=", b"?=", b"<", b">", b"(", b"\\", b'"', b"begin 644 x.txt\r\n",
    b"Content-Type: multipart/mixed; boundary=x\r\n", b"Content-Type: message/rfc822\r\n\r\n",
    b"Content-Transfer-Encoding: base64\r\n", b"\r\n--x\r\n", b"\r\n--x--\r\n",
    b"From: A <a@example.com>\r\nSubject: Fwd:\r\n", b"-----Original Message-----\r\n",
    b"<div style='font-size:0'>", b"<table><tr><td>", b"<!--", b"<![CDATA[", b"&#xFFFF;",
    b"On Mon, 6 Jan 2025, A <a@b.com> wrote:\r\n", b"> > > > > > > > > > ", b"TP Rs 1,20,000", b"BUY",
)  # fmt: skip
# Runs of one character class: what a greedy pattern like [\w.+-]+@ backtracks over quadratically.
RUN_UNITS = (b"1", b"0", b"9,", b"1.", b"a", b"a.", b"x@", b"> ", b"-", b"=", b" ", b"\t", b"|", b"Rs 1 ", b"A ")


@cache
def seed_messages() -> tuple[bytes, ...]:
    """Every dev-corpus email and every non-empty hostile fixture, as raw bytes."""
    corpus = sorted((DEV_CORPUS / "emails").glob("*.eml"))
    fixtures = sorted(p for p in MIME_FIXTURES.rglob("*") if p.is_file() and p.name not in _NOT_MESSAGES)
    return tuple(data for data in (_read(path) for path in [*corpus, *fixtures]) if data.strip())


@cache
def corpus_messages() -> tuple[bytes, ...]:
    return tuple(_read(path) for path in sorted((DEV_CORPUS / "emails").glob("*.eml")))


def _read(path: Path) -> bytes:
    return path.read_bytes()


def seeds() -> st.SearchStrategy[bytes]:
    return st.deferred(lambda: st.sampled_from(seed_messages()))


def corpus_seeds() -> st.SearchStrategy[bytes]:
    return st.deferred(lambda: st.sampled_from(corpus_messages()))


# --- truncation -------------------------------------------------------------------------------


@st.composite
def truncated(draw: st.DrawFn, source: st.SearchStrategy[bytes] | None = None) -> bytes:
    """A prefix of a seed, its length drawn from every class: empty, tiny, inside the header block,
    around the header/body boundary, inside the body, one byte short of whole."""
    raw = draw(source if source is not None else seeds())
    header_end = _header_end(raw)
    length = draw(
        st.one_of(
            st.integers(0, min(len(raw), 16)),
            st.integers(0, header_end),
            st.integers(max(0, header_end - 4), min(len(raw), header_end + 4)),
            st.integers(header_end, len(raw)),
            st.integers(max(0, len(raw) - 8), len(raw)),
        )
    )
    return raw[:length]


def _header_end(raw: bytes) -> int:
    match = _HEADER_END.search(raw)
    return match.end() if match else len(raw)


# --- mutations --------------------------------------------------------------------------------


def _position(draw: st.DrawFn, raw: bytes) -> int:
    return draw(st.integers(0, len(raw)))


def flip_bytes(draw: st.DrawFn, raw: bytes) -> bytes:
    if not raw:
        return raw
    data = bytearray(raw)
    for _ in range(draw(st.integers(1, 8))):
        index = draw(st.integers(0, len(data) - 1))
        data[index] ^= draw(st.integers(1, 255))
    return bytes(data)


def insert_bytes(draw: st.DrawFn, raw: bytes) -> bytes:
    at = _position(draw, raw)
    inserted = draw(st.one_of(st.sampled_from(HOSTILE_FRAGMENTS), st.binary(min_size=1, max_size=64)))
    return raw[:at] + inserted + raw[at:]


def delete_range(draw: st.DrawFn, raw: bytes) -> bytes:
    start = _position(draw, raw)
    length = draw(st.integers(1, 4096))
    return raw[:start] + raw[start + length :]


def duplicate_range(draw: st.DrawFn, raw: bytes) -> bytes:
    """A range copied many times somewhere else: doubled headers, repeated parts, looping bodies."""
    start = _position(draw, raw)
    piece = raw[start : start + draw(st.integers(1, 2048))]
    at = _position(draw, raw)
    return raw[:at] + piece * draw(st.integers(1, 200)) + raw[at:]


def swap_header_lines(draw: st.DrawFn, raw: bytes) -> bytes:
    end = _header_end(raw)
    lines = raw[:end].split(b"\n")
    if len(lines) < 3:
        return raw
    first = draw(st.integers(0, len(lines) - 2))
    second = draw(st.integers(0, len(lines) - 2))
    lines[first], lines[second] = lines[second], lines[first]
    return b"\n".join(lines) + raw[end:]


def break_boundary(draw: st.DrawFn, raw: bytes) -> bytes:
    """Change a multipart boundary where it is declared or where it is used, or drop its end line."""
    boundaries = list(dict.fromkeys(match.group(1) for match in _BOUNDARY.finditer(raw)))
    if not boundaries:
        return raw
    boundary: bytes = draw(st.sampled_from(boundaries))
    uses = [m.start() for m in re.finditer(re.escape(b"--" + boundary), raw)]
    choice = draw(st.sampled_from(("declaration", "use", "close", "all")))
    replacement = draw(st.sampled_from((b"", b"x", boundary[:-1], boundary + b"=", b'"', b"--", b" ")))
    if choice == "declaration":
        return raw.replace(b"boundary=", b"boundary=" + replacement, 1)
    if choice == "close":
        return raw.replace(b"--" + boundary + b"--", b"--" + boundary)
    if choice == "all":
        return raw.replace(boundary, replacement)
    if not uses:
        return raw
    at = draw(st.sampled_from(uses))
    return raw[:at] + b"--" + replacement + raw[at + 2 + len(boundary) :]


def break_charset(draw: st.DrawFn, raw: bytes) -> bytes:
    matches = list(_CHARSET.finditer(raw))
    label = draw(st.sampled_from(HOSTILE_CHARSETS))
    if not matches:
        end = _header_end(raw)
        return raw[:end].rstrip(b"\r\n") + b"\r\nContent-Type: text/plain; charset=" + label + b"\r\n\r\n" + raw[end:]
    match = draw(st.sampled_from(matches))
    return raw[: match.start(1)] + label + raw[match.end(1) :]


def break_transfer_encoding(draw: st.DrawFn, raw: bytes) -> bytes:
    matches = list(_TRANSFER_ENCODING.finditer(raw))
    if not matches:
        return raw
    match = draw(st.sampled_from(matches))
    return raw[: match.start(2)] + draw(st.sampled_from(TRANSFER_ENCODINGS)) + raw[match.end(2) :]


def nest_deeply(draw: st.DrawFn, raw: bytes) -> bytes:
    """The message wrapped in many levels of multipart/mixed or message/rfc822 (a forward chain)."""
    depth = draw(st.integers(2, 300))
    if draw(st.booleans()):
        wrapped = raw
        for level in range(depth):
            wrapped = (
                f'Content-Type: multipart/mixed; boundary="level{level}"\r\n\r\n--level{level}\r\n'.encode()
                + wrapped
                + f"\r\n--level{level}--\r\n".encode()
            )
        return wrapped
    return b"Subject: Fwd: note\r\nContent-Type: message/rfc822\r\n\r\n" * depth + raw


def huge_header_line(draw: st.DrawFn, raw: bytes) -> bytes:
    name = draw(
        st.sampled_from((b"Subject", b"To", b"From", b"Cc", b"Content-Type", b"Date", b"Message-ID", b"X-Junk"))
    )
    unit = draw(
        st.sampled_from(
            (b"a", b"1", b" ", b"(", b"\\\"", b"=?utf-8?q?a?= ", b"Name Surname <n@example.com>, ", b"; p=v",
             b"; name*0*=utf-8''a", b"<", b"Mon, ", b"\t", b"=?x?b?AA==?=")
        )
    )  # fmt: skip
    line = name + b": " + unit * (draw(st.integers(1_000, 300_000)) // len(unit)) + b"\r\n"
    return line + raw if draw(st.booleans()) else raw[: _header_end(raw)] + line + raw[_header_end(raw) :]


def many_parts(draw: st.DrawFn, raw: bytes) -> bytes:
    count = draw(st.integers(10, 3_000))
    part = draw(
        st.sampled_from(
            (
                b"--many\r\nContent-Type: text/plain\r\n\r\nline\r\n",
                b"--many\r\nContent-Type: text/html\r\n\r\n<p style='display:none'>x</p>\r\n",
                b"--many\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n",
                b"--many\r\nContent-Type: message/rfc822\r\n\r\nSubject: x\r\n\r\nx\r\n",
                b"--many\r\n\r\n",
            )
        )
    )
    head = raw[: _header_end(raw)]
    return head + b'Content-Type: multipart/mixed; boundary="many"\r\n\r\n' + part * count + b"--many--\r\n"


def long_run(draw: st.DrawFn, raw: bytes) -> bytes:
    """A long run of one character class in the body, optionally hard-wrapped like plain-text mail."""
    unit = draw(st.sampled_from(RUN_UNITS))
    run = unit * (draw(st.integers(1_000, 400_000)) // len(unit))
    if draw(st.booleans()):
        run = b"\r\n".join(run[i : i + 72] for i in range(0, len(run), 72))
    at = draw(st.integers(_header_end(raw), len(raw)))
    return raw[:at] + run + raw[at:]


MUTATIONS = (
    flip_bytes,
    insert_bytes,
    delete_range,
    duplicate_range,
    swap_header_lines,
    break_boundary,
    break_charset,
    break_transfer_encoding,
    nest_deeply,
    huge_header_line,
    many_parts,
    long_run,
)


@st.composite
def mutated(draw: st.DrawFn, source: st.SearchStrategy[bytes] | None = None) -> bytes:
    """A seed with one to three mutations applied in turn."""
    raw = draw(source if source is not None else seeds())
    # One draw per mutation (not a drawn list): lists of functions make Hypothesis discard many cases.
    for _ in range(draw(st.integers(1, 3))):
        raw = draw(st.sampled_from(MUTATIONS))(draw, raw)
    return raw


def hostile_text() -> st.SearchStrategy[str]:
    """Body text for the extractor: research-like words, hostile fragments and long runs, mixed."""
    words = st.sampled_from(
        (
            "BUY", "Sell", "Hold", "TP", "Rs", "₹", "1,20,000", "3,450.5", "target", "price", "upgrade", "to",
            "from", "initiate", "coverage", "Reliance", "Industries", "Q3FY25", "EBITDA", "YoY", "bps", "%",
            "results", "preview", "sector", "strategy", "Dear", "Rohan", "wrote:", "From:", "Subject:", ">",
            "•", "|", "\t", "\n", "\n\n", "http://x.example/a?b=c", "a@b.com", "+91 98200 00000", "(", ")",
            "Disclaimer", "SEBI", "Registration", "No.", "INE002A01018", "1e308", "9" * 40, "0.0000001", "-5",
            "USD", "US$", "¥", "\u200b", "\ufeff", "\x00", "\ud800", "Ω", "𝔘",
        )
    )  # fmt: skip
    prose = st.lists(words, max_size=400).map(" ".join)
    runs = st.builds(
        lambda unit, count: unit * count, st.sampled_from([u.decode() for u in RUN_UNITS]), st.integers(0, 50_000)
    )
    return st.lists(st.one_of(prose, runs, st.text(max_size=200)), min_size=1, max_size=6).map("\n".join)
