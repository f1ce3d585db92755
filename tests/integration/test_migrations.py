"""Every service's migrations on the real PostgreSQL: an empty schema is made whole, and a
second run applies nothing; a schema left as the services made it before migrations came in
(``fixtures/schema_before_migrations.sql``, dumped from that code), a row in every table,
comes out with the same tables as an empty one migrated, and every row as it was."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import uuid4

import psycopg
import pytest
from devstack.stack import Stack
from kk_intake.bootstrap import MIGRATIONS as INTAKE
from kk_referral.bootstrap import MIGRATIONS as REFERRAL
from kk_registry.bootstrap import MIGRATIONS as REGISTRY
from kk_reporting.bootstrap import MIGRATIONS as REPORTING
from psycopg import sql
from servicekit.migrations import migrate

pytestmark = pytest.mark.integration
SERVICES = {"intake": INTAKE, "referral": REFERRAL, "registry": REGISTRY, "reporting": REPORTING}
BEFORE = Path(__file__).parent / "fixtures" / "schema_before_migrations.sql"
# A value of each column type, for a row in every table.
VALUES = {
    "uuid": "gen_random_uuid()",
    "text": "'x'",
    "integer": "7",
    "bigint": "7",
    "boolean": "true",
    "date": "date '2026-01-31'",
    "timestamp with time zone": "timestamptz '2026-01-31 10:00+02'",
    "double precision": "1.5",
    "json": """'{"a": 1}'""",
    "jsonb": """'{"a": 1}'""",
    "bytea": "'\\x00ff'::bytea",
    "ARRAY": "'{x}'",
}


def _schema_name(service: str) -> str:
    return f"mig_{service}_{uuid4().hex[:6]}"


@pytest.fixture
def conn(stack: Stack) -> Iterator[psycopg.Connection[Any]]:
    with psycopg.connect(stack.database_url, autocommit=True) as connection:
        yield connection


def _drop(conn: psycopg.Connection[Any], schema: str) -> None:
    conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def _shape(conn: psycopg.Connection[Any], schema: str) -> dict[str, Any]:
    """The tables migrations make (not yoyo's own), with their columns in order, their
    indexes and constraints, the schema's name taken out."""

    def named(text: str) -> str:
        return text.replace(f"{schema}.", "")

    columns: dict[str, list[tuple[Any, ...]]] = {}
    for row in conn.execute(
        """SELECT table_name, column_name, data_type, is_nullable, column_default,
                  collation_name
           FROM information_schema.columns WHERE table_schema = %s
           ORDER BY table_name, ordinal_position""",
        (schema,),
    ):
        columns.setdefault(row[0], []).append((row[1], row[2], row[3], named(row[4] or ""), row[5]))
    indexes = {
        named(row[0])
        for row in conn.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = %s", (schema,))
    }
    constraints = {
        (row[0], row[1])
        for row in conn.execute(
            """SELECT c.conrelid::regclass::text, pg_get_constraintdef(c.oid)
               FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
               WHERE n.nspname = %s""",
            (schema,),
        )
    }
    kept = {t for t in columns if not t.startswith(("_yoyo", "yoyo"))}
    return {
        "columns": {t: columns[t] for t in kept},
        "indexes": {i for i in indexes if any(f" ON {t} " in i for t in kept)},
        "constraints": {(named(t), d) for t, d in constraints if named(t) in kept},
    }


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_an_empty_schema_is_migrated_once(
    stack: Stack, conn: psycopg.Connection[Any], service: str
) -> None:
    schema = _schema_name(service)
    try:
        applied = migrate(stack.database_url, schema, SERVICES[service])
        assert any(a.endswith("-0001-baseline") for a in applied), applied
        assert migrate(stack.database_url, schema, SERVICES[service]) == [], "all applied once"
        assert _shape(conn, schema)["columns"], "tables were made"
    finally:
        _drop(conn, schema)


def _before(conn: psycopg.Connection[Any], service: str, schema: str) -> None:
    """The service's schema as the code before migrations made it, under another name."""
    dump = BEFORE.read_text()
    statements = [s for s in dump.split(";\n") if f"{service}." in s or "CREATE SCHEMA" in s]
    conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
    for statement in statements:
        if "CREATE SCHEMA" in statement or "OWNER TO" in statement:
            continue
        conn.execute(re.sub(rf"\b{service}\.", f"{schema}.", statement).encode())


def _a_row_in_every_table(conn: psycopg.Connection[Any], schema: str) -> None:
    shape = _shape(conn, schema)
    for table, columns in shape["columns"].items():
        names, values = [], []
        for name, data_type, _, default, _ in columns:
            if default.startswith("nextval("):
                continue
            names.append(sql.Identifier(name))
            values.append(sql.SQL(VALUES[data_type]))
        conn.execute(
            sql.SQL("INSERT INTO {}.{} ({}) VALUES ({})").format(
                sql.Identifier(schema),
                sql.Identifier(table),
                sql.SQL(", ").join(names),
                sql.SQL(", ").join(values),
            )
        )


def _rows(conn: psycopg.Connection[Any], schema: str, tables: list[str]) -> dict[str, list[Any]]:
    return {
        t: conn.execute(
            sql.SQL("SELECT * FROM {}.{} ORDER BY 1").format(
                sql.Identifier(schema), sql.Identifier(t)
            )
        ).fetchall()
        for t in tables
    }


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_a_schema_from_before_migrations_keeps_every_row(
    stack: Stack, conn: psycopg.Connection[Any], service: str
) -> None:
    old, fresh = _schema_name(service), _schema_name(service)
    try:
        _before(conn, service, old)
        _a_row_in_every_table(conn, old)
        tables = sorted(_shape(conn, old)["columns"])
        held = _rows(conn, old, tables)
        assert all(len(rows) == 1 for rows in held.values()), held

        migrate(stack.database_url, old, SERVICES[service])
        migrate(stack.database_url, fresh, SERVICES[service])

        assert _rows(conn, old, tables) == held, "every row as it was"
        migrated, made = _shape(conn, old), _shape(conn, fresh)
        # the tables migrations make, the same in both; the old schema may hold others
        # (the event store's, made by eventsourcing)
        assert set(made["columns"]) <= set(migrated["columns"])
        for table in made["columns"]:
            assert migrated["columns"][table] == made["columns"][table], table
        assert made["indexes"] <= migrated["indexes"]
        assert made["constraints"] <= migrated["constraints"]
    finally:
        _drop(conn, old)
        _drop(conn, fresh)
