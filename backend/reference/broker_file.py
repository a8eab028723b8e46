"""Reading and checking broker registry files (the package's brokers.yaml and users' own files).

A file is a mapping with a `brokers` list (a bare list is accepted too). Every entry is checked field
by field; the first problem raises `ReferenceDataError` naming the file, the entry and the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from backend.errors import ReferenceDataError
from backend.reference.ratings import RATINGS, Rating, normalize_rating_word

_DOMAIN = re.compile(r"^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[a-z]{2,63}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_TUPLE_FIELDS = (
    "aliases",
    "domains",
    "addresses",
    "display_patterns",
    "sector_views",
    "list_names",
    "listed_tickers",
)


@dataclass(frozen=True)
class Broker:
    """One research house. Tuples keep the order of the file; see data/brokers.yaml for each field."""

    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    display_patterns: tuple[str, ...] = ()
    country: str = ""
    timezone: str | None = None
    rating_scale: Mapping[str, Rating] = field(default_factory=dict, compare=False)
    list_names: tuple[str, ...] = ()
    sector_views: tuple[str, ...] = ()
    listed_tickers: tuple[str, ...] = ()


KNOWN_FIELDS = frozenset(f.name for f in fields(Broker))


def read_broker_file(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """The checked entries of one file: (where, fields) with only the fields each entry states.

    `where` names the entry ("entry 3 (Motilal Oswal)") for later error messages.
    """
    source = str(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ReferenceDataError(source, "file", "path", source, f"cannot be read: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise ReferenceDataError(source, "file", "yaml", source, f"not valid YAML: {error}") from error
    if isinstance(document, Mapping):
        unknown = set(document) - {"brokers"}
        if unknown:
            raise ReferenceDataError(
                source, "file", "top-level key", sorted(map(str, unknown))[0], "only 'brokers' is allowed"
            )
        document = document.get("brokers")
    if not isinstance(document, list):
        raise ReferenceDataError(
            source, "file", "brokers", type(document).__name__, "expected a list of broker entries under 'brokers'"
        )
    entries = [_check_entry(source, index, raw) for index, raw in enumerate(document, start=1)]
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries, start=1):
        key = entry["name"].casefold()
        if key in seen:
            raise ReferenceDataError(
                source,
                f"entry {index} ({entry['name']})",
                "name",
                entry["name"],
                f"already defined by entry {seen[key]} of this file",
            )
        seen[key] = index
    return [(f"entry {index} ({entry['name']})", entry) for index, entry in enumerate(entries, start=1)]


def _check_entry(source: str, index: int, raw: Any) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise ReferenceDataError(source, f"entry {index}", "entry", raw, "expected a mapping of broker fields")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ReferenceDataError(source, f"entry {index}", "name", name, "a non-empty string is required")
    where = f"entry {index} ({name.strip()})"
    unknown = set(map(str, raw)) - KNOWN_FIELDS
    if unknown:
        raise ReferenceDataError(
            source,
            where,
            "field",
            sorted(unknown)[0],
            f"unknown field; known fields: {', '.join(sorted(KNOWN_FIELDS))}",
        )
    entry: dict[str, Any] = {"name": name.strip()}
    for key in _TUPLE_FIELDS:
        if key in raw:
            entry[key] = _string_tuple(source, where, key, raw[key])
    for domain in entry.get("domains", ()):
        if not _DOMAIN.match(domain):
            raise ReferenceDataError(
                source, where, "domains", domain, "expected a lower-case domain such as 'example.com', without '@'"
            )
    for address in entry.get("addresses", ()):
        if not _ADDRESS.match(address):
            raise ReferenceDataError(
                source, where, "addresses", address, "expected a lower-case address such as 'research@example.com'"
            )
    for pattern in entry.get("display_patterns", ()):
        try:
            re.compile(pattern)
        except re.error as error:
            raise ReferenceDataError(
                source, where, "display_patterns", pattern, f"not a valid regular expression: {error}"
            ) from error
    if "country" in raw:
        country = raw["country"]
        if not isinstance(country, str) or not _COUNTRY.match(country):
            raise ReferenceDataError(source, where, "country", country, "expected a two-letter code like 'IN'")
        entry["country"] = country
    if "timezone" in raw:
        entry["timezone"] = _timezone(source, where, raw["timezone"])
    if "rating_scale" in raw:
        entry["rating_scale"] = _rating_scale(source, where, raw["rating_scale"])
    return entry


def _string_tuple(source: str, where: str, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ReferenceDataError(source, where, key, value, "expected a list of non-empty strings")
    items = [item.strip() for item in value]
    if key in ("domains", "addresses"):
        items = [item.lower() for item in items]
    return tuple(dict.fromkeys(items))


def _timezone(source: str, where: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ReferenceDataError(source, where, "timezone", value, "expected an IANA zone name or null")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ReferenceDataError(source, where, "timezone", value, "unknown IANA time zone") from error
    return value


def _rating_scale(source: str, where: str, value: Any) -> dict[str, Rating]:
    if not isinstance(value, Mapping):
        raise ReferenceDataError(source, where, "rating_scale", value, "expected a mapping word -> buy/hold/sell")
    scale: dict[str, Rating] = {}
    for word, bucket in value.items():
        if not isinstance(word, str) or not normalize_rating_word(word):
            raise ReferenceDataError(source, where, "rating_scale", word, "a rating word must be a string")
        if bucket not in RATINGS:
            raise ReferenceDataError(
                source, where, f"rating_scale[{word!r}]", bucket, f"expected one of {', '.join(RATINGS)}"
            )
        scale[normalize_rating_word(word)] = cast(Rating, bucket)
    return scale


def merge_entry(base: Broker | None, entry: Mapping[str, Any]) -> Broker:
    """A new broker from `entry`, or `base` extended by it.

    Lists are extended (the base's items first), the rating scale is merged word by word with the
    entry winning, and country and timezone are replaced when the entry states them.
    """
    if base is None:
        values: dict[str, Any] = {"name": entry["name"], "rating_scale": {}}
    else:
        values = {f.name: getattr(base, f.name) for f in fields(Broker)}
        values["rating_scale"] = dict(base.rating_scale)
    for key in _TUPLE_FIELDS:
        extra: Sequence[str] = entry.get(key, ())
        values[key] = tuple(dict.fromkeys((*values.get(key, ()), *extra)))
    for key in ("country", "timezone"):
        if key in entry:
            values[key] = entry[key]
    values["rating_scale"].update(entry.get("rating_scale", {}))
    return Broker(**values)
