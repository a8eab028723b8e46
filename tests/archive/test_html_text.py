"""HTML bodies read as a recipient sees them: rows on one line, hidden text and pixels gone."""

from __future__ import annotations

import pytest

from backend.archive import html_text
from backend.archive.html_text import html_to_text
from tests.archive.samples import codes, eml, snapshot_of


def text_of(body: str) -> str:
    return html_to_text(f"<html><head><title>t</title></head><body>{body}</body></html>").text


def test_table_cells_of_one_row_share_a_line() -> None:
    text = text_of(
        "<table><tr><th>Year to March</th><th>FY25E</th><th>FY26E</th></tr>"
        "<tr><td>Revenue</td><td>150.7</td><td>199.4</td></tr>"
        "<tr><td>EBITDA</td><td></td><td>2.1</td></tr></table>"
    )
    assert text.splitlines() == ["Year to March | FY25E | FY26E", "Revenue | 150.7 | 199.4", "EBITDA |  | 2.1"]


def test_layout_tables_do_not_glue_paragraphs_together() -> None:
    text = text_of(
        "<table><tr><td><p>Rating: BUY</p><p>Target: Rs 1,450</p>"
        "<table><tr><td>CMP</td><td>Rs 1,200</td></tr></table></td></tr></table>"
    )
    assert "Rating: BUY" in text.splitlines()
    assert "Target: Rs 1,450" in text.splitlines()
    assert "CMP | Rs 1,200" in text.splitlines()


@pytest.mark.parametrize(
    "hidden",
    [
        '<span style="display:none">Preview: our top pick for 2025</span>',
        '<div style="DISPLAY: NONE !important;">Preview: our top pick for 2025</div>',
        '<div style="mso-hide:all">Preview: our top pick for 2025</div>',
        '<div style="max-height:0px;overflow:hidden">Preview: our top pick for 2025</div>',
        '<span style="font-size:0;color:#fff">Preview: our top pick for 2025</span>',
        '<div style="visibility:hidden">Preview: our top pick for 2025</div>',
        '<div style="opacity:0">Preview: our top pick for 2025</div>',
        "<div hidden>Preview: our top pick for 2025</div>",
    ],
)
def test_hidden_preheader_is_dropped(hidden: str) -> None:
    text = text_of(f"{hidden}<p>Infosys: guidance raised</p>")
    assert "Preview" not in text
    assert text == "Infosys: guidance raised"


def test_zero_font_size_container_with_sized_children_is_kept() -> None:
    # A common fluid-layout trick: font-size:0 on the cell kills gaps between inline blocks.
    text = text_of(
        '<table><tr><td style="font-size:0"><div style="display:inline-block;font-size:14px">'
        "Target price Rs 920</div></td></tr></table>"
    )
    assert text == "Target price Rs 920"


def test_tracking_pixel_is_dropped_and_logo_alt_text_kept() -> None:
    text = text_of(
        '<img src="https://t.example.com/open.gif" width="1" height="1" alt="tracker">'
        '<img src="cid:logo" width="120" height="32" alt="Kotak Institutional Equities">'
        '<img src="https://t.example.com/o2.gif" style="width:1px;height:1px" alt="tracker2">'
    )
    assert "tracker" not in text
    assert "Kotak Institutional Equities" in text


def test_style_and_script_are_dropped() -> None:
    text = html_to_text(
        "<html><head><style>p{color:red}</style></head><body><script>track('open')</script>"
        "<p>Body</p><style>.x{}</style></body></html>"
    ).text
    assert text == "Body"


def test_paragraphs_and_list_items_get_their_own_lines_without_blank_runs() -> None:
    text = text_of(
        "<p>Key takeaways</p><ul><li>Margin up 60bp</li><li>Volumes flat</li></ul>"
        "<p></p><p>&nbsp;</p><br><br><br><div>View this email in your browser</div>"
    )
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines == ["Key takeaways", "• Margin up 60bp", "• Volumes flat", "View this email in your browser"]
    assert "\n\n\n" not in text
    assert "\u00a0" not in text


def test_fallback_converter_is_used_and_recorded_when_the_main_one_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(html: str) -> str:
        raise RuntimeError("parser crashed")

    monkeypatch.setattr(html_text, "_with_resiliparse", broken)
    raw = eml("""
        From: a@example.com
        Subject: html
        Content-Type: text/html; charset=utf-8

        <html><body><p>Rating: BUY</p><p>Target: Rs 1,450</p></body></html>
        """)
    snapshot = snapshot_of(raw)
    assert "Rating: BUY" in snapshot.html_text
    assert "Target: Rs 1,450" in snapshot.html_text
    assert "html_fallback" in codes(snapshot)


def test_snapshot_keeps_both_bodies_of_an_alternative() -> None:
    raw = eml("""
        From: a@example.com
        Subject: both
        Content-Type: multipart/alternative; boundary="alt"

        --alt
        Content-Type: text/plain; charset=utf-8

        Rating: BUY | Target: Rs 1,450
        --alt
        Content-Type: text/html; charset=utf-8

        <table><tr><td>Rating</td><td>BUY</td></tr></table>
        --alt--
        """)
    snapshot = snapshot_of(raw)
    assert snapshot.text_body == "Rating: BUY | Target: Rs 1,450"
    assert snapshot.html_text == "Rating | BUY"
