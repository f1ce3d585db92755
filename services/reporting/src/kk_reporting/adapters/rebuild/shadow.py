"""The rebuild's own schema: made empty beside the live one, its tables made as the live
ones are; and once filled, finished by what the read models leave to the end, and each
vacuumed for the dashboards that will read it."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row
from servicekit.migrations import migrate

# Memory for each sort and hash of a rebuild's sessions (a few at once): its batches sort
# hundreds of thousands of counts, and its end sums a million, which the server's default
# (4 MB) would sort on disk.
WORK_MEM = "64MB"


def connect(database_url: str, schema: str) -> psycopg.Connection[Any]:
    """A session of the rebuild, in ``schema``."""
    conn: psycopg.Connection[Any] = psycopg.connect(
        database_url, autocommit=True, row_factory=dict_row
    )
    conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
    conn.execute(sql.SQL("SET work_mem TO {}").format(sql.Literal(WORK_MEM)))
    return conn


def prepare(
    database_url: str,
    schema: str,
    shadow: str,
    projections: Sequence[Any],
    migrations: Sequence[Path],
) -> psycopg.Connection[Any]:
    """The shadow schema, its tables made by the service's migrations, as the live ones
    were, and their reference data filled in; a connection to it."""
    with connect(database_url, schema) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(shadow)))
    migrate(database_url, shadow, migrations)
    work = connect(database_url, shadow)
    with work.cursor() as cur:
        for projection in projections:
            if hasattr(projection, "refresh_reference"):
                projection.refresh_reference(cur)
    return work


def finish(database_url: str, shadow: str, projections: Sequence[Any]) -> dict[str, float]:
    """What the read models leave to the end of a rebuild (``rebuilt``: steps of statements
    that may run at once), then each new table vacuumed: the planner's statistics, which
    the dashboards' queries will need at once, and its pages marked all-visible, so that
    they are read from the keys alone (else the first autovacuum does it, while they
    serve). How long each step took."""
    seconds: dict[str, float] = {}
    started = time.monotonic()
    for p in projections:
        for step in p.rebuilt() if hasattr(p, "rebuilt") else ():
            at_once(database_url, shadow, step)
    seconds["sums and summaries"] = time.monotonic() - started
    started = time.monotonic()
    tables = [table for p in projections for table in p.tables]
    at_once(database_url, shadow, [f"VACUUM (ANALYZE) {t}" for t in [*tables, "consumer_inbox"]])
    seconds["vacuum"] = time.monotonic() - started
    return seconds


def at_once(database_url: str, shadow: str, statements: Sequence[str]) -> None:
    """The statements run by as many connections at once as there are cores, each
    connection taking the next once it is free."""
    ways = min(os.cpu_count() or 1, 2, len(statements))
    pending = iter(statements)

    def one_at_a_time() -> None:
        with connect(database_url, shadow) as conn:
            for statement in pending:  # one iterator shared: each statement once
                conn.execute(statement.encode())

    with ThreadPoolExecutor(ways, thread_name_prefix="rebuild-finish") as pool:
        for done in [pool.submit(one_at_a_time) for _ in range(ways)]:
            done.result()
