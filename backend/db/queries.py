"""Load SQL kept in `.sql` files beside the module that runs it.

A file holds several statements, each introduced by a `-- name: some_name` line; everything up to
the next such line belongs to that statement. Keeping SQL out of Python strings lets reviewers read
it as SQL and keeps every value a bound parameter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib import resources

from backend.errors import ConfigurationError

_NAME_LINE = re.compile(r"^--\s*name:\s*(?P<name>[a-z_][a-z0-9_]*)\s*$", re.MULTILINE)


def parse_queries(text: str) -> dict[str, str]:
    """Split a query file into {name: statement}."""
    queries: dict[str, str] = {}
    matches = list(_NAME_LINE.finditer(text))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        name = match.group("name")
        if name in queries:
            raise ConfigurationError(f"query {name!r} is defined twice")
        queries[name] = text[match.end() : end].strip().rstrip(";")
    return queries


@cache
def load_queries(package: str, filename: str) -> Mapping[str, str]:
    """The named statements of `filename` in `package` (read once, then cached)."""
    text = resources.files(package).joinpath(filename).read_text(encoding="utf-8")
    return parse_queries(text)
