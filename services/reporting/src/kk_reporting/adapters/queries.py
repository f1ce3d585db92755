"""The indicators reporting answers with, read from its projections."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool
from pydantic import BaseModel, Field

from kk_reporting.adapters.projections import COUNTERS


class Counts(BaseModel):
    beneficiaries_registered: int
    referrals_sent: int
    referrals_provided: int = Field(description="Completed, the service provided")
    referrals_partly_provided: int
    referrals_not_provided: int
    referrals_refused: int
    referrals_expired: int = Field(description="No answer from the body in time")
    referrals_withdrawn: int
    programme_enrolments: int
    programme_rejections: int
    programme_exits: int


class Indicators(BaseModel):
    scope: str
    code: str | None
    counts: Counts
    centres_with_activity: int
    data_as_of: datetime | None


_SUMS = ", ".join(f"COALESCE(SUM(a.{c}), 0)::bigint AS {c}" for c in COUNTERS)


def _indicators(pool: ConnectionPool[Any], scope: str, code: str | None, where: str) -> Indicators:
    sql = f"""SELECT {_SUMS}, COUNT(a.centre_id) AS centres, MAX(a.last_event_at) AS as_of
              FROM centre_activity a LEFT JOIN centre_dim d USING (centre_id) {where}"""
    with pool.connection() as conn:
        row = conn.execute(sql, (code,) if code else ()).fetchone()
    return Indicators(
        scope=scope,
        code=code,
        counts=Counts(**{c: row[c] for c in COUNTERS}),
        centres_with_activity=row["centres"],
        data_as_of=row["as_of"],
    )


def national(pool: ConnectionPool[Any]) -> Indicators:
    return _indicators(pool, "national", None, "")


def region(pool: ConnectionPool[Any], region_code: str) -> Indicators:
    return _indicators(pool, "region", region_code, "WHERE d.region_code = %s")


def centre(pool: ConnectionPool[Any], centre_id: str) -> Indicators:
    return _indicators(pool, "centre", centre_id, "WHERE a.centre_id = %s")


def place_of(pool: ConnectionPool[Any], column: str, key: str) -> dict[str, Any] | None:
    """The region and municipality of a centre (``column`` ``centre_id``), or of a
    municipality's centre (``municipality_code``)."""
    sql = "SELECT region_code, municipality_code FROM centre_dim WHERE {} = %s LIMIT 1"
    with pool.connection() as conn:
        row: dict[str, Any] | None = conn.execute(
            sql.format(column),  # one of two fixed names
            (key,),
        ).fetchone()
    return row


def last_event_at(cur: psycopg.Cursor[Any]) -> datetime | None:
    """When reporting last heard of any centre's activity."""
    cur.execute("SELECT max(last_event_at) AS at FROM centre_activity")
    row = cur.fetchone()
    return row["at"] if row else None
