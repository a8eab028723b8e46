"""Summaries say what changed, then why, in at most MAX_SUMMARY_CHARS, without a cut sentence."""

from __future__ import annotations

from backend.extraction.summary import MAX_SUMMARY_CHARS, Call, summarize

DOWNGRADE = Call("rating_change", "HOLD", "hold", "BUY", "buy", 540, 600, "INR")
NO_CALL = Call("sector_update", None, None, None, None, None, None, None)


def test_a_lead_that_states_the_call_is_the_summary() -> None:
    lead = "We downgrade Berger Paints to HOLD (from BUY) and cut our target price to Rs540 (Rs600 earlier)."
    assert summarize(lead=lead, headline="Competition bites", call=DOWNGRADE) == lead


def test_the_call_comes_first_and_the_first_point_says_why() -> None:
    summary = summarize(
        lead=None,
        headline="Competition bites",
        call=DOWNGRADE,
        first_point="Decorative volumes grew 6.5% but value growth was only 1.2% on price cuts.",
    )
    assert summary == (
        "Downgraded to HOLD from BUY; target price cut to INR 540 from INR 600. "
        "Decorative volumes grew 6.5% but value growth was only 1.2% on price cuts."
    )


def test_a_lead_that_does_not_state_the_call_gives_the_why() -> None:
    summary = summarize(
        lead="EBITDA of INR4.1bn was 3% above our estimate, driven by hospitals. Diagnostics were weak.",
        headline="Strong hospitals",
        call=Call("target_change", "Hold", "hold", None, None, 700, 640, "INR"),
    )
    assert summary.startswith("Rating Hold; target price raised to INR 700 from INR 640. EBITDA of INR4.1bn")


def test_a_reason_too_long_to_fit_whole_gives_way_to_the_headline() -> None:
    long_point = "Volumes grew " + "and grew " * 60 + "in the quarter."
    summary = summarize(lead=None, headline="competition bites", call=DOWNGRADE, first_point=long_point)
    assert summary == "Competition bites. Downgraded to HOLD from BUY; target price cut to INR 540 from INR 600."


def test_a_note_without_a_call_is_headline_then_first_point() -> None:
    summary = summarize(lead=None, headline="Prices edge up", call=NO_CALL, first_point="Cement prices rose 1% MoM.")
    assert summary == "Prices edge up. Cement prices rose 1% MoM."


def test_summaries_stay_short() -> None:
    lead = "Revenue grew 9% on strong demand across every region and segment of the business. " * 8
    for call in (DOWNGRADE, NO_CALL):
        assert len(summarize(lead=lead, headline="x", call=call, first_point=lead)) <= MAX_SUMMARY_CHARS
