"""Amounts and currencies as brokers write them."""

from __future__ import annotations

import pytest

from backend.extraction.numbers import currency_code, find_money, first_number, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2,450", 2450.0),
        ("25,42,500", 2542500.0),  # lakh grouping
        ("12,50,000", 1250000.0),
        ("2,542,500", 2542500.0),  # thousands grouping
        ("1,605.50", 1605.5),
        ("92", 92.0),
        ("-0.4", -0.4),
        ("\u22125.2", -5.2),  # a typographic minus
    ],
)
def test_numbers_in_indian_and_international_grouping(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["1,2345", "12,3,456", "abc", "", "1,00,0000"])
def test_malformed_groupings_are_not_numbers(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("TP raised to Rs2,450 (from Rs2,200)", 2450.0, "INR"),
        ("Fair value of INR 1,605", 1605.0, "INR"),
        ("Target price ₹12,50,000", 1250000.0, "INR"),
        ("TP: US$185", 185.0, "USD"),
        ("PT to $245", 245.0, "USD"),
        ("raise the TP to USD92", 92.0, "USD"),
        ("target of Rs. 1,234.50", 1234.5, "INR"),
        ("TP Rs 6,850", 6850.0, "INR"),
        ("price target of HK$48.5", 48.5, "HKD"),
    ],
)
def test_money_in_many_formats(text: str, amount: float, currency: str) -> None:
    found = find_money(text)
    assert found[0].amount == amount
    assert found[0].currency == currency
    assert found[0].is_share_price


def test_aggregates_and_unit_prices_are_not_share_prices() -> None:
    crore, bn, per_tonne, per_share = find_money("Rs 3,300 crore; US$2.5 bn; Rs47,500/t; Rs 450/share")
    assert (crore.unit, crore.value) == ("crore", 3.3e10)
    assert bn.unit == "bn" and not bn.is_share_price
    assert per_tonne.per == "t" and not per_tonne.is_share_price
    assert per_share.is_share_price and per_share.amount == 450


def test_words_that_merely_contain_currency_letters_are_ignored() -> None:
    assert find_money("Hrs 24 of trading; USD/INR at 87.5") == []


def test_first_number_of_a_cell() -> None:
    assert first_number("2,100 (earlier 2,000)") == 2100.0
    assert first_number("n.a.") is None


@pytest.mark.parametrize(("token", "code"), [("Rs.", "INR"), ("₹", "INR"), ("US$", "USD"), ("$", "USD"), ("£", "GBP")])
def test_currency_tokens(token: str, code: str) -> None:
    assert currency_code(token) == code
