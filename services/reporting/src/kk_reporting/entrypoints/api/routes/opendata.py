"""Open data (ανοικτά δεδομένα): monthly indicators per region or municipality, as JSON or
CSV, for anyone, no token. Aggregates only, suppressed as everywhere outside a centre's own
view: counts from 1 to 4 are "<5", with their complements."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from kk_reporting.adapters.opendata import Level
from kk_reporting.application import OPEN_DATA_COLUMNS
from kk_reporting.entrypoints.api.routes.indicators import Reporting
from kk_reporting.entrypoints.api.routes.monthly import From, To, period

router = APIRouter(prefix="/open-data", tags=["open data"])


def _rows(service: Any, level: Level, first: str | None, last: str | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = service.application.open_data(level, period(first, last))
    return rows


@router.get(
    "/monthly.json",
    summary="Monthly indicators per region or municipality (suppressed), JSON, no token",
)
def monthly_json(
    service: Reporting,
    level: Level = "region",
    first: From = None,
    last: To = None,
) -> JSONResponse:
    return JSONResponse(_rows(service, level, first, last))


@router.get(
    "/monthly.csv",
    summary="Monthly indicators per region or municipality (suppressed), CSV, no token",
    response_class=Response,
)
def monthly_csv(
    service: Reporting,
    level: Level = "region",
    first: From = None,
    last: To = None,
) -> Response:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=OPEN_DATA_COLUMNS)
    writer.writeheader()
    writer.writerows(_rows(service, level, first, last))
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="kk-monthly-{level}.csv"'},
    )
