"""Every indicator of one place over a period, with the same figures for each place inside
it (the regions of the nation, the regional units of a region, the centres of a regional
unit): one JSON answer per dashboard, for the observatories' own tools too."""

from __future__ import annotations

from fastapi import APIRouter
from servicekit.api import ModelResponse
from servicekit.auth import Principal

from kk_reporting.access import PLACES, authorised_scope
from kk_reporting.bootstrap import ReportingService
from kk_reporting.entrypoints.api.routes.indicators import AnyRole, Reporting
from kk_reporting.entrypoints.api.routes.monthly import From, To, period
from kk_reporting.overview import Level, Overview, overview

router = APIRouter(prefix="/indicators", tags=["overview"])


def answer(
    service: ReportingService,
    who: Principal,
    level: Level,
    code: str | None,
    first: str | None,
    last: str | None,
    *,
    inside: Level | None = None,
) -> Overview:
    start, end = period(first, last)
    scope = authorised_scope(service.pool, who, level, code)
    with service.pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
        # one snapshot: the figures, the places inside and the breakdowns agree
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return overview(cur, scope, start, end, inside=inside)


@router.get(
    "/national/overview",
    response_model=Overview,
    summary="The nation: every indicator, and each region's",
)
def national(
    service: Reporting, who: AnyRole, first: From = None, last: To = None
) -> ModelResponse:
    return ModelResponse(answer(service, who, "national", None, first, last))


def _place_route(level: Level, path: str, title: str) -> None:
    def read(
        code: str, service: Reporting, who: AnyRole, first: From = None, last: To = None
    ) -> ModelResponse:
        return ModelResponse(answer(service, who, level, code, first, last))

    router.add_api_route(
        f"{path}/overview",
        read,
        methods=["GET"],
        response_model=Overview,
        summary=f"{title}: every indicator, and those of each place inside it",
        name=f"{level}_overview",
    )


for _level, _path, _title in PLACES:
    _place_route(_level, _path, _title)
