"""Every indicator of one place over a period, with the same figures for each place inside
it (the regions of the nation, the regional units of a region, the centres of a regional
unit): one JSON answer per dashboard, for the observatories' own tools too."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from servicekit.api import ModelResponse
from servicekit.auth import Principal
from servicekit.errors import ApiError

from kk_reporting.access import PLACES
from kk_reporting.adapters.overview import Level, Overview
from kk_reporting.bootstrap import ReportingService
from kk_reporting.entrypoints.api.routes.indicators import AnyRole, Reporting
from kk_reporting.entrypoints.api.routes.monthly import From, To, period

router = APIRouter(prefix="/indicators", tags=["overview"])
DEPTH: dict[Level, int] = {
    "national": 0, "region": 1, "regional_unit": 2, "municipality": 3, "centre": 4,
}  # fmt: skip
Inside = Annotated[
    Literal["regional_unit", "municipality", "centre"] | None,
    Query(description="The level of the places listed inside (default: the next one down), "
          "e.g. a region's centres"),
]  # fmt: skip


def _below(level: Level, inside: Level | None) -> Level | None:
    if inside is not None and DEPTH[inside] <= DEPTH[level]:
        raise ApiError(
            422,
            "invalid_inside",
            f"inside={inside!r} is not a level below {level!r}.",
            message_el="Το επίπεδο των περιοχών πρέπει να είναι κατώτερο της περιοχής.",
        )
    return inside


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
    return service.application.overview(who, level, code, period(first, last), inside=inside)


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
        code: str, service: Reporting, who: AnyRole, first: From = None, last: To = None,
        inside: Inside = None,
    ) -> ModelResponse:  # fmt: skip
        inner = _below(level, inside)
        return ModelResponse(answer(service, who, level, code, first, last, inside=inner))

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


@router.get(
    "/centres/{code}/overdue",
    summary="A centre's overdue requests and referrals now, by how long they have been overdue",
)
def overdue(code: str, service: Reporting, who: AnyRole) -> dict[str, Any]:
    """Counts only, exact: a centre's own figures for its own staff and those above them."""
    return service.application.overdue(who, code)
