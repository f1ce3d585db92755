"""A centre's annual report (ετήσιος απολογισμός): printable HTML, PDF or CSV, read with a
bearer token (the workspace's dashboards fetch it on the signed-in person's behalf)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response
from servicekit.errors import ApiError

from kk_reporting.entrypoints.api.routes.indicators import AnyRole, Reporting
from kk_reporting.entrypoints.api.routes.monthly import scoped
from kk_reporting.entrypoints.api.routes.overview import answer
from kk_reporting.entrypoints.printed.annual import (
    AnnualReport,
    FontsMissingError,
    as_csv,
    as_html,
    as_pdf,
)

router = APIRouter(prefix="/reports", tags=["reports"])
Format = Literal["html", "pdf", "csv"]


@router.get(
    "/centres/{centre_id}/annual",
    summary="A centre's annual report for a year: printable HTML, PDF or CSV",
    responses={
        200: {
            "content": {"text/html": {}, "application/pdf": {}, "text/csv": {}},
            "description": "The report in the format asked for",
        }
    },
)
def annual(
    centre_id: str,
    service: Reporting,
    who: AnyRole,
    year: Annotated[int | None, Query(description="The calendar year (default: this one)")] = None,
    format: Annotated[Format, Query(description="html, pdf or csv")] = "html",
    lang: Annotated[Literal["el", "en"], Query(description="Greek or English")] = "el",
) -> Response:
    this_year = date.today().year
    year = year or this_year
    if not 2000 <= year <= this_year:
        raise ApiError(
            422,
            "invalid_period",
            f"Invalid year {year}: choose one from 2000 to {this_year}.",
            message_el="Μη έγκυρο έτος.",
        )
    first, last = f"{year}-01", f"{year}-12"
    overview = answer(service, who, "centre", centre_id, first, last)
    monthly = scoped(service, who, "centre", centre_id, (date(year, 1, 1), date(year, 12, 1)))
    report = AnnualReport(year, centre_id, overview, monthly)
    name = f"annual-{centre_id}-{year}"
    if format == "csv":
        return Response(
            as_csv(report),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    if format == "pdf":
        try:
            pdf = as_pdf(report, lang)
        except FontsMissingError as exc:
            raise ApiError(
                503, "fonts_missing", str(exc), message_el="Λείπουν γραμματοσειρές."
            ) from None
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{name}.pdf"'},
        )
    return HTMLResponse(as_html(report, lang))
