"""Hand-written hostile messages, one per weakness the properties found in the archive stage.

Each message used to raise out of `build_snapshot`, to produce a snapshot that could not be stored,
or to take minutes to hours; each must now give a storable snapshot at once, with its defect.
"""

from __future__ import annotations

import pytest

from backend.archive.limits import MAX_ADDRESS_HEADER_CHARS, MAX_DEFECT_DETAIL_CHARS
from backend.archive.snapshot import Snapshot, build_snapshot
from tests.robustness.checks import assert_storable_snapshot, hang_guard

HEAD = "From: Research <research@broker.example>\r\nTo: investor@example.com\r\nSubject: Note\r\n"


def _snapshot(raw: bytes) -> Snapshot:
    with hang_guard():
        snapshot = build_snapshot(raw, user_id="user_hostile", source={"kind": "file", "ref": "hostile.eml"})
    assert_storable_snapshot(snapshot, raw)
    return snapshot


def _codes(snapshot: Snapshot) -> set[str]:
    return {entry.split(":", 1)[0] for entry in snapshot.defects}


@pytest.mark.parametrize("label", ["base64", "zlib", "hex", "rot13", "quopri", "uu", "idna", "undefined", "punycode"])
def test_a_charset_naming_a_codec_that_is_no_charset_is_read_as_unlabelled(label: str) -> None:
    raw = (
        f"From: a@example.com\r\nSubject: =?{label}?q?Results_review?=\r\n"
        f"Content-Type: text/plain; charset={label}\r\n\r\nEBITDA up 20% YoY\r\n"
    ).encode()
    snapshot = _snapshot(raw)
    assert snapshot.text_body == "EBITDA up 20% YoY"
    assert snapshot.subject == "Results review"
    assert "undecodable_charset" in _codes(snapshot)


def test_thousands_of_nested_comments_in_an_address_are_a_defect_not_a_crash() -> None:
    raw = f"From: {'(' * 5000}x{')' * 5000} <a@example.com>\r\nSubject: s\r\n\r\nbody\r\n".encode()
    snapshot = _snapshot(raw)
    assert "header_defect" in _codes(snapshot)
    assert snapshot.text_body == "body"


def test_an_address_header_with_fifty_thousand_addresses_is_cut() -> None:
    recipients = ", ".join(f"Reader {i:05d} <reader{i}@example.com>" for i in range(50_000))
    snapshot = _snapshot(f"From: a@example.com\r\nTo: {recipients}\r\nSubject: s\r\n\r\nbody\r\n".encode())
    assert "too_many_addresses" in _codes(snapshot)
    assert 0 < len(snapshot.to) <= MAX_ADDRESS_HEADER_CHARS // 30
    assert snapshot.to[0].address == "reader0@example.com"


def test_an_address_header_of_a_hundred_thousand_quoted_strings_is_cut() -> None:
    # The stdlib address parser is quadratic in the number of tokens: this took minutes.
    quoted = '"a' * 100_000
    snapshot = _snapshot(f"From: {quoted} <a@example.com>\r\nSubject: s\r\n\r\nbody\r\n".encode())
    assert "too_many_addresses" in _codes(snapshot)
    assert snapshot.text_body == "body"


def test_a_megabyte_header_value_is_not_copied_into_the_defect_list() -> None:
    snapshot = _snapshot(f"From: a@example.com\r\nDate: {'Mon, ' * 200_000}\r\n\r\nbody\r\n".encode())
    assert "bad_date" in _codes(snapshot)
    assert max(len(entry) for entry in snapshot.defects) <= MAX_DEFECT_DETAIL_CHARS + 40


def test_a_content_type_with_a_million_parameters_is_parsed_in_bounded_time() -> None:
    params = "; ".join(f"p{i}=v" for i in range(1_000_000))
    raw = f"From: a@example.com\r\nSubject: s\r\nContent-Type: text/plain; {params}\r\n\r\nbody\r\n".encode()
    assert _snapshot(raw).text_body == "body"


def test_an_inline_forward_with_thousands_of_header_like_lines_is_read_in_bounded_time() -> None:
    body = (
        "---------- Forwarded message ---------\r\nFrom: Kotak Research <research@kotak.com>\r\n"
        "Date: Mon, 6 Jan 2025 at 08:00\r\nSubject: Reliance: BUY\r\nTo: a@example.com\r\n\r\n"
        "We initiate coverage.\r\n" + "Target: Rs 3,000\r\n" * 60_000 + "Last line of the note.\r\n"
    )
    snapshot = _snapshot((HEAD + "\r\n" + body).encode())
    assert snapshot.forwarded is not None and snapshot.forwarded.from_ is not None
    assert snapshot.forwarded.from_.address == "research@kotak.com"
    assert snapshot.forwarded.text.endswith("Last line of the note.")  # lines past the scanned head kept


def test_many_styled_html_elements_are_converted_in_bounded_time() -> None:
    cells = "<td style='color:red'>1,234</td>" * 40_000
    hidden = "<div style='display:none'>preheader</div>"
    nested = "<div style='font-size:0'>" * 3_000 + "<span style='font-size:12px'>shown</span>" + "</div>" * 3_000
    html = f"<html><body>{hidden}<table><tr>{cells}</tr></table>{nested}</body></html>"
    raw = (HEAD + "Content-Type: text/html; charset=utf-8\r\n\r\n" + html).encode()
    snapshot = _snapshot(raw)
    assert "preheader" not in snapshot.html_text
    assert "shown" in snapshot.html_text  # a font-size:0 layout wrapper around sized text is visible
    assert snapshot.html_text.count("1,234") == 40_000


def test_markup_with_a_hundred_thousand_unclosed_brackets_is_converted_in_bounded_time() -> None:
    html = "<p>Visible paragraph</p>" + "<a " * 100_000
    snapshot = _snapshot((HEAD + "Content-Type: text/html; charset=utf-8\r\n\r\n" + html).encode())
    assert "Visible paragraph" in snapshot.html_text


@pytest.mark.parametrize(
    "header",
    [
        b"Message-ID: <\xbcab44@broker.example>\r\n",  # an 8-bit byte (a flipped bit in transit)
        b"Message-ID: <a\x00b@broker.example>\r\nSubject: a\x00b\r\n",
        b"References: <\xff\xfe@x>\r\n",
        b"Subject: =?utf-7?q?+2AA-?=\r\n",  # UTF-7 for a lone surrogate
    ],
)
def test_bytes_no_database_can_store_never_reach_the_snapshot(header: bytes) -> None:
    raw = (
        b"From: a@example.com\r\nTo: b@example.com\r\n"
        + header
        + b"Content-Type: text/plain; charset=utf-7\r\n\r\n+2AA-x\r\n"
    )
    _snapshot(raw)  # the assertions are in assert_storable_snapshot


def test_two_hundred_thousand_tiny_parts_stop_at_the_part_budget() -> None:
    parts = b"--p\r\nContent-Type: text/plain\r\n\r\nx\r\n" * 200_000
    raw = b'From: a@example.com\r\nSubject: s\r\nContent-Type: multipart/mixed; boundary="p"\r\n\r\n' + parts
    assert "too_many_parts" in _codes(_snapshot(raw))


def test_moderately_deep_nesting_is_parsed_and_reported_as_too_deep() -> None:
    """The part walk's depth limit (MAX_MIME_DEPTH) below the parser's recursion limit."""
    body = b"Content-Type: text/plain\r\n\r\ninnermost\r\n"
    for level in range(60):
        body = f'Content-Type: multipart/mixed; boundary="n{level}"\r\n\r\n--n{level}\r\n'.encode() + body
    snapshot = _snapshot(b"From: a@example.com\r\nSubject: nested\r\n" + body)
    assert "too_deep" in _codes(snapshot) and "parse_failed" not in _codes(snapshot)
