"""Rebuilding the indicators from the topics: requested by an administrator, one at a time
(another while one is requested or running is 409), run by reporting's worker, followed by
anyone at the ministry."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from servicekit.auth import Principal, Role, require
from servicekit.errors import ApiError

from kk_reporting.access import NATIONAL_ROLES
from kk_reporting.adapters.rebuild import RebuildRunningError
from kk_reporting.entrypoints.api.routes.indicators import Reporting

router = APIRouter(prefix="/rebuilds", tags=["rebuilds"])
Admin = Annotated[Principal, require(Role.ADMIN)]
National = Annotated[Principal, require(*NATIONAL_ROLES)]


class RebuildRun(BaseModel):
    id: int
    state: str
    """requested, running, done, failed or interrupted (its process stopped)"""
    started_at: datetime
    finished_at: datetime | None
    done: int
    """messages read so far"""
    total: int
    events_per_s: float | None
    error: str | None


def _run(row: dict[str, Any]) -> RebuildRun:
    return RebuildRun.model_validate(row)


@router.post(
    "",
    status_code=202,
    summary="Rebuild every indicator from the topics (the dashboards keep answering)",
    description="Records a rebuild as requested; reporting's worker runs it. Its progress: "
    "GET /rebuilds/latest.",
    responses={409: {"description": "A rebuild is already requested or running"}},
)
def start(service: Reporting, _: Admin) -> JSONResponse:
    try:
        row = service.application.request_rebuild()
    except RebuildRunningError as running:
        run = running.run or {}
        raise ApiError(
            409,
            "rebuild_running",
            f"A rebuild is already {run.get('state', 'running')} (since "
            f"{run.get('started_at')}, {run.get('done', 0):,} of {run.get('total', 0):,} "
            "messages read); wait for it to finish: GET /rebuilds/latest.",
            message_el="Έχει ήδη ζητηθεί ή τρέχει ανακατασκευή· περιμένετε να ολοκληρωθεί.",
        ) from None
    return JSONResponse(
        _run(row).model_dump(mode="json"),
        status_code=202,
        headers={"Location": "/rebuilds/latest"},
    )


@router.get("/latest", summary="The latest rebuild: its state and progress")
def latest(service: Reporting, _: National) -> RebuildRun:
    row = service.application.latest_rebuild()
    if row is None:
        raise ApiError(
            404, "not_found", "No rebuild has run yet.", message_el="Δεν έχει γίνει ανακατασκευή."
        )
    return _run(row)
