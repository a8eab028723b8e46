from __future__ import annotations

import pytest

from backend.reference.companies import CompanyMaster, default_master
from backend.reference.company_keys import CompanyData, CompanyKey
from backend.reference.company_types import Company


@pytest.fixture(scope="module")
def master() -> CompanyMaster:
    return default_master()


@pytest.mark.parametrize(
    ("name", "ticker", "method"),
    [
        ("Reliance Industries", "RELIANCE", "exact"),
        ("RELIANCE INDUSTRIES LIMITED", "RELIANCE", "exact"),  # registered name
        ("The Indian Hotels Company Limited", "INDHOTEL", "exact"),
        ("Larsen and Toubro Ltd", "LT", "exact"),
        ("Dixon Technologies (India) Ltd", "DIXON", "exact"),
        ("RELIANCE", "RELIANCE", "symbol"),
        ("m&m", "M&M", "symbol"),
        ("INE002A01018", "RELIANCE", "isin"),
        ("RELIANCE IN", "RELIANCE", "ticker_code"),
        ("RIL IN", "RELIANCE", "ticker_code"),
        ("TTMT IN", "TATAMOTORS", "ticker_code"),
        ("HDFCB IN", "HDFCBANK", "ticker_code"),
        ("HNDL IN", "HINDALCO", "ticker_code"),
        ("CTSH US", "CTSH", "ticker_code"),
        ("AAPL US", "AAPL", "ticker_code"),
        ("RELIANCE.NS", "RELIANCE", "ticker_code"),
        ("TCS.BO", "TCS", "ticker_code"),
        ("DELL.N", "DELL", "ticker_code"),
        ("NVDA.O", "NVDA", "ticker_code"),
        ("VDAN.NS", "VEDL", "ticker_code"),
        ("RIL", "RELIANCE", "alias"),
        ("L&T", "LT", "alias"),
        ("SBI", "SBIN", "alias"),
        ("HUL", "HINDUNILVR", "alias"),
        ("Bajaj Fin", "BAJFINANCE", "alias"),
        ("ICICI Bk", "ICICIBANK", "alias"),
        ("Kotak Bank", "KOTAKBANK", "alias"),
        ("Infy", "INFY", "symbol"),
        ("DMart", "DMART", "symbol"),
        ("HAL", "HAL", "symbol"),
        ("Dr Reddy's", "DRREDDY", "alias"),
        ("Dr Reddy's Labs", "DRREDDY", "alias"),
        ("Sun Pharma", "SUNPHARMA", "alias"),
        ("TTMT", "TATAMOTORS", "alias"),
        ("Zydus Cadila", "ZYDUSLIFE", "alias"),
        ("Mindtree", "LTIM", "alias"),
        ("L&T Infotech", "LTIM", "alias"),
        ("Hyundai Motor", "HYUNDAI", "alias"),  # "India" dropped by rule
        ("Apollo Hospitals", "APOLLOHOSP", "alias"),
        ("Apple Inc.", "AAPL", "exact"),
        ("Cognizant Technology Solutions Corp", "CTSH", "exact"),
        ("NVIDIA Corp.", "NVDA", "exact"),
    ],
)
def test_lookup_of_every_form(master: CompanyMaster, name: str, ticker: str, method: str) -> None:
    match = master.lookup(name, fuzzy=False)
    assert match is not None, name
    assert (match.company.ticker, match.method, match.score) == (ticker, method, 1.0)
    assert (match.start, match.end) == (-1, -1)


@pytest.mark.parametrize(
    ("name", "ticker"),
    [
        ("TATA MOTORS LTD (TTMT IN)", "TATAMOTORS"),
        ("HDFC Bank | HDFCB IN", "HDFCBANK"),
        ("Hindalco (HNDL IN)", "HINDALCO"),
        ("Avenue Supermarts (DMart)", "DMART"),
        ("Cognizant (CTSH US)", "CTSH"),
        ("INDIAN HOTELS CO (IH IN)", "INDHOTEL"),
        ("Vedanta Ltd (VDAN.NS, VEDL IN)", "VEDL"),
        ("Kotak Mahindra Bank (KMB IN, BUY)", "KOTAKBANK"),
    ],
)
def test_lookup_of_names_written_with_their_codes(master: CompanyMaster, name: str, ticker: str) -> None:
    match = master.lookup(name)
    assert match is not None and match.company.ticker == ticker


def test_a_code_beats_a_name_that_disagrees(master: CompanyMaster) -> None:
    match = master.lookup("Tata Steel (TTMT IN)")
    assert match is not None and match.company.ticker == "TATAMOTORS" and match.raw == "TTMT IN"


def test_canonical_names_and_records(master: CompanyMaster) -> None:
    tata = master.by_ticker("TATAMOTORS")
    assert tata is not None and tata.canonical == "Tata Motors" and tata.exchange == "NSE"
    assert master.by_ticker("tmpv") == tata  # the post-demerger symbol reaches the same company
    assert master.by_ticker("LTM") == master.by_ticker("LTIM")
    apple = master.by_ticker("AAPL")
    assert apple is not None and (apple.canonical, apple.exchange, apple.isin) == ("Apple", "NASDAQ", None)
    assert master.by_ticker("NOPE") is None


@pytest.mark.parametrize(
    ("name", "ticker"),
    [
        ("Hindustan Unilver", "HINDUNILVR"),
        ("Dr Reddys Laboratory", "DRREDDY"),
        ("Torrent Pharmaceutical", "TORNTPHARM"),
    ],
)
def test_fuzzy_lookup_fixes_small_misspellings(master: CompanyMaster, name: str, ticker: str) -> None:
    match = master.lookup(name)
    assert match is not None and match.method == "fuzzy" and match.company.ticker == ticker
    assert 0.88 <= match.score < 1.0
    assert master.lookup(name, fuzzy=False) is None


@pytest.mark.parametrize(
    "name",
    [
        "Tata Motors Finance",  # an unlisted subsidiary, not Tata Motors
        "Tata Power Steel",  # equally close to two companies
        "ICICI Prudential",  # life insurer or fund house?
        "Acme Widgets",
        "Tata",  # short tokens are never fuzzy-matched
    ],
)
def test_fuzzy_lookup_refuses_unclear_names(master: CompanyMaster, name: str) -> None:
    assert master.lookup(name) is None


def _tiny_master(*names: str) -> CompanyMaster:
    companies = tuple(Company(name, f"T{index}", None, "NSE") for index, name in enumerate(names))
    keys = tuple(CompanyKey(company.canonical, company, "exact", "words", True) for company in companies)
    return CompanyMaster(CompanyData(companies, keys, ()))


def test_fuzzy_near_tie_gives_none_and_a_clear_winner_is_taken() -> None:
    master = _tiny_master("Orion Paints", "Orion Prints")
    assert master.lookup("Orion Pints") is None  # one edit from each
    clear = master.lookup("Orion Paintz")
    assert clear is not None and clear.company.canonical == "Orion Paints"
