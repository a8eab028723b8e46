"""Users extend the registry with their own YAML files (same schema as the package file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.errors import ReferenceDataError
from backend.reference import brokers
from backend.reference.brokers import BrokerRegistry, default_registry


def write(tmp_path: Path, text: str, name: str = "brokers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_file_adds_a_house(tmp_path: Path) -> None:
    extra = write(
        tmp_path,
        """
brokers:
  - name: Acme Research
    aliases: [ACME, Acme Securities]
    domains: [acme-research.in]
    country: IN
    timezone: Asia/Kolkata
    rating_scale: {outperform: buy, marketperform: hold}
""",
    )
    registry = BrokerRegistry.load([extra])
    acme = registry.match_sender("desk@mail.acme-research.in")
    assert acme is not None and acme.name == "Acme Research"
    assert registry.by_name("acme securities") == acme
    assert registry.find_in_text("Regards, ACME desk") == acme
    assert registry.rating_bucket(acme, "MarketPerform") == "hold"
    assert len(registry) == len(BrokerRegistry.load()) + 1


def test_a_user_entry_with_a_known_name_extends_that_house(tmp_path: Path) -> None:
    extra = write(
        tmp_path,
        """
brokers:
  - name: motilal oswal
    domains: [mosl-research.example]
    rating_scale: {neutral: buy}
    list_names: [Wealth Creation Study]
""",
    )
    registry = BrokerRegistry.load([extra])
    mosl = registry.by_name("Motilal Oswal")
    assert mosl is not None
    assert registry.match_sender("x@mosl-research.example") == mosl
    assert registry.match_sender("research@motilaloswal.com") == mosl  # package domains kept
    assert registry.rating_bucket(mosl, "NEUTRAL") == "buy"  # the user's word wins
    assert registry.rating_bucket(mosl, "SELL") == "sell"
    assert "Wealth Creation Study" in mosl.list_names and "Morning India" in mosl.list_names
    assert mosl.timezone == "Asia/Kolkata"


def test_a_later_file_takes_over_a_domain(tmp_path: Path) -> None:
    extra = write(
        tmp_path,
        """
brokers:
  - name: Kotak Securities Retail
    domains: [kotaksecurities.com]
    country: IN
    timezone: Asia/Kolkata
""",
    )
    registry = BrokerRegistry.load([extra])
    retail = registry.match_sender("service@kotaksecurities.com")
    assert retail is not None and retail.name == "Kotak Securities Retail"
    kie = registry.match_sender("kie.research@kotak.com")
    assert kie is not None and kie.name == "Kotak Institutional Equities"


@pytest.mark.parametrize(
    ("text", "entry", "field"),
    [
        ("brokers:\n  - name: X\n    country: IN\n    timezone: Mars/Base\n", "entry 1 (X)", "timezone"),
        ("brokers:\n  - name: X\n    country: India\n", "entry 1 (X)", "country"),
        ("brokers:\n  - name: X\n    country: IN\n    domains: ['@x.com']\n", "entry 1 (X)", "domains"),
        (
            "brokers:\n  - name: X\n    country: IN\n    rating_scale: {add: maybe}\n",
            "entry 1 (X)",
            "rating_scale['add']",
        ),
        (
            "brokers:\n  - name: X\n    country: IN\n    display_patterns: ['(unclosed']\n",
            "entry 1 (X)",
            "display_patterns",
        ),
        ("brokers:\n  - name: X\n    country: IN\n    colour: red\n", "entry 1 (X)", "field"),
        ("brokers:\n  - country: IN\n", "entry 1", "name"),
        ("brokers:\n  - name: New House\n    domains: [newhouse.in]\n", "entry 1 (New House)", "country"),
        ("brokers:\n  - name: A\n    country: IN\n  - name: a\n    country: IN\n", "entry 2 (a)", "name"),
        ("brokers: {name: X}\n", "file", "brokers"),
        ("brokers: [\n", "file", "yaml"),
    ],
)
def test_a_bad_user_file_names_file_entry_and_field(tmp_path: Path, text: str, entry: str, field: str) -> None:
    bad = write(tmp_path, text, "mine.yaml")
    with pytest.raises(ReferenceDataError) as caught:
        BrokerRegistry.load([bad])
    error = caught.value
    assert error.source == str(bad)
    assert error.entry == entry
    assert error.field == field
    assert str(bad) in str(error) and field in str(error)


def test_a_missing_user_file_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="cannot be read"):
        BrokerRegistry.load([tmp_path / "absent.yaml"])


def test_default_registry_reads_files_listed_in_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = write(
        tmp_path, "brokers:\n  - name: Alpha House\n    country: IN\n    domains: [alpha.example]\n", "a.yaml"
    )
    second = write(tmp_path, "brokers:\n  - name: Beta House\n    country: SG\n    domains: [beta.example]\n", "b.yaml")
    monkeypatch.setenv(brokers.ENV_EXTRA_FILES, f"{first}{__import__('os').pathsep}{second}")
    registry = default_registry()
    alpha, beta = registry.by_name("Alpha House"), registry.by_name("Beta House")
    assert alpha is not None and beta is not None
    assert registry.match_sender("x@beta.example") == beta
    monkeypatch.delenv(brokers.ENV_EXTRA_FILES)
    assert default_registry().by_name("Alpha House") is None
