"""Row factories that build dataclasses from query results."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from psycopg import Cursor
from psycopg.rows import RowMaker

T = TypeVar("T")


def known_fields_row(cls: type[T]) -> Callable[[Cursor[Any]], RowMaker[T]]:
    """Like psycopg's `class_row`, but columns the dataclass does not declare are ignored.

    `SELECT *` then keeps working when a later migration adds a column before the code that
    reads it is updated (for example while a rolling upgrade is half done).
    """
    wanted = {field.name for field in dataclasses.fields(cls)}  # type: ignore[arg-type]

    def factory(cursor: Cursor[Any]) -> RowMaker[T]:
        names = [column.name for column in cursor.description or ()]
        keep = [(index, name) for index, name in enumerate(names) if name in wanted]

        def make_row(values: Sequence[Any]) -> T:
            return cls(**{name: values[index] for index, name in keep})

        return make_row

    return factory
