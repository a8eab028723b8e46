"""The broker registry: which research house sent or wrote a message.

The package ships `data/brokers.yaml`; users add houses or extend known ones with their own YAML
files of the same shape, passed to `BrokerRegistry.load` or listed in the environment variable
BROKERAGE_INSIGHTS_BROKERS. A later file takes over any domain, address or alias it names.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from email.utils import parseaddr
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from backend.errors import ReferenceDataError
from backend.reference.broker_file import Broker, merge_entry, read_broker_file
from backend.reference.phrase_scan import PhraseIndex
from backend.reference.ratings import DEFAULT_RATING_SCALE, Rating, bucket_for, normalize_rating_word

__all__ = ["DEFAULT_RATING_SCALE", "Broker", "BrokerRegistry", "Rating", "default_registry"]

ENV_EXTRA_FILES = "BROKERAGE_INSIGHTS_BROKERS"

# Bulk-mail platforms send on behalf of many houses: their domain says nothing about the house,
# so the display name decides. Webmail and colleagues' domains are deliberately absent.
BULK_MAIL_DOMAINS = (
    "bluematrix.com",
    "list-manage.com",
    "mcsv.net",
    "mcdlv.net",
    "rsgsv.net",
    "sendgrid.net",
    "amazonses.com",
    "mailgun.org",
    "sparkpostmail.com",
    "mktomail.com",
    "exacttarget.com",
    "netcoresmartech.com",
    "pepipost.com",
    "mailchimpapp.net",
    "hubspotemail.net",
)
# Shorter self-names ("PL") are too likely to be something else in free text.
_MIN_TEXT_ALIAS = 3
_EMAIL_OR_URL_HOST = re.compile(r"[\w.+%-]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,})|https?://([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def _package_file() -> Path:
    return Path(str(resources.files("backend.reference") / "data" / "brokers.yaml"))


class BrokerRegistry:
    def __init__(self, brokers: Sequence[Broker]) -> None:
        self._brokers = tuple(brokers)
        self._by_name: dict[str, Broker] = {}
        self._by_domain: dict[str, Broker] = {}
        self._by_address: dict[str, Broker] = {}
        for broker in self._brokers:
            for label in (broker.name, *broker.aliases):
                self._claim(self._by_name, label.casefold(), broker, "alias")
            for domain in broker.domains:
                self._claim(self._by_domain, domain, broker, "domains")
            for address in broker.addresses:
                self._claim(self._by_address, address, broker, "addresses")
        self._display = [
            (broker, re.compile(pattern, re.IGNORECASE))
            for broker in self._brokers
            for pattern in broker.display_patterns
        ]
        self._text_index: PhraseIndex[Broker] | None = None

    @staticmethod
    def _claim(index: dict[str, Broker], key: str, broker: Broker, field: str) -> None:
        owner = index.setdefault(key, broker)
        if owner.name != broker.name:
            raise ReferenceDataError(
                "broker registry", f"broker {broker.name}", field, key, f"already used by {owner.name}"
            )

    @classmethod
    def load(cls, extra_files: Sequence[Path] = ()) -> BrokerRegistry:
        """The package registry, then each of `extra_files` in order (new houses or extensions)."""
        brokers: dict[str, Broker] = {}
        for _, entry in read_broker_file(_package_file()):
            brokers[entry["name"].casefold()] = merge_entry(None, entry)
        for path in extra_files:
            for where, entry in read_broker_file(Path(path)):
                key = entry["name"].casefold()
                key = key if key in brokers else None
                if key is None and "country" not in entry:
                    raise ReferenceDataError(str(path), where, "country", None, "required for a new broker")
                _release_claims(brokers, key, entry)
                base = brokers.get(key) if key is not None else None
                brokers[key or entry["name"].casefold()] = merge_entry(base, entry)
        return cls(list(brokers.values()))

    def __iter__(self) -> Iterator[Broker]:
        return iter(self._brokers)

    def __len__(self) -> int:
        return len(self._brokers)

    def by_name(self, name: str) -> Broker | None:
        """The house with this name or alias, case-insensitive."""
        return self._by_name.get(" ".join(name.split()).casefold())

    def match_sender(self, address: str | None, display_name: str | None = None) -> Broker | None:
        """The house that sent a message, from its sender address (or display name, see below).

        The display name is read only when the address says nothing: no usable address, or a
        bulk-mail platform's domain. A forwarder's own address (webmail, a colleague's firm)
        therefore never matches, whatever its display name.
        """
        sender = _clean_address(address)
        if sender:
            if sender in self._by_address:
                return self._by_address[sender]
            domain = sender.rpartition("@")[2]
            broker = self._by_domain_suffix(domain)
            if broker is not None or not _is_bulk_mail(domain):
                return broker
        return self._match_display(display_name) if display_name else None

    def find_in_text(self, text: str) -> Broker | None:
        """The house a body names itself by (self-name, sender address or link): the earliest mention."""
        candidates: list[tuple[int, int, Broker]] = []
        hits = self._aliases().scan(text)
        if hits:
            first = hits[0]
            candidates.append((first.start, -(first.end - first.start), first.phrase.payload))
        for match in _EMAIL_OR_URL_HOST.finditer(text):
            broker = self._by_domain_suffix((match.group(1) or match.group(2)).lower())
            if broker is not None:
                candidates.append((match.start(), -(match.end() - match.start()), broker))
                break
        return min(candidates, key=lambda c: (c[0], c[1]))[2] if candidates else None

    def rating_bucket(self, broker: Broker | None, word: str) -> Rating | None:
        """buy/hold/sell for a rating word as `broker` uses it (default scale when None or unknown)."""
        if broker is None:
            return bucket_for(word, {})
        ignored = frozenset(normalize_rating_word(view) for view in broker.sector_views)
        return bucket_for(word, broker.rating_scale, ignored)

    def _by_domain_suffix(self, domain: str) -> Broker | None:
        labels = domain.strip(".").split(".")
        for start in range(len(labels) - 1):
            broker = self._by_domain.get(".".join(labels[start:]))
            if broker is not None:
                return broker
        return None

    def _match_display(self, display_name: str) -> Broker | None:
        found: list[tuple[int, int, Broker]] = []
        for broker, pattern in self._display:
            match = pattern.search(display_name)
            if match:
                found.append((match.start(), -(match.end() - match.start()), broker))
        hits = self._aliases().scan(display_name)
        if hits:
            found.append((hits[0].start, -(hits[0].end - hits[0].start), hits[0].phrase.payload))
        return min(found, key=lambda c: (c[0], c[1]))[2] if found else None

    def _aliases(self) -> PhraseIndex[Broker]:
        if self._text_index is None:
            index: PhraseIndex[Broker] = PhraseIndex()
            for broker in self._brokers:
                for label in (broker.name, *broker.aliases):
                    if len(label) >= _MIN_TEXT_ALIAS:
                        index.add(label, broker)
            self._text_index = index
        return self._text_index


def _release_claims(brokers: dict[str, Broker], keep: str | None, entry: dict[str, Any]) -> None:
    """Take the domains, addresses and aliases `entry` names away from every other house."""
    for key, broker in list(brokers.items()):
        if key == keep:
            continue
        changes: dict[str, Any] = {}
        for field in ("domains", "addresses", "aliases"):
            taken = {item.casefold() for item in entry.get(field, ())}
            if field == "aliases":
                taken.add(entry["name"].casefold())
            kept = tuple(item for item in getattr(broker, field) if item.casefold() not in taken)
            if kept != getattr(broker, field):
                changes[field] = kept
        if changes:
            brokers[key] = replace(broker, **changes)


def _clean_address(address: str | None) -> str:
    if not address:
        return ""
    _, parsed = parseaddr(address)
    parsed = parsed.strip().lower()
    return parsed if "@" in parsed else ""


def _is_bulk_mail(domain: str) -> bool:
    return any(domain == bulk or domain.endswith("." + bulk) for bulk in BULK_MAIL_DOMAINS)


def _extra_files_from_env() -> tuple[Path, ...]:
    value = os.environ.get(ENV_EXTRA_FILES, "")
    return tuple(Path(part) for part in value.split(os.pathsep) if part.strip())


@cache
def _registry_for(extra_files: tuple[Path, ...]) -> BrokerRegistry:
    return BrokerRegistry.load(extra_files)


def default_registry() -> BrokerRegistry:
    """The package registry plus the files listed in BROKERAGE_INSIGHTS_BROKERS (cached per list)."""
    return _registry_for(_extra_files_from_env())
