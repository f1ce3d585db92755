"""Monthly indicators by level — centre, municipality, region, nation — for a period, with
small-cell suppression outside a centre's own view."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from servicekit.api import ModelResponse
from servicekit.auth import Principal
from servicekit.errors import ApiError

from kk_reporting.access import PLACES
from kk_reporting.adapters.figures import Level
from kk_reporting.application import Monthly, Period
from kk_reporting.bootstrap import ReportingService
from kk_reporting.domain.facts import months_between
from kk_reporting.entrypoints.api.routes.indicators import AnyRole, Reporting

router = APIRouter(prefix="/indicators", tags=["monthly indicators"])
MAX_MONTHS = 120
From = Annotated[
    str | None, Query(alias="from", description="First month, YYYY-MM (default: a year ago)")
]
To = Annotated[str | None, Query(alias="to", description="Last month, YYYY-MM (default: this one)")]


def period(first: str | None, last: str | None) -> Period:
    today = date.today()
    end = _month(last, "to") if last else today.replace(day=1)
    start = _month(first, "from") if first else date(end.year - 1, end.month, 1)
    if start > end:
        raise _unprocessable("from", "the period starts after it ends")
    if len(months_between(start, end)) > MAX_MONTHS:
        raise _unprocessable("from", f"a period is at most {MAX_MONTHS} months")
    return start, end


def _month(text: str, field: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}", text) or not 1 <= int(text[5:]) <= 12:
        raise _unprocessable(field, f"{text!r} is not a month: write YYYY-MM, e.g. 2026-01")
    return date(int(text[:4]), int(text[5:]), 1)


def _unprocessable(field: str, message: str) -> ApiError:
    return ApiError(
        422,
        "invalid_period",
        f"Invalid period ({field}): {message}",
        message_el="Η περίοδος δεν είναι έγκυρη.",
    )


def scoped(
    service: ReportingService, who: Principal, level: Level, code: str | None, period: Period
) -> Monthly:
    return service.application.monthly(who, level, code, period)


@router.get("/national/monthly", response_model=Monthly, summary="National indicators by month")
def national(
    service: Reporting, who: AnyRole, first: From = None, last: To = None
) -> ModelResponse:
    return ModelResponse(scoped(service, who, "national", None, period(first, last)))


def _place_route(level: Level, path: str, title: str) -> None:
    def read(
        code: str, service: Reporting, who: AnyRole, first: From = None, last: To = None
    ) -> ModelResponse:
        return ModelResponse(scoped(service, who, level, code, period(first, last)))

    router.add_api_route(
        f"{path}/monthly",
        read,
        methods=["GET"],
        response_model=Monthly,
        summary=f"{title}: indicators by month",
        name=f"{level}_monthly",
    )


for _level, _path, _title in PLACES:
    _place_route(_level, _path, _title)
