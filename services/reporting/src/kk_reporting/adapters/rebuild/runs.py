"""The record of rebuilds (``rebuild_runs``): requested, then running, then done, failed or
interrupted (its process stopped); and the advisory lock that lets one run at a time."""

from __future__ import annotations

import time
from typing import Any

import psycopg

from kk_reporting.adapters.rebuild.shadow import connect

# Progress is recorded this often at most.
ADVANCE_EVERY_S = 0.5


class RebuildRunningError(Exception):
    """A rebuild is requested or running; ``run`` says how far it has got."""

    def __init__(self, run: dict[str, Any] | None) -> None:
        self.run = run
        super().__init__("a rebuild is already running")


def latest_run(conn: psycopg.Connection[Any]) -> dict[str, Any] | None:
    row: dict[str, Any] | None = conn.execute(
        "SELECT * FROM rebuild_runs ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return row


def _lock(schema: str) -> str:
    return f"rebuild:{schema}"


def request(conn: psycopg.Connection[Any], schema: str) -> dict[str, Any]:
    """Records a rebuild as requested, for reporting's worker to run; the run. Raises
    ``RebuildRunningError`` while one is requested or running."""
    with conn.transaction():
        # one request at a time decides: the others wait here, then see its row
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"request:{schema}",))
        free = conn.execute(
            "SELECT pg_try_advisory_xact_lock(hashtext(%s)) AS ok", (_lock(schema),)
        ).fetchone()
        if not free or not free["ok"]:
            raise RebuildRunningError(latest_run(conn))
        _interrupted(conn)
        waiting = conn.execute(
            "SELECT * FROM rebuild_runs WHERE state = 'requested' ORDER BY id LIMIT 1"
        ).fetchone()
        if waiting is not None:
            raise RebuildRunningError(waiting)
        row: dict[str, Any] | None = conn.execute(
            "INSERT INTO rebuild_runs (state) VALUES ('requested') RETURNING *"
        ).fetchone()
    assert row is not None
    return row


def _interrupted(conn: psycopg.Connection[Any]) -> None:
    """A run left 'running' by a process that died is over: its lock went with it."""
    conn.execute(
        "UPDATE rebuild_runs SET state = 'interrupted', finished_at = now() WHERE state = 'running'"
    )


class Runs:
    """One run's row and the lock held while it runs, on a connection of its own."""

    def __init__(self, database_url: str, schema: str) -> None:
        self.database_url = database_url
        self.schema = schema
        self.run_id: int | None = None
        self._conn: psycopg.Connection[Any] | None = None
        self._advanced_at = 0.0

    def claim(self, *, requested_only: bool) -> int | None:
        """Takes the lock, then the oldest run requested (or, unless ``requested_only``, a
        new one) as running; its id. None if there is nothing to run."""
        conn = connect(self.database_url, self.schema)
        locked = conn.execute(
            "SELECT pg_try_advisory_lock(hashtext(%s)) AS ok", (_lock(self.schema),)
        ).fetchone()
        if not locked or not locked["ok"]:
            run = latest_run(conn)
            conn.close()
            if requested_only:
                return None
            raise RebuildRunningError(run)
        _interrupted(conn)
        row = conn.execute(
            """UPDATE rebuild_runs SET state = 'running', started_at = now()
               WHERE id = (SELECT min(id) FROM rebuild_runs WHERE state = 'requested')
               RETURNING id"""
        ).fetchone()
        if row is None and not requested_only:
            row = conn.execute(
                "INSERT INTO rebuild_runs (state) VALUES ('running') RETURNING id"
            ).fetchone()
        if row is None:
            conn.close()  # and with it the lock
            return None
        self._conn, self.run_id = conn, int(row["id"])
        return self.run_id

    def _held(self) -> psycopg.Connection[Any]:
        if self._conn is None:
            raise RuntimeError("claim() the rebuild first")
        return self._conn

    def record(self, state: str, **columns: Any) -> None:
        """The run's end: its state, and such columns as ``events_per_s`` or ``error``."""
        sets = "".join(f", {name} = %s" for name in columns)  # names are this module's
        self._held().execute(
            f"UPDATE rebuild_runs SET state = %s, finished_at = now(){sets} WHERE id = %s",
            (state, *columns.values(), self.run_id),
        )

    def advance(self, done: int, total: int, *, now: bool = False) -> None:
        """Records the progress, twice a second at most."""
        if not now and time.monotonic() - self._advanced_at < ADVANCE_EVERY_S:
            return
        self._advanced_at = time.monotonic()
        self._held().execute(
            "UPDATE rebuild_runs SET done = %s, total = %s WHERE id = %s",
            (done, total, self.run_id),
        )

    def release(self) -> None:
        """Gives the lock back (with the connection that holds it)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
