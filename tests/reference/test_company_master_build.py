"""The committed company master is what scripts/build_company_master.py generates."""

from __future__ import annotations

import csv
import importlib.util
import json
from importlib import metadata
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "backend" / "reference" / "data"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_company_master", REPO / "scripts" / "build_company_master.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_reproduces_the_committed_files() -> None:
    pytest.importorskip("casparser_isin")
    recorded = json.loads((DATA / "companies.source.json").read_text(encoding="utf-8"))
    installed = metadata.version("casparser-isin")
    if installed != recorded["version"]:
        pytest.skip(f"casparser-isin {installed} installed, the master was built from {recorded['version']}")
    outputs = _script().render()
    for name, text in outputs.items():
        assert (DATA / name).read_text(encoding="utf-8") == text, f"{name} is stale: run the script"


def test_committed_master_shape() -> None:
    with (DATA / "companies.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {"canonical", "ticker", "isin", "exchange", "issuer_name"} <= set(rows[0])
    nse = [row for row in rows if row["exchange"] == "NSE"]
    us = [row for row in rows if row["exchange"] in ("NASDAQ", "NYSE")]
    assert len(nse) > 2300 and len(us) >= 60
    assert len({row["ticker"] for row in rows}) == len(rows)
    assert len({row["canonical"].casefold() for row in rows}) == len(rows)
    assert all(row["isin"].startswith("IN") and len(row["isin"]) == 12 for row in nse)
    by_ticker = {row["ticker"]: row["canonical"] for row in rows}
    assert by_ticker["HDFCBANK"] == "HDFC Bank"
    assert by_ticker["NCC"] == "NCC"
    assert by_ticker["ITC"] == "ITC"
    assert by_ticker["SBIN"] == "State Bank of India"
    assert by_ticker["DIXON"] == "Dixon Technologies"  # "(India)" dropped
    assert by_ticker["FEDERALBNK"] == "Federal Bank"  # leading "The" dropped
    assert by_ticker["INDHOTEL"] == "Indian Hotels"


@pytest.mark.parametrize(
    ("issuer", "expected"),
    [
        ("HDFC BANK LIMITED", "HDFC Bank"),
        ("THE FEDERAL BANK LIMITED", "Federal Bank"),
        ("DIXON TECHNOLOGIES (INDIA) LIMITED", "Dixon Technologies"),
        ("STATE BANK OF INDIA", "State Bank of India"),
        ("OIL INDIA LIMITED", "Oil India"),
        ("PROCTER & GAMBLE HEALTH LIMITED", "Procter & Gamble Health"),
        ("NESTLÉ INDIA LTD.", "Nestle India"),
        ("APPLE INC.", "Apple"),
        ("ORACLE CORPORATION", "Oracle"),
        ("J.B. CHEMICALS & PHARMACEUTICALS LIMITED", "J.B. Chemicals & Pharmaceuticals"),
        ("21ST CENTURY MANAGEMENT SERVICES LIMITED", "21st Century Management Services"),
        ("Tata Motors Ltd", "Tata Motors"),
    ],
)
def test_common_name_rules(issuer: str, expected: str) -> None:
    from backend.reference.company_names import common_name

    assert common_name(issuer, {"oil", "and", "of"}) == expected


def test_word_lists_refuse_yaml_booleans() -> None:
    from backend.errors import ReferenceDataError
    from backend.reference.company_keys import word_lists

    with pytest.raises(ReferenceDataError, match="english_words"):
        word_lists("english_words: [yes]\nsymbol_stopwords: []\nnot_companies: []\n")


def test_every_curated_alias_reaches_its_company_by_lookup_and_in_text() -> None:
    from backend.reference.companies import default_master

    master = default_master()
    with (DATA / "company_aliases.csv").open(encoding="utf-8", newline="") as handle:
        aliases = list(csv.DictReader(handle))
    assert len(aliases) > 400
    for row in aliases:
        match = master.lookup(row["alias"], fuzzy=False)
        assert match is not None and match.company.ticker == row["ticker"], row
        hits = master.find_in_text(f"Note on {row['alias']} today")
        assert [(hit.raw, hit.company.ticker) for hit in hits] == [(row["alias"], row["ticker"])], row


def test_brokers_listed_parents_are_known_companies() -> None:
    from backend.reference.brokers import BrokerRegistry
    from backend.reference.companies import default_master

    master = default_master()
    for broker in BrokerRegistry.load():
        for ticker in broker.listed_tickers:
            assert master.by_ticker(ticker) is not None, (broker.name, ticker)
