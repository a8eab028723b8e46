"""From a mail body to clean lines."""

from __future__ import annotations

from backend.extraction.text_cleanup import clean_lines, normalize_lines


def test_hard_wrapped_paragraphs_and_bullets_are_rejoined() -> None:
    text = "\n".join(
        [
            "Headline of the note",
            "",
            "We downgrade Tata Steel to Hold from Outperform and cut our target to Rs160",
            "from Rs175 after the rally in January, which leaves little upside from here",
            "for investors.",
            "",
            "- Domestic HRC prices have fallen 8% since Oct-24 to Rs47,500/t on cheap",
            "  Chinese imports; the safeguard duty only partly offsets this for the mills",
            "  in the east.",
            "- Net debt of Rs82,000cr limits capital returns until the Kalinganagar",
            "  ramp-up completes and the UK restructuring costs are behind the group.",
            "- Short point.",
        ]
    )
    lines = [line for line in normalize_lines(text) if line]
    assert lines[0] == "Headline of the note"
    assert lines[1].startswith("We downgrade") and lines[1].endswith("for investors.")
    assert lines[2].startswith("• Domestic HRC") and lines[2].endswith("in the east.")
    assert lines[3].startswith("• Net debt") and lines[3].endswith("behind the group.")
    assert lines[4] == "• Short point."


def test_bullet_styles_are_unified() -> None:
    lines = normalize_lines("* one point\n· two points\no three points\n> four points\n1) five points of text here.")
    assert lines == ["• one point", "• two points", "• three points", "• four points", "• five points of text here."]


def test_disclaimers_contacts_links_and_resend_notices_are_removed() -> None:
    text = "\n".join(
        [
            "Resending as some recipients did not receive this mail.",
            "",
            "Key points",
            "• Revenue grew 11% YoY, led by cables and wires at 21% growth.",
            "",
            "Analysts",
            "Aditi Venkatesh, Analyst | aditi.venkatesh@kotak.com | +91 22 4336 0870",
            "",
            "Read the full report: https://research.kotak.com/r/abc?d=pdf",
            "Kotak Securities Limited, 27BKC, Bandra (E), Mumbai 400 051.",
            "",
            "Analyst Certification: The research analyst(s) named in this report certify...",
            "This e-mail, including any attachments, is confidential.",
        ]
    )
    assert clean_lines(text) == ["Key points", "• Revenue grew 11% YoY, led by cables and wires at 21% growth."]


def test_a_disclaimer_word_before_any_content_does_not_swallow_the_note() -> None:
    text = "Disclaimer: see the end.\n\n• Revenue grew 11% YoY, led by cables and wires at 21% growth."
    assert clean_lines(text)[-1].startswith("• Revenue grew")


def test_rating_scales_under_other_names_are_boilerplate() -> None:
    for heading in (
        "Rating rationale: BUY - expected return above 15%; SELL - below 5%.",
        "Ratings and other definitions: BUY - more than 15%; ADD - 5-15%.",
        "Recommendation scale: BUY - expected return >15%; HOLD - -6% to +15%.",
    ):
        text = f"• Revenue grew 11% YoY, led by cables and wires at 21% growth.\n\n{heading}"
        assert clean_lines(text) == ["• Revenue grew 11% YoY, led by cables and wires at 21% growth."], heading
