"""The known traps of real mail, each as a small message written for the test."""

from __future__ import annotations

import base64
import binascii

import pytest

from backend.archive import message_parts, mime
from tests.archive.samples import codes, eml, snapshot_of


def test_multipart_without_its_start_boundary_keeps_the_text() -> None:
    raw = eml("""
        From: a@example.com
        Subject: no start boundary
        Content-Type: multipart/mixed; boundary="XYZ"

        Results were strong this quarter.
        --XYZ--
        """)
    snapshot = snapshot_of(raw)
    assert "Results were strong this quarter." in snapshot.text_body
    assert "broken_multipart" in codes(snapshot)


def test_part_of_an_unknown_type_is_an_attachment_not_a_crash() -> None:
    # get_content() raises KeyError for content types it has no handler for.
    raw = eml("""
        From: a@example.com
        Subject: odd type
        Content-Type: multipart/mixed; boundary="b"

        --b
        Content-Type: text/plain

        Body text.
        --b
        Content-Type: signature/plain

        not a real type
        --b--
        """)
    snapshot = snapshot_of(raw)
    assert snapshot.text_body == "Body text."
    assert [a.content_type for a in snapshot.attachments] == ["signature/plain"]
    assert snapshot.attachments[0].text_status == "not_text"


def test_unknown_charset_is_decoded_by_guessing_and_recorded() -> None:
    raw = eml("""
        From: a@example.com
        Subject: charset
        Content-Type: text/plain; charset="x-fakescii"
        Content-Transfer-Encoding: 8bit

        Target price ₹2,150 retained.
        """)
    snapshot = snapshot_of(raw)
    assert snapshot.text_body == "Target price ₹2,150 retained."
    assert "undecodable_charset: x-fakescii in part 1" in snapshot.defects


def test_utf8_mislabelled_as_ascii_is_repaired() -> None:
    raw = eml("""
        From: a@example.com
        Subject: charset
        Content-Type: text/plain; charset=us-ascii
        Content-Transfer-Encoding: 8bit

        Café Coffee Day: TP ₹45
        """)
    snapshot = snapshot_of(raw)
    assert snapshot.text_body == "Café Coffee Day: TP ₹45"
    assert "charset_mismatch" in codes(snapshot)


def test_cr_lf_inside_an_encoded_display_name_does_not_lose_the_sender() -> None:
    # str(header) raises ValueError ("address parts cannot contain CR or LF") under policy.default.
    raw = eml("""
        From: =?utf-8?Q?Kotak=0D=0AResearch?= <KIE.Research@Kotak.com>
        To: =?utf-8?Q?Rohan=0AIyer?= <rohan@example.com>, meera@example.com
        Subject: header trap

        body
        """)
    snapshot = snapshot_of(raw)
    assert snapshot.from_ is not None
    assert snapshot.from_.address == "kie.research@kotak.com"
    assert snapshot.from_.name == "Kotak Research"
    assert [a.address for a in snapshot.to] == ["rohan@example.com", "meera@example.com"]


def test_bad_base64_is_decoded_leniently_and_recorded() -> None:
    raw = eml("""
        From: a@example.com
        Subject: base64
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: base64

        UmF0aW5nOiBCVVk=!!
        VGFyZ2V0OiAxMjAw
        """)
    snapshot = snapshot_of(raw)
    assert "Rating: BUY" in snapshot.text_body
    assert "mime_defect" in codes(snapshot)


def test_subject_with_charset_none_is_decoded() -> None:
    encoded = base64.b64encode(b"Reliance: Jio tariff hike").decode()
    raw = eml(f"""
        From: a@example.com
        Subject: =?NONE?B?{encoded}?=

        body
        """)
    assert snapshot_of(raw).subject == "Reliance: Jio tariff hike"


def test_encoded_words_with_unknown_charset_are_recorded() -> None:
    raw = eml("""
        From: a@example.com
        Subject: =?x-klingon?Q?Target_=E2=82=B91,200?=

        body
        """)
    snapshot = snapshot_of(raw)
    assert snapshot.subject == "Target ₹1,200"
    assert "header_undecodable" in codes(snapshot)


def test_uuencoded_attachment_is_decoded() -> None:
    payload = b"Contract note: 10 RELIANCE @ 1,250.00\n"
    lines = "".join(binascii.b2a_uu(payload[i : i + 45]).decode() for i in range(0, len(payload), 45))
    raw = eml(
        "From: a@example.com\nSubject: uu\nContent-Type: text/plain\nContent-Transfer-Encoding: x-uuencode\n\n"
        f"begin 644 note.txt\n{lines}`\nend\n"
    )
    assert snapshot_of(raw).text_body == payload.decode().strip()


def test_iso_2022_jp_body() -> None:
    body = "日本株ストラテジー：買い".encode("iso-2022-jp").decode("ascii")
    raw = eml(f"""
        From: a@example.com
        Subject: jp
        Content-Type: text/plain; charset=ISO-2022-JP
        Content-Transfer-Encoding: 7bit

        {body}
        """)
    assert snapshot_of(raw).text_body == "日本株ストラテジー：買い"


def test_ks_c_5601_body_is_read_as_windows_949() -> None:
    text = "삼성전자 매수 유지 똠"  # the last syllable exists only in the Windows extension of KS C 5601
    encoded = base64.b64encode(text.encode("cp949")).decode()
    raw = eml(f"""
        From: a@example.com
        Subject: kr
        Content-Type: text/plain; charset="ks_c_5601-1987"
        Content-Transfer-Encoding: base64

        {encoded}
        """)
    snapshot = snapshot_of(raw)
    assert snapshot.text_body == text
    assert not codes(snapshot) & {"undecodable_charset", "charset_mismatch", "undecodable_bytes"}


def test_format_flowed_paragraphs_are_joined() -> None:
    raw = eml(
        "From: a@example.com\nSubject: flowed\nContent-Type: text/plain; charset=utf-8; format=flowed\n\n"
        "We raise our target to \nRs 1,450 on higher margins.\n\nSecond paragraph.\n"
    )
    assert snapshot_of(raw).text_body == "We raise our target to Rs 1,450 on higher margins.\n\nSecond paragraph."


def test_message_above_the_size_limit_keeps_its_headers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mime, "MAX_MESSAGE_BYTES", 200)
    raw = (
        eml("""
        From: Kotak Research <kie@kotak.com>
        Subject: Huge attachment
        Message-ID: <big@kotak.com>
        Content-Type: text/plain

        """)
        + b"x" * 1000
    )
    snapshot = snapshot_of(raw)
    assert snapshot.subject == "Huge attachment"
    assert snapshot.message_id == "big@kotak.com"
    assert snapshot.text_body == ""
    assert "too_large" in codes(snapshot)


def test_part_count_limit_skips_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(message_parts, "MAX_PARTS", 3)
    parts = "".join(f"--b\nContent-Type: text/csv; name=f{i}.csv\n\nrow {i}\n" for i in range(6))
    raw = eml(f"From: a@example.com\nSubject: many\nContent-Type: multipart/mixed; boundary=b\n\n{parts}--b--\n")
    snapshot = snapshot_of(raw)
    assert len(snapshot.attachments) == 3
    assert "too_many_parts" in codes(snapshot)


def test_deep_nesting_is_cut_not_recursed_forever() -> None:
    depth = 40
    opening = "".join(f'Content-Type: multipart/mixed; boundary="b{i}"\n\n--b{i}\n' for i in range(depth))
    closing = "".join(f"\n--b{i}--\n" for i in reversed(range(depth)))
    raw = eml(f"From: a@example.com\nSubject: deep\n{opening}Content-Type: text/plain\n\ndeep text{closing}")
    snapshot = snapshot_of(raw)
    assert "too_deep" in codes(snapshot)
    assert snapshot.text_body == ""
