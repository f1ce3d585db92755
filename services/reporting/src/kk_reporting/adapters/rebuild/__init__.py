"""Rebuilding reporting's read models from the topics, beside the live ones, then a swap.

A rebuild is a job: ``POST /rebuilds`` records one as requested (409 while one is requested
or running), and reporting's worker runs it; ``make rebuild`` runs one at once, in the
foreground. It reads every topic the read models feed on from its beginning into a schema of
its own, through the read models' own tallies (the code the live consumers run) in large
batches (``partitions``, ``applier``): the dashboards go on answering from the live tables,
and the live consumers go on feeding them. At the end it takes the consumers' fences (their
next batch waits), reads what arrived meanwhile, and in one transaction puts the rebuilt
tables, offsets and recent inbox in place of the live ones (``swap``). The consumers then
skip on to the offsets the rebuilt tables hold.

Only one rebuild runs at a time (a PostgreSQL advisory lock); each run is a row of
``rebuild_runs`` with its state and progress. A message that cannot be read is skipped and
counted: it went to the dead-letter topic when the live consumer first met it. An event a
read model cannot take is parked, and forwarded to the dead-letter topic by the live
consumer once the rebuild is in place.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from servicekit.kafka import ensure_topics
from servicekit.tracking import fence

from kk_reporting.adapters.rebuild.applier import Applier
from kk_reporting.adapters.rebuild.fetching import bounds, kafka_reader, read_partitions
from kk_reporting.adapters.rebuild.partitions import Job, read_all, shares
from kk_reporting.adapters.rebuild.runs import RebuildRunningError, Runs, latest_run, request
from kk_reporting.adapters.rebuild.shadow import finish, prepare
from kk_reporting.adapters.rebuild.shares import Outcome, Partition
from kk_reporting.adapters.rebuild.swap import swap

__all__ = ["Rebuild", "RebuildRunningError", "Report", "latest_run", "request"]

# Below this many messages one process reads them all: starting workers would cost more.
SHARED_FROM = 200_000
Progress = Callable[[int, int], None]


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


class Rebuild:
    """One run. ``claim`` takes the lock (or raises ``RebuildRunningError``) and the run
    requested, if any; ``run`` does the work and gives the lock back. ``processes``: how
    many read at once (by default one per core, two at most, once there is enough)."""

    def __init__(
        self,
        *,
        database_url: str,
        schema: str,
        bootstrap_servers: str,
        projections: Sequence[Any],
        migrations: Sequence[Path],
        processes: int | None = None,
    ) -> None:
        self.database_url = database_url
        self.schema = schema
        self.shadow = f"{schema}_rebuild"
        self.bootstrap_servers = bootstrap_servers
        self.projections = projections
        self.migrations = migrations
        self.processes = processes
        self.topics = sorted({str(t) for p in projections for t in p.topics})
        self.client_id = f"{schema}-rebuild"
        self.runs = Runs(database_url, schema)
        self.report: Report | None = None

    @classmethod
    def of(cls, settings: Any) -> Rebuild:
        """A rebuild of reporting's read models, where ``settings`` say they are."""
        from kk_reporting.adapters import MIGRATIONS, read_models

        return cls(
            database_url=settings.database_url,
            schema=settings.db_schema,
            bootstrap_servers=settings.kafka_bootstrap_servers,
            projections=read_models(),
            migrations=MIGRATIONS,
        )

    def claim(self, *, requested_only: bool = False) -> int | None:
        """Takes the one-rebuild lock and the run requested (or a new one); its id. None if
        ``requested_only`` and none is."""
        run_id = self.runs.claim(requested_only=requested_only)
        if run_id is not None:
            self.report = Report(run_id=run_id)
        return run_id

    async def run(self, progress: Progress | None = None) -> Report:
        report = self._claimed()
        started = time.monotonic()
        try:
            await self._rebuild(progress or (lambda done, total: None))
        except BaseException as exc:
            error = f"{type(exc).__name__}: {exc}"
            await asyncio.to_thread(self.runs.record, "failed", error=error)
            raise
        else:
            report.seconds = time.monotonic() - started
            await asyncio.to_thread(self.runs.record, "done", events_per_s=report.events_per_s)
            return report
        finally:
            self.runs.release()

    def _claimed(self) -> Report:
        if self.report is None:
            raise RuntimeError("claim() the rebuild first")
        return self.report

    async def _rebuild(self, progress: Progress) -> None:
        report = self._claimed()
        await ensure_topics(self.bootstrap_servers, self.topics)
        work = await asyncio.to_thread(
            prepare, self.database_url, self.schema, self.shadow, self.projections, self.migrations
        )
        try:
            begin, end = await asyncio.to_thread(self._bounds)
            total = sum(end[p] - begin[p] for p in begin)
            done = 0

            def advanced(n: int) -> None:
                nonlocal done
                done += n
                progress(min(done, total), total)
                self.runs.advance(min(done, total), total)

            progress(0, total)
            clock = time.monotonic()
            ways = self.processes or (min(os.cpu_count() or 1, 2) if total >= SHARED_FROM else 1)
            jobs = [self._job(*share) for share in shares(begin, end, ways)]
            report.processes = max(1, len(jobs))
            read = await read_all(jobs, advanced)
            report.steps["reading"] = time.monotonic() - clock
            report.steps.update(read.seconds)
            report.steps.update(
                await asyncio.to_thread(finish, self.database_url, self.shadow, self.projections)
            )
            clock = time.monotonic()
            await asyncio.to_thread(self._swap, work, read, advanced)
            report.steps["swap"] = time.monotonic() - clock
            report.events, report.duplicates = read.events, read.duplicates
            report.unreadable, report.parked = read.unreadable, read.parked
            progress(done, done)
            await asyncio.to_thread(self.runs.advance, done, done, now=True)
        finally:
            await asyncio.to_thread(work.close)

    def _bounds(self) -> tuple[dict[Partition, int], dict[Partition, int]]:
        with kafka_reader(self.bootstrap_servers, self.client_id) as consumer:
            return bounds(consumer, self.topics)

    def _job(self, begin: dict[Partition, int], end: dict[Partition, int]) -> Job:
        return Job(
            self.database_url, self.shadow, self.bootstrap_servers, self.client_id,
            self.projections, begin, end,
        )  # fmt: skip

    def _swap(
        self, work: psycopg.Connection[Any], read: Outcome, advanced: Callable[[int], None]
    ) -> None:
        """Takes the consumers' fences, reads what came meanwhile, then swaps, in one
        transaction."""
        with work.transaction(), work.cursor() as cur:
            for projection in self.projections:
                fence(cur, projection.group, exclusive=True)
            applier = Applier(self.projections, work, in_swap=True, recent=read.recent)

            def take(partition: Partition, run: list[Any]) -> None:
                applier.take(partition, run)
                advanced(len(run))

            with kafka_reader(self.bootstrap_servers, self.client_id) as consumer:
                _, now = bounds(consumer, self.topics)
                late = {p: read.next_offsets.get(p, 0) for p in now}
                applier.outcome.next_offsets.update(read_partitions(consumer, late, now, take))
            applier.write()
            read.merge(applier.outcome)
            swap(cur, self.projections, self.schema, self.shadow, read, late)
