"""Corpus-wide checks: every dev-corpus broker and company is recognised as the labels name it."""

from __future__ import annotations

import pytest

from backend.reference.brokers import BrokerRegistry
from backend.reference.companies import CompanyMaster, default_master
from tests.reference.corpus import CorpusEmail, corpus_emails

# Non-research mail from a house's own domain still resolves to that house: deciding that a
# contract note or an OTP is not research is the extractor's job, not the registry's.
HOUSE_OF_NON_RESEARCH_SENDER = {
    "alerts@hdfcsec.com": "HDFC Securities",
    "no-reply@motilaloswal.com": "Motilal Oswal",
    "communications@nuvama.com": "Nuvama",
    "service@icicidirect.com": "ICICI Securities",
    "offers@icicidirect.com": "ICICI Securities",
    "customercare@plindia.com": "Prabhudas Lilladher",
    "events@jmfl.com": "JM Financial",
    "service.securities@kotak.com": "Kotak Institutional Equities",
    "research@ambit.co": "Ambit",
}


@pytest.fixture(scope="module")
def registry() -> BrokerRegistry:
    return BrokerRegistry.load()


@pytest.fixture(scope="module")
def master() -> CompanyMaster:
    return default_master()


def _research() -> list[CorpusEmail]:
    return [mail for mail in corpus_emails() if mail.label["is_research"]]


def test_every_corpus_sender_resolves_to_its_house_or_is_a_forwarder(registry: BrokerRegistry) -> None:
    checked = 0
    for mail in corpus_emails():
        address, display = mail.sender
        broker = registry.match_sender(address, display)
        if mail.label["is_research"]:
            if address.endswith(("@example.com", "@example.net")):
                assert broker is None, mail.label["file"]  # a colleague's forward
                continue
            assert broker is not None and broker.name == mail.label["broker"], mail.label["file"]
        else:
            assert broker is not None and broker.name == HOUSE_OF_NON_RESEARCH_SENDER[address], address
        checked += 1
    assert checked >= 75


def test_forwarded_notes_name_their_house_in_the_body(registry: BrokerRegistry) -> None:
    forwards = [mail for mail in _research() if registry.match_sender(*mail.sender) is None]
    assert len(forwards) >= 3
    for mail in forwards:
        broker = registry.find_in_text(mail.text)
        assert broker is not None and broker.name == mail.label["broker"], mail.label["file"]


def test_every_research_body_names_its_own_house(registry: BrokerRegistry) -> None:
    for mail in _research():
        broker = registry.find_in_text(mail.text)
        assert broker is not None and broker.name == mail.label["broker"], mail.label["file"]


def test_every_labelled_rating_word_has_the_labelled_bucket(registry: BrokerRegistry) -> None:
    for mail in _research():
        broker = registry.by_name(mail.label["broker"])
        assert broker is not None
        for report in mail.label["reports"]:
            if report["rating_raw"]:
                assert registry.rating_bucket(broker, report["rating_raw"]) == report["rating"], report


def test_every_label_company_is_in_the_master_under_its_canonical_name(master: CompanyMaster) -> None:
    for mail in _research():
        for report in mail.label["reports"]:
            if report["company"] is None:
                continue
            company = master.by_ticker(report["ticker"])
            assert company is not None and company.canonical == report["company"], report


def test_every_label_company_is_found_in_its_email(master: CompanyMaster) -> None:
    for mail in _research():
        found = {match.company.ticker for match in master.find_in_text(mail.text)}
        wanted = {report["ticker"] for report in mail.label["reports"] if report["ticker"]}
        assert wanted <= found, (mail.label["file"], wanted - found)


def test_company_lines_of_the_corpus_resolve_by_lookup(master: CompanyMaster) -> None:
    """The subject's company part, as the extractor would pass it ("Voltas (VOLT IN) - Q3FY25 ...")."""
    for mail in _research():
        subject = str(mail.message["Subject"]).removeprefix("FW: ").removeprefix("Fwd: ")
        reports = [r for r in mail.label["reports"] if r["ticker"]]
        if len(reports) != 1:
            continue
        head = subject.split(":")[0].split(" - ")[0].split(" | ")[0]
        match = master.lookup(head)
        if match is not None:
            assert match.company.ticker == reports[0]["ticker"], (mail.label["file"], head)
