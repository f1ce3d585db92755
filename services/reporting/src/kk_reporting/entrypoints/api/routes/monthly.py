"""Monthly indicators by level — centre, municipality, region, nation — for a period, with
small-cell suppression outside a centre's own view."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from servicekit.auth import Role
from servicekit.errors import ApiError

from kk_reporting import monthly
from kk_reporting.bootstrap import ReportingService
from kk_reporting.entrypoints.api.routes.indicators import (
    NATIONAL_ROLES,
    AnyRole,
    Reporting,
    forbidden,
    known_region,
)

router = APIRouter(prefix="/indicators", tags=["monthly indicators"])
MAX_MONTHS = 120
From = Annotated[
    str | None, Query(alias="from", description="First month, YYYY-MM (default: a year ago)")
]
To = Annotated[str | None, Query(alias="to", description="Last month, YYYY-MM (default: this one)")]


class Monthly(BaseModel):
    scope: str
    code: str | None
    first_month: str
    last_month: str
    suppressed: bool = Field(description="Counts from 1 to 4 shown as '<5' (and complements)")
    indicators: dict[str, dict[str, dict[str, int | str]]] = Field(
        description="indicator → dimension → month (YYYY-MM) or 'total' → count"
    )
    data_as_of: str | None


def period(first: str | None, last: str | None) -> tuple[date, date]:
    today = date.today()
    end = _month(last, "to") if last else today.replace(day=1)
    start = _month(first, "from") if first else date(end.year - 1, end.month, 1)
    if start > end:
        raise _unprocessable("from", "the period starts after it ends")
    if len(monthly.months_between(start, end)) > MAX_MONTHS:
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


def _answer(
    service: ReportingService,
    scope: str,
    code: str | None,
    where: str,
    params: list[Any],
    period: tuple[date, date],
    *,
    own_centre: bool,
) -> Monthly:
    first, last = period
    end = monthly.months_between(first, last)[-1]
    with service.pool.connection() as conn, conn.cursor() as cur:
        counts = monthly.read(cur, where, params, first, end)
        cur.execute("SELECT max(last_event_at) AS at FROM centre_activity")
        row = cur.fetchone()
    months = [m.strftime("%Y-%m") for m in monthly.months_between(first, end)]
    indicators: dict[str, dict[str, dict[str, int | str]]] = {}
    for indicator, found in sorted(counts.items()):
        table = {d: {m: row.get(m, 0) for m in months} for d, row in found.items()}
        if own_centre:
            indicators[indicator] = {
                d: {**months, "total": sum(months.values())} for d, months in table.items()
            }
        else:
            indicators[indicator] = monthly.suppress(table)
    return Monthly(
        scope=scope,
        code=code,
        first_month=first.strftime("%Y-%m"),
        last_month=end.strftime("%Y-%m"),
        suppressed=not own_centre,
        indicators=indicators,
        data_as_of=row["at"].isoformat() if row and row["at"] else None,
    )


@router.get("/national/monthly", summary="National indicators by month")
def national(service: Reporting, who: AnyRole, first: From = None, last: To = None) -> Monthly:
    if who.role not in NATIONAL_ROLES:
        raise forbidden("the national figures")
    return _answer(service, "national", None, "", [], period(first, last), own_centre=False)


@router.get("/regions/{region_code}/monthly", summary="A region's indicators by month")
def region(
    region_code: str, service: Reporting, who: AnyRole, first: From = None, last: To = None
) -> Monthly:
    known_region(region_code)
    if who.role not in NATIONAL_ROLES and not (
        who.role == Role.REGIONAL_OBSERVATORY and who.region == region_code
    ):
        raise forbidden(f"region {region_code}")
    where, params = "AND d.region_code = %s", [region_code]
    return _answer(
        service, "region", region_code, where, params, period(first, last), own_centre=False
    )


@router.get("/municipalities/{code}/monthly", summary="A municipality's indicators by month")
def municipality(
    code: str, service: Reporting, who: AnyRole, first: From = None, last: To = None
) -> Monthly:
    place = _place(service, "municipality_code", code)
    if place is None:
        raise ApiError(404, "not_found", f"no centre in municipality {code!r} is known")
    region_code = place["region_code"]
    allowed = (
        who.role in NATIONAL_ROLES
        or (who.role == Role.REGIONAL_OBSERVATORY and who.region == region_code)
        or (who.role == Role.MUNICIPAL_SUPERVISOR and who.municipality == code)
    )
    if not allowed:
        raise forbidden(f"municipality {code}")
    where, params = "AND d.municipality_code = %s", [code]
    return _answer(
        service, "municipality", code, where, params, period(first, last), own_centre=False
    )


@router.get("/centres/{centre_id}/monthly", summary="A centre's indicators by month")
def centre(
    centre_id: str, service: Reporting, who: AnyRole, first: From = None, last: To = None
) -> Monthly:
    dims = _place(service, "centre_id", centre_id)
    if dims is None:
        raise ApiError(404, "not_found", f"no centre {centre_id!r} is known to reporting")
    own = who.works_at(centre_id)
    allowed = (
        own
        or who.role in NATIONAL_ROLES
        or (who.role == Role.REGIONAL_OBSERVATORY and who.region == dims["region_code"])
        or (who.role == Role.MUNICIPAL_SUPERVISOR and who.municipality == dims["municipality_code"])
    )
    if not allowed:
        raise forbidden(f"centre {centre_id}")
    where, params = "AND f.centre_id = %s", [centre_id]
    return _answer(service, "centre", centre_id, where, params, period(first, last), own_centre=own)


def _place(service: ReportingService, column: str, key: str) -> dict[str, Any] | None:
    """The region and municipality of a centre, or of a municipality's centres."""
    sql = "SELECT region_code, municipality_code FROM centre_dim WHERE {} = %s LIMIT 1"
    with service.pool.connection() as conn:
        row: dict[str, Any] | None = conn.execute(
            sql.format(column),
            (key,),  # column: one of two fixed names
        ).fetchone()
    return row
