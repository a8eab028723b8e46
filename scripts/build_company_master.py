"""Generate the company master, backend/reference/data/companies.csv.

Inputs:

- the NSE equity list (symbol, ISIN, registered issuer name) bundled with the casparser-isin
  package (a development dependency; its SQLite database, table `isin`, rows with a symbol);
- backend/reference/data/company_overrides.csv: the canonical name and/or primary ticker for the
  few NSE companies whose rule-made name is not the one research uses ("Indian Hotels",
  "Dr. Reddy's Laboratories", "Larsen & Toubro", Tata Motors' pre-demerger symbol TATAMOTORS);
- backend/reference/data/us_companies.csv: curated major US-listed companies;
- backend/reference/data/word_lists.yaml (english_words): ordinary words, for casing all-caps names.

Canonical names follow backend.reference.company_names.common_name: the registered name without
legal suffix, leading "The", bracketed "(India)" or accents, title-cased with acronyms kept.
Share classes of one issuer (DVR, partly paid) are folded into the ordinary share's row, their
symbols listed in `other_symbols`.

The output is deterministic (rows sorted, no dates). companies.source.json records the source
version, so a check can tell a changed source from a changed rule.

Usage:
    python scripts/build_company_master.py            # rewrite the files
    python scripts/build_company_master.py --check    # exit 1 if the committed files differ
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sqlite3
import sys
from collections import defaultdict
from importlib import metadata
from pathlib import Path

from backend.reference.company_keys import word_lists
from backend.reference.company_names import common_name

DATA = Path(__file__).resolve().parents[1] / "backend" / "reference" / "data"
COLUMNS = ("canonical", "ticker", "isin", "exchange", "issuer_name", "other_symbols")


def _nse_rows() -> list[dict[str, str]]:
    from casparser_isin.utils import get_isin_db_path

    with sqlite3.connect(f"file:{get_isin_db_path()}?mode=ro", uri=True) as connection:
        cursor = connection.execute(
            "SELECT isin, issuer, symbol FROM isin "
            "WHERE symbol IS NOT NULL AND exchange = 'NSE' AND type = 'EQUITY SHARES' ORDER BY symbol"
        )
        return [{"isin": isin, "issuer": issuer.strip(), "symbol": symbol} for isin, issuer, symbol in cursor]


def _fold_share_classes(rows: list[dict[str, str]]) -> list[tuple[dict[str, str], list[str]]]:
    """One row per issuer: the ordinary share (ISIN INE...) first, other classes' symbols kept."""
    by_issuer: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_issuer[row["issuer"].upper()].append(row)
    folded = []
    for group in by_issuer.values():
        group.sort(key=lambda r: (not r["isin"].startswith("INE"), len(r["symbol"]), r["symbol"]))
        folded.append((group[0], [r["symbol"] for r in group[1:]]))
    return folded


def build_rows() -> list[dict[str, str]]:
    lists = word_lists((DATA / "word_lists.yaml").read_text(encoding="utf-8"))
    english = frozenset(word.lower() for word in lists["english_words"])
    with (DATA / "company_overrides.csv").open(encoding="utf-8", newline="") as handle:
        overrides = {row["symbol"]: row for row in csv.DictReader(handle)}
    rows: list[dict[str, str]] = []
    seen_symbols: set[str] = set()
    for row, other_symbols in _fold_share_classes(_nse_rows()):
        symbol = row["symbol"]
        override = overrides.get(symbol, {})
        seen_symbols.add(symbol)
        ticker = override.get("ticker") or symbol
        extra = [symbol] if ticker != symbol else []
        rows.append(
            {
                "canonical": override.get("canonical") or common_name(row["issuer"], english),
                "ticker": ticker,
                "isin": row["isin"],
                "exchange": "NSE",
                "issuer_name": row["issuer"],
                "other_symbols": " ".join(sorted([*extra, *other_symbols])),
            }
        )
    unknown = sorted(set(overrides) - seen_symbols)
    if unknown:
        raise SystemExit(f"company_overrides.csv names symbols missing from the NSE list: {', '.join(unknown)}")
    with (DATA / "us_companies.csv").open(encoding="utf-8", newline="") as handle:
        for us in csv.DictReader(handle):
            rows.append({**{key: us.get(key, "") or "" for key in COLUMNS}})
    _check_unique(rows)
    return sorted(rows, key=lambda r: (r["exchange"] != "NSE", r["exchange"], r["ticker"]))


def _check_unique(rows: list[dict[str, str]]) -> None:
    for column in ("ticker", "canonical"):
        seen: dict[str, str] = {}
        for row in rows:
            key = row[column].casefold()
            if key in seen:
                raise SystemExit(
                    f"duplicate {column} {row[column]!r}: {seen[key]} and {row['issuer_name']}; "
                    "add an override to company_overrides.csv"
                )
            seen[key] = row["issuer_name"]


def render() -> dict[str, str]:
    """The generated files' text by file name."""
    rows = build_rows()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    source = {
        "source": "casparser-isin",
        "version": metadata.version("casparser-isin"),
        "nse_companies": sum(1 for r in rows if r["exchange"] == "NSE"),
        "us_companies": sum(1 for r in rows if r["exchange"] != "NSE"),
    }
    return {
        "companies.csv": buffer.getvalue(),
        "companies.source.json": json.dumps(source, indent=2, sort_keys=True) + "\n",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    args = parser.parse_args(argv)
    outputs = render()
    if args.check:
        stale = [
            name
            for name, text in outputs.items()
            if not (DATA / name).exists() or (DATA / name).read_text(encoding="utf-8") != text
        ]
        if stale:
            print(f"out of date: {', '.join(stale)}; run scripts/build_company_master.py", file=sys.stderr)
            return 1
        print("company master is up to date")
        return 0
    for name, text in outputs.items():
        (DATA / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(outputs['companies.csv'].splitlines()) - 1} companies to {DATA / 'companies.csv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
