"""PostgreSQL connections: one schema per service, set from ``DATABASE_URL``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool


def connection_parts(database_url: str) -> dict[str, Any]:
    parts = conninfo_to_dict(database_url)
    return {
        "host": parts.get("host") or "127.0.0.1",
        "port": str(parts.get("port") or "5432"),
        "dbname": parts.get("dbname") or "postgres",
        "user": parts.get("user") or "postgres",
        "password": parts.get("password") or "",
    }


def ensure_schema(database_url: str, schema: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))


POOL_WAIT_SECONDS = 5.0
"""How long a request waits for a connection: when PostgreSQL is down it answers 503 soon,
rather than holding its caller and a thread for the pool's default half minute."""
RECONNECT_SECONDS = 10.0
"""How long a pool goes on retrying a lost connection, its waits doubling, before it starts
over with a short wait: a pool left to double its waits for minutes could stay empty long
after PostgreSQL is back."""


def open_pool(database_url: str, schema: str, *, max_size: int = 4) -> ConnectionPool[Any]:
    """A pool whose connections use the service's schema and return rows as dicts.

    Connections are in autocommit: a lone statement is its own transaction, one round trip
    instead of two; several statements that must hold together say so with
    ``conn.transaction()``."""

    def configure(conn: psycopg.Connection[Any]) -> None:
        conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))

    pool: ConnectionPool[Any] = ConnectionPool(
        database_url,
        min_size=1,
        max_size=max_size,
        kwargs={"row_factory": dict_row, "autocommit": True},
        configure=configure,
        check=ConnectionPool.check_connection,  # a connection the server dropped is replaced
        timeout=POOL_WAIT_SECONDS,
        reconnect_timeout=RECONNECT_SECONDS,
        open=False,
    )
    pool.open(wait=True, timeout=30)
    return pool


@contextmanager
def derived_transaction(conn: psycopg.Connection[Any]) -> Iterator[None]:
    """A transaction of state derived from a durable source (a read model and the offsets it
    has read up to, a relay's position), whose commit does not wait for the disk.

    Only a crash of the database server itself can lose such a commit, and then it loses it
    whole, with the offsets or position it recorded: the consumer reads those messages again,
    the relay publishes those events again under the same ids (which consumers skip). Nothing
    is lost, and the fsyncs of the commits that must wait (acknowledged API writes) no longer
    queue behind them."""
    with conn.transaction():
        conn.execute("SET LOCAL synchronous_commit TO off")
        yield
