"""A pool on a schema of its own on the session's real PostgreSQL, made by servicekit's
migrations and dropped afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import uuid4

import psycopg
import pytest
from devstack.stack import Stack
from psycopg_pool import ConnectionPool
from servicekit import migrations
from servicekit.db import open_pool


@pytest.fixture
def pool(stack: Stack) -> Iterator[ConnectionPool[Any]]:
    schema = f"kit_{uuid4().hex[:8]}"
    kit = [migrations.TRACKING, migrations.IDEMPOTENCY, migrations.OUTBOX, migrations.SUBJECT_KEYS]
    migrations.migrate(stack.database_url, schema, kit)
    opened = open_pool(stack.database_url, schema)
    try:
        yield opened
    finally:
        opened.close()
        with psycopg.connect(stack.database_url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")  # type: ignore[arg-type]
