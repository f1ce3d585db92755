"""Open data (ανοικτά δεδομένα): monthly indicators per region or municipality, as JSON or
CSV, for anyone, no token. Aggregates only, suppressed as everywhere outside a centre's own
view: counts from 1 to 4 are "<5", with their complements."""

from __future__ import annotations

import csv
import io
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from kk_reporting.entrypoints.api.routes.indicators import Reporting
from kk_reporting.entrypoints.api.routes.monthly import From, To, period
from kk_reporting.facts import NOT_SHOWN, months_between
from kk_reporting.suppression import suppress

router = APIRouter(prefix="/open-data", tags=["open data"])
Level = Literal["region", "municipality"]
COLUMNS = ("level", "code", "month", "indicator", "dimension", "value")


def _rows(service: Any, level: Level, first: str | None, last: str | None) -> list[dict[str, Any]]:
    start, end = period(first, last)
    months = [m.strftime("%Y-%m") for m in months_between(start, end)]
    last_month = months_between(start, end)[-1]
    with service.pool.connection() as conn, conn.cursor() as cur:
        if level == "region":  # from the regions' own sums
            cur.execute(
                """SELECT code, indicator, dimension, month, n FROM place_facts
                   WHERE level = 'region' AND month BETWEEN %s AND %s
                     AND NOT indicator = ANY(%s) AND n <> 0""",
                (start, last_month, list(NOT_SHOWN)),
            )
        else:
            cur.execute(
                """SELECT d.municipality_code AS code, f.indicator, f.dimension, f.month,
                          SUM(f.n)::bigint AS n
                   FROM monthly_facts f JOIN centre_dim d USING (centre_id)
                   WHERE f.month BETWEEN %s AND %s AND NOT f.indicator = ANY(%s)
                   GROUP BY 1, 2, 3, 4 HAVING SUM(f.n) <> 0""",
                (start, last_month, list(NOT_SHOWN)),
            )
        found = cur.fetchall()
    tables: dict[tuple[str, str], dict[str, dict[str, int]]] = {}
    for row in found:
        table = tables.setdefault((row["code"], row["indicator"]), {})
        months_of = table.setdefault(row["dimension"] or "all", dict.fromkeys(months, 0))
        months_of[row["month"].strftime("%Y-%m")] = int(row["n"])
    rows = []
    for (code, indicator), table in sorted(tables.items()):
        for dimension, cells in sorted(suppress(table).items()):
            rows += [
                dict(zip(COLUMNS, (level, code, m, indicator, dimension, cells[m]), strict=True))
                for m in months
            ]
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
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(_rows(service, level, first, last))
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="kk-monthly-{level}.csv"'},
    )
