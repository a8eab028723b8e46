"""`GET /health` for load balancers and operators (no authentication, no details of the setup)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from backend.api.dependencies import Pool
from backend.api.documented_errors import EVERY_REQUEST, error_responses
from backend.api.health import Health, check_health
from backend.api.replies import json_reply

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, responses={503: {"model": Health}, **error_responses(*EVERY_REQUEST)})
def health(db: Pool) -> Response:
    """Database reachable, migrations current, and the age of the oldest queued run (503 when unhealthy)."""
    report = check_health(db)
    return json_reply(report, Health, status_code=200 if report.ok else 503)
