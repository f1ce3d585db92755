"""Reporting's use cases: each answer read within the asker's reach (``access``), in one
snapshot, through the adapters, and suppressed outside a centre's own view. The routes only
speak HTTP; the annual report is made of these same answers."""

from __future__ import annotations

from datetime import date
from typing import Any

from psycopg_pool import ConnectionPool
from pydantic import BaseModel, Field
from servicekit.auth import Principal

from kk_reporting.access import authorised_scope
from kk_reporting.adapters import monthly, opendata, queries
from kk_reporting.adapters.figures import Level
from kk_reporting.adapters.overview import Overview, overdue_ages, overview
from kk_reporting.adapters.rebuild import latest_run, request
from kk_reporting.domain.facts import months_between
from kk_reporting.domain.suppression import suppress

Period = tuple[date, date]  # the first days of the first and the last month
OPEN_DATA_COLUMNS = ("level", "code", "month", "indicator", "dimension", "value")


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


class ReportingApplication:
    def __init__(self, pool: ConnectionPool[Any], schema: str) -> None:
        self.pool = pool
        self.schema = schema

    def indicators(self, who: Principal, level: Level, code: str | None) -> queries.Indicators:
        """The running totals of the nation, a region or a centre."""
        if level == "national":
            return queries.national(self.pool)
        authorised_scope(self.pool, who, level, code)
        if level == "region" and code is not None:
            return queries.region(self.pool, code)
        return queries.centre(self.pool, code or "")

    def overview(
        self,
        who: Principal,
        level: Level,
        code: str | None,
        period: Period,
        *,
        inside: Level | None = None,
    ) -> Overview:
        """Every indicator of a place, with those of the places inside it."""
        scope = authorised_scope(self.pool, who, level, code)
        with self.pool.connection() as conn, conn.transaction(), conn.cursor() as cur:
            # one snapshot: the figures, the places inside and the breakdowns agree
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return overview(cur, scope, *period, inside=inside)

    def overdue(self, who: Principal, code: str) -> dict[str, Any]:
        """A centre's overdue requests and referrals now, by how long: exact counts, for its
        own staff and those above them."""
        authorised_scope(self.pool, who, "centre", code)
        with self.pool.connection() as conn, conn.cursor() as cur:
            return {"centre_id": code, **overdue_ages(cur, code)}

    def monthly(self, who: Principal, level: Level, code: str | None, period: Period) -> Monthly:
        """A place's indicators by month."""
        scope = authorised_scope(self.pool, who, level, code)
        where, params = scope.where()
        first, last = period
        end = months_between(first, last)[-1]
        with self.pool.connection() as conn, conn.cursor() as cur:
            counts = monthly.read(cur, level, code, where, list(params), first, end)
            as_of = queries.last_event_at(cur)
        months = [m.strftime("%Y-%m") for m in months_between(first, end)]
        indicators: dict[str, dict[str, dict[str, int | str]]] = {}
        for indicator, found in sorted(counts.items()):
            if scope.own_centre:
                indicators[indicator] = {
                    d: {**{m: cells.get(m, 0) for m in months}, "total": sum(cells.values())}
                    for d, cells in found.items()
                }
            else:
                indicators[indicator] = suppress(found, months)
        return Monthly(
            scope=level,
            code=code,
            first_month=first.strftime("%Y-%m"),
            last_month=end.strftime("%Y-%m"),
            suppressed=not scope.own_centre,
            indicators=indicators,
            data_as_of=as_of.isoformat() if as_of else None,
        )

    def open_data(self, level: opendata.Level, period: Period) -> list[dict[str, Any]]:
        """Every region's or municipality's monthly indicators, suppressed, a row a count."""
        months_of = months_between(*period)
        months = [m.strftime("%Y-%m") for m in months_of]
        tables: dict[tuple[str, str], dict[str, dict[str, int]]] = {}
        for row in opendata.counts(self.pool, level, period[0], months_of[-1]):
            table = tables.setdefault((row["code"], row["indicator"]), {})
            cells = table.setdefault(row["dimension"] or "all", dict.fromkeys(months, 0))
            cells[row["month"].strftime("%Y-%m")] = int(row["n"])
        rows = []
        for (code, indicator), table in sorted(tables.items()):
            for dimension, shown in sorted(suppress(table).items()):
                rows += [
                    dict(zip(OPEN_DATA_COLUMNS, (level, code, m, indicator, dimension, shown[m]),
                             strict=True))
                    for m in months
                ]  # fmt: skip
        return rows

    def request_rebuild(self) -> dict[str, Any]:
        """A rebuild recorded as requested, for the worker to run; ``RebuildRunningError``
        while one is requested or running."""
        with self.pool.connection() as conn:
            return request(conn, self.schema)

    def latest_rebuild(self) -> dict[str, Any] | None:
        with self.pool.connection() as conn:
            return latest_run(conn)
