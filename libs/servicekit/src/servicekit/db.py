"""PostgreSQL connections: one schema per service, set from ``DATABASE_URL``."""

from __future__ import annotations

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


def open_pool(database_url: str, schema: str, *, max_size: int = 4) -> ConnectionPool[Any]:
    """A pool whose connections use the service's schema and return rows as dicts."""

    def configure(conn: psycopg.Connection[Any]) -> None:
        conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
        conn.commit()

    pool: ConnectionPool[Any] = ConnectionPool(
        database_url,
        min_size=1,
        max_size=max_size,
        kwargs={"row_factory": dict_row},
        configure=configure,
        open=False,
    )
    pool.open(wait=True, timeout=30)
    return pool


def run_ddl(pool: ConnectionPool[Any], statements: str) -> None:
    """Creates a service's own tables; every statement must be idempotent (IF NOT EXISTS)."""
    with pool.connection() as conn:
        conn.execute(statements.encode())
