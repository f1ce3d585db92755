"""The record of rebuilds on the real PostgreSQL: a request waits for reporting's worker,
another is refused while one is requested or running, the worker takes the request, and a
run whose process died is marked interrupted, after which a rebuild may be asked for again."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from devstack.stack import Stack
from kk_reporting.adapters.rebuild.runs import RebuildRunningError, Runs, latest_run, request
from kk_reporting.bootstrap import MIGRATIONS
from psycopg.rows import dict_row

from tests.support import scratch_schema

pytestmark = pytest.mark.integration


@pytest.fixture
def schema(stack: Stack) -> Iterator[str]:
    with scratch_schema(stack.database_url, "runs", MIGRATIONS) as cur:
        cur.execute("SELECT current_schema() AS name")
        row = cur.fetchone()
        assert row is not None
        yield row["name"]


def _conn(stack: Stack, schema: str) -> psycopg.Connection[Any]:
    conn: psycopg.Connection[Any] = psycopg.connect(
        stack.database_url, autocommit=True, row_factory=dict_row
    )
    conn.execute(f"SET search_path TO {schema}")  # type: ignore[arg-type]
    return conn


def test_a_request_waits_for_the_worker_and_one_runs_at_a_time(stack: Stack, schema: str) -> None:
    with _conn(stack, schema) as conn:
        asked = request(conn, schema)
        assert asked["state"] == "requested"
        with pytest.raises(RebuildRunningError) as again:
            request(conn, schema)
        assert (again.value.run or {}).get("id") == asked["id"]

        worker = Runs(stack.database_url, schema)
        assert worker.claim(requested_only=True) == asked["id"]
        try:
            assert (latest_run(conn) or {})["state"] == "running"
            with pytest.raises(RebuildRunningError):
                request(conn, schema)  # while it runs
            # another worker finds nothing to do; `make rebuild` is refused
            assert Runs(stack.database_url, schema).claim(requested_only=True) is None
            with pytest.raises(RebuildRunningError):
                Runs(stack.database_url, schema).claim(requested_only=False)
            worker.advance(5, 10, now=True)
            worker.record("done", events_per_s=1.0)
        finally:
            worker.release()
        done = latest_run(conn) or {}
        assert (done["state"], done["done"], done["total"]) == ("done", 5, 10)
        # nothing requested: the worker has nothing to do
        assert Runs(stack.database_url, schema).claim(requested_only=True) is None


def test_a_run_whose_process_died_is_interrupted(stack: Stack, schema: str) -> None:
    dying = Runs(stack.database_url, schema)
    run_id = dying.claim(requested_only=False)
    dying.release()  # its connection, and so its lock, gone without a word
    with _conn(stack, schema) as conn:
        asked = request(conn, schema)
        states = {r["id"]: r["state"] for r in conn.execute("SELECT id, state FROM rebuild_runs")}
    assert states == {run_id: "interrupted", asked["id"]: "requested"}
