"""JSON replies serialized straight from the domain's dataclasses.

The routes still declare their `response_model` (that is what /openapi.json documents), but
answer with the bytes pydantic's serializer writes from the dataclasses themselves: FastAPI's
generic path first deep-copies every row with `dataclasses.asdict` and validates it again, which
costs more than the database query of a 50-row page.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import TypeAdapter
from starlette.responses import Response


@cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


def json_reply(value: Any, kind: Any, *, status_code: int = 200) -> Response:
    """`value`, of type `kind` (e.g. `Page[ReportSummary]`), as a JSON response."""
    return Response(_adapter(kind).dump_json(value), status_code=status_code, media_type="application/json")
