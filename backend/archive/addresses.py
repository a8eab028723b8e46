"""Address headers (From, To, Cc, and the From/To lines of a forwarded block) to `Address` lists.

The RFC 5322 parser of `policy.default` understands groups, comments and obsolete forms, but raises
on some hostile values (CR/LF inside an encoded display name). It is tried first; on failure the
lenient `email.utils.getaddresses` reads the raw value, and display names are decoded here.
"""

from __future__ import annotations

import re
from email.headerregistry import HeaderRegistry
from email.message import Message
from email.utils import getaddresses
from functools import cache

from backend.archive.defects import DefectLog
from backend.archive.headers import decode_header_value, raw_header, repair_8bit
from backend.archive.limits import MAX_ADDRESS_HEADER_CHARS
from backend.archive.model import Address
from backend.archive.plain_text import storable

_ADDR_SPEC = re.compile(r"^[^@\s<>()\[\]\\,;:\"]+@[^@\s<>()\[\]\\,;:\"]+$")
_QUOTES = "\"' "


@cache
def _registry() -> HeaderRegistry:
    return HeaderRegistry()


def addresses_in_header(msg: Message, name: str, defects: DefectLog) -> list[Address]:
    """Every address of the first `name` header of `msg` (empty when absent or unreadable)."""
    raw = raw_header(msg, name)
    if raw is None:
        return []
    return parse_address_list(raw, field=name.lower(), defects=defects)


def parse_address_list(raw: str, *, field: str, defects: DefectLog | None = None) -> list[Address]:
    """Parse an address-list value (raw or already decoded) into `Address` values, in order."""
    raw = "".join(repair_8bit(raw)[0].splitlines())  # unfold, as policy.default does before parsing
    raw, cut = _bounded(raw)
    if cut and defects is not None:
        defects.add("too_many_addresses", f"{field}: above {MAX_ADDRESS_HEADER_CHARS} characters: the rest skipped")
    try:
        header = _registry()(field if field in ("from", "to", "cc") else "to", raw)
        found = [
            _address(str(item.display_name), f"{item.username}@{item.domain}" if item.domain else "")
            for item in header.addresses  # type: ignore[attr-defined]
        ]
        problems = [type(defect).__name__ for defect in header.defects]
    except Exception as error:  # the strict parser raises on some hostile values: read leniently
        found, problems = _lenient(raw), [f"strict parse failed ({type(error).__name__}), read leniently"]
    if defects is not None and problems:
        defects.add("header_defect", f"{field}: {', '.join(sorted(set(problems)))}")
    return [address for address in found if address.name or address.address]


def first_address(addresses: list[Address]) -> Address | None:
    return addresses[0] if addresses else None


def _bounded(raw: str) -> tuple[str, bool]:
    """The header cut after the last whole address that fits the limit; True when cut."""
    if len(raw) <= MAX_ADDRESS_HEADER_CHARS:
        return raw, False
    comma = raw.rfind(",", 0, MAX_ADDRESS_HEADER_CHARS)
    return raw[: comma if comma > 0 else MAX_ADDRESS_HEADER_CHARS], True


def _lenient(raw: str) -> list[Address]:
    flat = " ".join(raw.split())
    try:
        pairs = getaddresses([flat])
    except Exception:  # RecursionError on thousands of nested comments: nothing readable is left
        return []
    return [_address(decode_header_value(name)[0], spec) for name, spec in pairs]


def _address(name: str, spec: str) -> Address:
    display = " ".join(decode_header_value(name)[0].split()).strip(_QUOTES)
    spec = storable(spec).strip().strip("<>").lower()
    if not _ADDR_SPEC.match(spec):
        # Keep what a human would read as the sender ("Kotak Research") even without an address.
        display = display or spec
        spec = ""
    return Address(name=display, address=spec)
