from __future__ import annotations

import pytest

from backend.reference.companies import CompanyMaster, default_master


@pytest.fixture(scope="module")
def master() -> CompanyMaster:
    return default_master()


def found(master: CompanyMaster, text: str) -> list[tuple[str, str, str]]:
    return [(match.raw, match.company.ticker, match.method) for match in master.find_in_text(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RELIANCE IN: 3QFY25 RU", [("RELIANCE IN", "RELIANCE", "ticker_code")]),
        (
            "TATA MOTORS LTD (TTMT IN)",
            [("TATA MOTORS LTD", "TATAMOTORS", "exact"), ("TTMT IN", "TATAMOTORS", "ticker_code")],
        ),
        ("HDFC Bank | HDFCB IN", [("HDFC Bank", "HDFCBANK", "exact"), ("HDFCB IN", "HDFCBANK", "ticker_code")]),
        ("Upgrade to BUY: Dr Reddy's Labs", [("Dr Reddy's Labs", "DRREDDY", "alias")]),
        ("Hindalco (HNDL IN)", [("Hindalco", "HINDALCO", "alias"), ("HNDL IN", "HINDALCO", "ticker_code")]),
        ("Avenue Supermarts (DMart)", [("Avenue Supermarts", "DMART", "exact"), ("DMart", "DMART", "alias")]),
        ("Cognizant (CTSH US): Raising TP", [("Cognizant", "CTSH", "alias"), ("CTSH US", "CTSH", "ticker_code")]),
        (
            "ITC Ltd (ITC.NS, ITC IN)",
            [("ITC Ltd", "ITC", "exact"), ("ITC.NS", "ITC", "ticker_code"), ("ITC IN", "ITC", "ticker_code")],
        ),
        ("Larsen and Toubro beat", [("Larsen and Toubro", "LT", "exact")]),
        ("ISIN INE002A01018 only", [("INE002A01018", "RELIANCE", "isin")]),
        (
            "Bajaj Finserv and Bajaj Finance",
            [("Bajaj Finserv", "BAJAJFINSV", "exact"), ("Bajaj Finance", "BAJFINANCE", "exact")],
        ),
    ],
)
def test_find_in_text_reads_every_written_form(
    master: CompanyMaster, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert found(master, text) == expected


def test_spans_point_into_the_text_in_order_without_overlap(master: CompanyMaster) -> None:
    text = "Morning note: GCPL, Zydus, Apollo Hospitals, Tata Consumer; SBI Life and SBI"
    matches = master.find_in_text(text)
    assert [m.company.ticker for m in matches] == [
        "GODREJCP",
        "ZYDUSLIFE",
        "APOLLOHOSP",
        "TATACONSUM",
        "SBILIFE",
        "SBIN",
    ]
    previous_end = 0
    for match in matches:
        assert text[match.start : match.end] == match.raw
        assert match.start >= previous_end
        previous_end = match.end


def test_the_longest_form_wins(master: CompanyMaster) -> None:
    assert found(master, "State Bank of India") == [("State Bank of India", "SBIN", "exact")]
    assert found(master, "Tech Mahindra") == [("Tech Mahindra", "TECHM", "exact")]
    assert found(master, "Kotak Mahindra Bank") == [("Kotak Mahindra Bank", "KOTAKBANK", "exact")]


def test_phrases_that_only_contain_a_name_are_skipped(master: CompanyMaster) -> None:
    assert found(master, "The Reserve Bank of India cut rates.") == []
    assert found(master, "Distributed by SBI Securities.") == []


def test_case_rules_for_symbols_and_names(master: CompanyMaster) -> None:
    assert found(master, "ITC") == [("ITC", "ITC", "exact")]
    assert found(master, "itc and tcs are lower case") == []
    assert found(master, "Indian oil demand and indian hotels") == []
    assert found(master, "INDIAN OIL")[0][1] == "IOC"
    assert found(master, "RELIANCE in the quarter") == [("RELIANCE", "RELIANCE", "alias")]


ORDINARY_ENGLISH = """The Board met in March to discuss the outlook for India. Our Strategy team believes Indian
oil demand and Gold prices remain firm, while Power and Steel stocks look Attractive. The Best approach is
Focus and Discipline: Take a Long view, Buy quality, Sell hype, Hold cash. The Company expects a Star
performance from its Infrastructure, Energy and Capital Goods divisions, and Apex management is
Prestige-driven. IDEA OF THE DAY: BEST IN CLASS, OIL & GAS, KEY RISKS, TOP PICKS, STAR PERFORMERS, RACE TO
THE TOP. Global Markets, Sun Rise, Future Growth, Standard Chartered, Urban Consumption, Deep Value and Route
to Market. In the ambit of SEBI rules, the NSE and BSE listed entities with idea and itc were discussed.
Arvind said the Federal Reserve and the Reserve Bank of India may cut rates; the IPO market and PSB stocks
rallied. Crown, Campus, Delta, Sigma. Metropolis life in Mumbai. Persistent inflation. Supreme Court.
Intellect and Granules of Sugar. Escorts arrived. Page 3 of 12. Coal, Urban, Excel, Singer, Signet."""


def test_no_companies_in_ordinary_english(master: CompanyMaster) -> None:
    assert found(master, ORDINARY_ENGLISH) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Cyient" alone is also the start of "Cyient DLM", so bare text does not read it; a code in
        # brackets or a legal form says the writer means the company.
        ("Cyient (CYL IN) | Upgrade to BUY", [("Cyient", "CYIENT", "exact")]),
        ("We upgrade Cyient Ltd to BUY", [("Cyient", "CYIENT", "exact")]),
        (
            "Cyient DLM (CYIENTDLM IN)",
            [("Cyient DLM", "CYIENTDLM", "exact"), ("CYIENTDLM IN", "CYIENTDLM", "ticker_code")],
        ),
    ],
)
def test_a_name_marked_as_a_company_is_read(
    master: CompanyMaster, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert found(master, text) == expected


@pytest.mark.parametrize(
    "text",
    ["Cyient grew in line with peers", "Outlook (FY26E) is steady", "Arvind (Analyst) writes", "Margins (QoQ) fell"],
)
def test_a_bracket_that_is_not_a_code_marks_nothing(master: CompanyMaster, text: str) -> None:
    assert found(master, text) == []
