from __future__ import annotations

import pytest

from backend.reference.brokers import Broker, BrokerRegistry, default_registry


@pytest.fixture(scope="module")
def registry() -> BrokerRegistry:
    return BrokerRegistry.load()


REQUIRED_HOUSES = [
    "Kotak Institutional Equities",
    "Motilal Oswal",
    "ICICI Securities",
    "HDFC Securities",
    "Axis Capital",
    "Axis Securities",
    "Nuvama",
    "JM Financial",
    "Emkay Global",
    "Ambit",
    "Prabhudas Lilladher",
    "IIFL Capital",
    "Anand Rathi",
    "Centrum",
    "Elara Capital",
    "Equirus",
    "InCred Equities",
    "Systematix",
    "Sharekhan",
    "Geojit",
    "Yes Securities",
    "Phillip Capital",
    "Dolat Capital",
    "Antique",
    "Investec",
    "BOB Capital Markets",
    "SBI Securities",
    "Choice",
    "Religare",
    "Jefferies",
    "Nomura",
    "Morgan Stanley",
    "Goldman Sachs",
    "J.P. Morgan",
    "BofA Securities",
    "CLSA",
    "Macquarie",
    "UBS",
    "Citi",
    "HSBC",
    "Bernstein",
    "Barclays",
    "Deutsche Bank",
    "BNP Paribas",
    "Daiwa",
    "Mizuho",
    "Credit Suisse",
    "Wells Fargo",
]


def test_registry_covers_the_main_indian_and_global_houses(registry: BrokerRegistry) -> None:
    names = {broker.name for broker in registry}
    assert len(registry) >= 45
    assert not [house for house in REQUIRED_HOUSES if house not in names]


def test_no_alias_or_domain_is_claimed_by_two_houses(registry: BrokerRegistry) -> None:
    for broker in registry:
        for label in (broker.name, *broker.aliases):
            assert registry.by_name(label) == broker, label
        for domain in broker.domains:
            assert registry.match_sender(f"someone@{domain}") == broker, domain


def test_indian_houses_publish_on_india_time_and_global_houses_on_the_senders_offset(
    registry: BrokerRegistry,
) -> None:
    for broker in registry:
        if broker.country == "IN":
            assert broker.timezone == "Asia/Kolkata", broker.name
    for name in ("Jefferies", "Nomura", "Morgan Stanley", "CLSA", "Goldman Sachs"):
        global_house = registry.by_name(name)
        assert global_house is not None and global_house.timezone is None


@pytest.mark.parametrize(
    ("address", "display", "expected"),
    [
        ("research@motilaloswal.com", "Motilal Oswal Institutional Equities", "Motilal Oswal"),
        ("bounces+inst@mailer.motilaloswal.com", None, "Motilal Oswal"),  # subdomain
        ("KIE.Research@Kotak.com", None, "Kotak Institutional Equities"),  # any case
        ("service.securities@kotak.com", "Kotak Securities", "Kotak Institutional Equities"),  # the house
        ('"Jefferies LLC" <usresearch@jefferies.com>', None, "Jefferies"),  # a full From value
        ("india.research@clsa.com", "CLSA Singapore", "CLSA"),
        ("research@icicidirect.com", None, "ICICI Securities"),
        ("research@axissecurities.in", None, "Axis Securities"),
        ("research@axiscap.in", None, "Axis Capital"),
        ("analyst@gs.com", None, "Goldman Sachs"),
        ("research@bofa.com", None, "BofA Securities"),
    ],
)
def test_sender_address_names_the_house(
    registry: BrokerRegistry, address: str, display: str | None, expected: str
) -> None:
    broker = registry.match_sender(address, display)
    assert broker is not None and broker.name == expected


@pytest.mark.parametrize(
    ("address", "display"),
    [
        ("arjun.mehta@gmail.com", "Jefferies India Research"),  # a forwarder keeps his own identity
        ("vikram.rao@example.net", "FW: Kotak Institutional Equities"),
        ("someone@notkotak.com", None),  # suffix match is per domain label, not per character
        ("research@kotak.com.evil.example", None),
        (None, None),
        ("", "Arjun Mehta"),
    ],
)
def test_forwarders_and_look_alike_domains_do_not_match(
    registry: BrokerRegistry, address: str | None, display: str | None
) -> None:
    assert registry.match_sender(address, display) is None


def test_display_name_decides_only_without_a_telling_address(registry: BrokerRegistry) -> None:
    platform = registry.match_sender("noreply@email.bluematrix.com", "Jefferies Equity Research")
    assert platform is not None and platform.name == "Jefferies"
    no_address = registry.match_sender(None, "KIE Research")
    assert no_address is not None and no_address.name == "Kotak Institutional Equities"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("MOFSL", "Motilal Oswal"),
        ("mosl", "Motilal Oswal"),
        ("KIE", "Kotak Institutional Equities"),
        ("I-Sec", "ICICI Securities"),
        ("HSIE", "HDFC Securities"),
        ("PL Capital", "Prabhudas Lilladher"),
        ("IIFL Securities", "IIFL Capital"),
        ("Edelweiss Securities", "Nuvama"),
        ("nuvama", "Nuvama"),
        ("JPMorgan", "J.P. Morgan"),
        ("Bank of America", "BofA Securities"),
        ("Jefferies LLC", "Jefferies"),
        ("  kotak   institutional equities ", "Kotak Institutional Equities"),
    ],
)
def test_by_name_accepts_names_and_self_names(registry: BrokerRegistry, name: str, expected: str) -> None:
    broker = registry.by_name(name)
    assert broker is not None and broker.name == expected


def test_unknown_name_is_none(registry: BrokerRegistry) -> None:
    assert registry.by_name("Kotak") is None  # the bare group name also means the bank
    assert registry.by_name("Acme Research") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Regards,\nMotilal Oswal Research | Mumbai", "Motilal Oswal"),
        ("This report has been prepared by Kotak Institutional Equities (KIE).", "Kotak Institutional Equities"),
        ("I-Sec Morning Note | 5 Feb 2025", "ICICI Securities"),
        ("HSIE Research Daily - Tech Mahindra | Cipla", "HDFC Securities"),
        ("--- Forwarded ---\nFrom: Desk <indiaresearch@jefferies.com>", "Jefferies"),
        ("See https://www.nomuranow.com/research/m/abc for the note", "Nomura"),
        ("nuvama institutional equities research", "Nuvama"),
        # earliest mention wins over a later one
        ("Jefferies note attached; CLSA disagrees.", "Jefferies"),
    ],
)
def test_find_in_text_reads_a_house_naming_itself(registry: BrokerRegistry, text: str, expected: str) -> None:
    broker = registry.find_in_text(text)
    assert broker is not None and broker.name == expected


@pytest.mark.parametrize(
    "text",
    [
        "This falls within the ambit of the new rules; kie.research@ is not a name.",
        "Kotak Mahindra Bank and ICICI Bank reported strong deposits; Axis Bank lagged.",
        "Thanks, Arjun",
    ],
)
def test_find_in_text_ignores_ordinary_words_and_the_banks_names(registry: BrokerRegistry, text: str) -> None:
    assert registry.find_in_text(text) is None


def test_default_registry_is_cached_and_typed() -> None:
    first = default_registry()
    assert first is default_registry()
    assert all(isinstance(broker, Broker) for broker in first)
    assert hash(first.by_name("CLSA")) == hash(first.by_name("CLSA"))
