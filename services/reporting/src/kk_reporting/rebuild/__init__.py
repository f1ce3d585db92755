"""Rebuilding reporting's read models from the topics, beside the live ones, then a swap.

``make rebuild`` (or ``POST /rebuilds``) reads every topic the read models feed on from its
beginning, in large batches, into a schema of its own: the dashboards go on answering from
the live tables, and the live consumers go on feeding them. At the end the rebuild takes the
consumers' fences (their next batch waits), reads what arrived meanwhile, and in one
transaction puts the rebuilt tables, offsets and recent inbox in place of the live ones. The
consumers then skip on to the offsets the rebuilt tables hold.

How it is fast: the partitions are shared out between worker processes (one per core, when
there is enough to read), each with its own Kafka consumer and database connection
(``processes``). A read model that offers ``bulk`` (the monthly one) gathers a whole share in
memory and, once the processes have traded what belongs to whom, writes each row once, by
COPY, into tables whose keys are made whole only then (``reader``).

Only one rebuild runs at a time (a PostgreSQL advisory lock); another is refused with the
progress of the one running. Each run is recorded in ``rebuild_runs``.

A message that cannot be read is skipped and counted: it went to the dead-letter topic when
the live consumer first met it. An event a read model cannot take is parked and forwarded to
the dead-letter topic by the live consumer once the rebuild is in place.
"""

from __future__ import annotations

import asyncio
import gc
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
from servicekit.kafka import ensure_topics
from servicekit.tracking import fence

from kk_reporting.rebuild.fetching import read_share
from kk_reporting.rebuild.processes import Work, connect, in_processes
from kk_reporting.rebuild.reader import Reader
from kk_reporting.rebuild.shadow import bounds, make_keys, prepare
from kk_reporting.rebuild.shares import Outcome, Partition, Share
from kk_reporting.rebuild.swap import swap

__all__ = ["RUNS_DDL", "Rebuild", "RebuildRunningError", "Report", "latest_run"]

RUNS_DDL = """
CREATE TABLE IF NOT EXISTS rebuild_runs (
    id bigserial PRIMARY KEY, started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz, state text NOT NULL DEFAULT 'running',
    total bigint NOT NULL DEFAULT 0, done bigint NOT NULL DEFAULT 0,
    events_per_s double precision, error text
);
"""
# Below this many messages one process reads them all: starting workers would cost more.
SHARED_FROM = 200_000
Progress = Callable[[int, int], None]


class RebuildRunningError(Exception):
    """Another rebuild holds the lock; ``run`` says how far it has got."""

    def __init__(self, run: dict[str, Any] | None) -> None:
        self.run = run
        super().__init__("a rebuild is already running")


@dataclass
class Report:
    run_id: int
    events: int = 0
    duplicates: int = 0
    unreadable: int = 0
    parked: int = 0
    seconds: float = 0.0
    processes: int = 1
    steps: dict[str, float] = field(default_factory=dict)  # seconds each step took

    @property
    def events_per_s(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def latest_run(conn: psycopg.Connection[Any]) -> dict[str, Any] | None:
    row: dict[str, Any] | None = conn.execute(
        "SELECT * FROM rebuild_runs ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return row


class Rebuild:
    """One run. ``claim`` takes the lock (or raises ``RebuildRunningError``), ``run`` does
    the work and gives the lock back. ``processes``: how many read at once (by default one
    per core, two at most, once there is enough to read)."""

    def __init__(
        self,
        *,
        database_url: str,
        schema: str,
        bootstrap_servers: str,
        projections: Sequence[Any],
        processes: int | None = None,
    ) -> None:
        self.database_url = database_url
        self.schema = schema
        self.shadow = f"{schema}_rebuild"
        self.bootstrap_servers = bootstrap_servers
        self.projections = projections
        self.processes = processes
        self.topics = sorted({str(t) for p in projections for t in p.topics})
        self._status: psycopg.Connection[Any] | None = None
        self._advanced_at = 0.0
        self.report: Report | None = None

    @classmethod
    def of(cls, settings: Any) -> Rebuild:
        """A rebuild of reporting's read models, where ``settings`` say they are."""
        from kk_reporting.bootstrap import read_models

        return cls(
            database_url=settings.database_url,
            schema=settings.db_schema,
            bootstrap_servers=settings.kafka_bootstrap_servers,
            projections=read_models(),
        )

    def claim(self) -> int:
        """Takes the one-rebuild lock and records the run; its id."""
        status = connect(self.database_url, self.schema)
        status.execute(RUNS_DDL)
        locked = status.execute(
            "SELECT pg_try_advisory_lock(hashtext(%s)) AS ok", (f"rebuild:{self.schema}",)
        ).fetchone()
        if not locked or not locked["ok"]:
            run = latest_run(status)
            status.close()
            raise RebuildRunningError(run)
        # A run left 'running' by a process that died is over: its lock went with it.
        status.execute(
            "UPDATE rebuild_runs SET state = 'interrupted', finished_at = now() "
            "WHERE state = 'running'"
        )
        row = status.execute("INSERT INTO rebuild_runs DEFAULT VALUES RETURNING id").fetchone()
        assert row is not None
        self._status = status
        self.report = Report(run_id=int(row["id"]))
        return self.report.run_id

    async def run(self, progress: Progress | None = None) -> Report:
        status, report = self._claimed()
        started = time.monotonic()
        try:
            await self._rebuild(progress or (lambda done, total: None))
        except BaseException as exc:
            self._record("failed", error=f"{type(exc).__name__}: {exc}")
            raise
        else:
            report.seconds = time.monotonic() - started
            self._record("done", events_per_s=report.events_per_s)
            return report
        finally:
            gc.unfreeze()  # what the readers kept is garbage now, for the collector to find
            status.close()  # and with it the lock
            self._status = None

    def _claimed(self) -> tuple[psycopg.Connection[Any], Report]:
        if self._status is None or self.report is None:
            raise RuntimeError("claim() the rebuild first")
        return self._status, self.report

    def _record(self, state: str, **columns: Any) -> None:
        status, report = self._claimed()
        sets = ", ".join(f"{name} = %s" for name in columns)
        status.execute(
            f"UPDATE rebuild_runs SET state = %s, finished_at = now(){', ' + sets if sets else ''}"
            " WHERE id = %s",
            (state, *columns.values(), report.run_id),
        )

    def _advance(self, done: int, total: int, *, now: bool = False) -> None:
        """Records the progress, twice a second at most."""
        if not now and time.monotonic() - self._advanced_at < 0.5:
            return
        self._advanced_at = time.monotonic()
        status, report = self._claimed()
        status.execute(
            "UPDATE rebuild_runs SET done = %s, total = %s WHERE id = %s",
            (done, total, report.run_id),
        )

    async def _rebuild(self, progress: Progress) -> None:
        _, report = self._claimed()
        await ensure_topics(self.bootstrap_servers, self.topics)
        work = await asyncio.to_thread(self._prepare)
        try:
            begin, end = await self._offsets()
            total = sum(end[p] - begin[p] for p in begin)
            done = 0

            def advanced(n: int) -> None:
                nonlocal done
                done += n
                progress(min(done, total), total)
                self._advance(min(done, total), total)

            progress(0, total)
            read = await self._read(work, Share(begin, end), total, advanced)
            steps = {**read.seconds}
            started = time.monotonic()
            await asyncio.to_thread(self._finish, work)
            steps["keys and statistics"] = time.monotonic() - started
            read.seconds.clear()
            await self._swap(work, read, advanced)
            steps["swap"] = time.monotonic() - started - steps["keys and statistics"]
            report.events, report.duplicates = read.events, read.duplicates
            report.unreadable, report.parked = read.unreadable, read.parked
            report.steps = steps
            progress(done, done)
            await asyncio.to_thread(self._advance, done, done, now=True)
        finally:
            await asyncio.to_thread(work.close)

    async def _read(
        self, work: psycopg.Connection[Any], whole: Share, total: int, advanced: Any
    ) -> Outcome:
        """Every partition from its beginning into the shadow tables: in worker processes
        when there is much to read, else here."""
        _, report = self._claimed()
        ways = self.processes or (min(os.cpu_count() or 1, 2) if total >= SHARED_FROM else 1)
        ways = min(ways, len(whole.begin))
        report.processes = max(ways, 1)
        if ways > 1:

            def make(part: int) -> Work:
                client = f"{self.schema}-rebuild-{part}"
                return Work(
                    self.database_url, self.shadow, self.bootstrap_servers, client,
                    self.projections, self.topics, part, ways,
                )  # fmt: skip

            return await in_processes(whole, ways, make, advanced)
        reader = Reader(self.projections, work, bulk=True)
        try:
            client = f"{self.schema}-rebuild"
            await asyncio.to_thread(
                read_share, self.bootstrap_servers, client, whole, reader, advanced
            )
            await asyncio.to_thread(reader.finish)
        finally:
            await asyncio.to_thread(reader.close)
        return reader.outcome

    async def _swap(self, work: psycopg.Connection[Any], read: Outcome, advanced: Any) -> None:
        """Takes the consumers' fences, reads what came meanwhile, then swaps."""
        transaction = work.transaction()
        await asyncio.to_thread(self._fence, transaction, work)
        try:
            _, now = await self._offsets()
            late = Share({p: read.next_offsets.get(p, 0) for p in now}, now)
            reader = Reader(self.projections, work, bulk=False, recent=read.recent)
            client = f"{self.schema}-rebuild"
            await asyncio.to_thread(
                read_share, self.bootstrap_servers, client, late, reader, advanced
            )
            await asyncio.to_thread(reader.write)
            read.merge(reader.outcome)
            await asyncio.to_thread(self._swap_tables, work, read, late.begin)
        except BaseException as exc:
            await asyncio.to_thread(transaction.__exit__, type(exc), exc, exc.__traceback__)
            raise
        await asyncio.to_thread(transaction.__exit__, None, None, None)

    async def _offsets(self) -> tuple[dict[Partition, int], dict[Partition, int]]:
        return await bounds(self.bootstrap_servers, f"{self.schema}-rebuild", self.topics)

    def _prepare(self) -> psycopg.Connection[Any]:
        return prepare(self.database_url, self.schema, self.shadow, self.projections)

    def _finish(self, work: psycopg.Connection[Any]) -> None:
        make_keys(self.database_url, self.shadow, self.projections)

    def _fence(self, transaction: Any, work: psycopg.Connection[Any]) -> None:
        transaction.__enter__()
        with work.cursor() as cur:
            for projection in self.projections:
                fence(cur, projection.group, exclusive=True)

    def _swap_tables(
        self, work: psycopg.Connection[Any], read: Outcome, late: dict[Partition, int]
    ) -> None:
        with work.cursor() as cur:
            swap(cur, self.projections, self.schema, self.shadow, read, late)
