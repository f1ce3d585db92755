"""The counts the open data publish: of each region from its own sums, of each
municipality from its centres'."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from psycopg_pool import ConnectionPool

from kk_reporting.domain.facts import NOT_SHOWN

Level = Literal["region", "municipality"]


def counts(pool: ConnectionPool[Any], level: Level, first: date, last: date) -> list[Any]:
    """Rows of code, indicator, dimension, month and n, for the months ``first`` to
    ``last`` (first days), the counts kept for reading (not shown) left out."""
    with pool.connection() as conn, conn.cursor() as cur:
        if level == "region":
            cur.execute(
                """SELECT code, indicator, dimension, month, n FROM place_facts
                   WHERE level = 'region' AND month BETWEEN %s AND %s
                     AND NOT indicator = ANY(%s) AND n <> 0""",
                (first, last, list(NOT_SHOWN)),
            )
        else:
            cur.execute(
                """SELECT d.municipality_code AS code, f.indicator, f.dimension, f.month,
                          SUM(f.n)::bigint AS n
                   FROM monthly_facts f JOIN centre_dim d USING (centre_id)
                   WHERE f.month BETWEEN %s AND %s AND NOT f.indicator = ANY(%s)
                   GROUP BY 1, 2, 3, 4 HAVING SUM(f.n) <> 0""",
                (first, last, list(NOT_SHOWN)),
            )
        rows: list[Any] = cur.fetchall()
    return rows
