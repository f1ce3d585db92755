"""Rebuilding reporting's read models from the topics, beside the live ones, then a swap.

``make rebuild`` (or ``POST /rebuilds``) reads every topic the read models feed on from its
beginning, in large batches, into a schema of its own: the dashboards go on answering from
the live tables, and the live consumers go on feeding them. At the end the rebuild takes the
consumers' fences (their next batch waits), reads what arrived meanwhile, and in one
transaction puts the rebuilt tables, offsets and recent inbox in place of the live ones. The
consumers then skip on to the offsets the rebuilt tables hold.

How it is fast: the partitions are shared out between worker processes (one per core, when
there is enough to read), each with its own Kafka consumer and database connection. Each
worker gathers many batches of events in memory, through each read model's tally, and writes
them in a few set-wise statements only when they have grown large: counts are sums, so the
workers' writes add up, and every event of one item (a request, a referral) lies in one
partition, so whatever depends on their order is seen in order by one worker.

Only one rebuild runs at a time (a PostgreSQL advisory lock); another is refused with the
progress of the one running. Each run is recorded in ``rebuild_runs``.

A message that cannot be read is skipped and counted: it went to the dead-letter topic when
the live consumer first met it. An event a read model cannot take is parked and forwarded to
the dead-letter topic by the live consumer once the rebuild is in place.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import os
import queue
import time
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import psycopg
from aiokafka import AIOKafkaConsumer, TopicPartition
from kk_contracts import ContractViolationError, decode_message
from psycopg import sql
from psycopg.rows import dict_row
from servicekit.consumer import TRACKING_DDL, Projection, Tally, fence, park
from servicekit.kafka import ensure_topics, partitions_of

log = logging.getLogger(__name__)

RUNS_DDL = """
CREATE TABLE IF NOT EXISTS rebuild_runs (
    id bigserial PRIMARY KEY, started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz, state text NOT NULL DEFAULT 'running',
    total bigint NOT NULL DEFAULT 0, done bigint NOT NULL DEFAULT 0,
    events_per_s double precision, error text
);
"""
BATCH = 25_000  # messages fetched at a time
# Rows the tallies may gather before they are written (some 150 MB): the larger, the fewer
# rows written more than once.
WRITE_AT = 600_000
# Below this many messages one process reads them all: starting workers would cost more.
SHARED_FROM = 200_000
# A message is resent only by a relay that crashed before recording how far it had got, and
# then within its few unacknowledged batches (at most 10,000 events each) of the first
# sending: ids seen within this many messages of a partition are enough to know every
# resent one.
RESENT_WITHIN = 40_000
Progress = Callable[[int, int], None]
Partition = tuple[str, int]


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

    @property
    def events_per_s(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


@dataclass
class _Share:
    """Some partitions, each to be read from one offset up to (not including) another."""

    begin: dict[Partition, int]
    end: dict[Partition, int]

    @property
    def size(self) -> int:
        return sum(self.end[p] - self.begin[p] for p in self.begin)


@dataclass
class _Outcome:
    """What reading a share came to: counts, and per partition where it stopped and the
    ids it saw last (the inbox the live consumer carries on with)."""

    next_offsets: dict[Partition, int] = field(default_factory=dict)
    recent: dict[Partition, deque[tuple[int, UUID]]] = field(default_factory=dict)
    events: int = 0
    duplicates: int = 0
    unreadable: int = 0
    parked: int = 0

    def merge(self, other: _Outcome) -> None:
        self.next_offsets.update(other.next_offsets)
        self.recent.update(other.recent)
        self.events += other.events
        self.duplicates += other.duplicates
        self.unreadable += other.unreadable
        self.parked += other.parked


def split(partitions: dict[Partition, tuple[int, int]], ways: int) -> list[_Share]:
    """The partitions (begin, end) in ``ways`` shares of about as many messages each: the
    largest first, each to the share that has least so far."""
    shares = [_Share({}, {}) for _ in range(ways)]
    for p, (begin, end) in sorted(
        partitions.items(), key=lambda item: item[1][1] - item[1][0], reverse=True
    ):
        smallest = min(shares, key=lambda share: share.size)
        smallest.begin[p], smallest.end[p] = begin, end
    return [share for share in shares if share.begin]


class _Reader:
    """Reads messages into the read models' tallies. When they have grown large they are
    written by a thread of their own, each read model in a transaction of its own, while
    reading goes on into fresh ones; one write at a time, so that memory stays bounded.
    In the swap (``own_transactions`` false) they are written in its transaction, in turn."""

    def __init__(
        self,
        projections: Sequence[Projection],
        conn: psycopg.Connection[Any],
        *,
        own_transactions: bool,
        recent: dict[Partition, deque[tuple[int, UUID]]] | None = None,
    ) -> None:
        self.projections = projections
        self.conn = conn
        self.own_transactions = own_transactions
        self.outcome = _Outcome(recent=recent if recent is not None else {})
        self.seen = {i for ids in self.outcome.recent.values() for _, i in ids}
        self.tallies = self._fresh()
        self.parked: list[tuple[Projection, Any, str]] = []
        self.routes: dict[tuple[str, type], list[int]] = {}
        self._writer: ThreadPoolExecutor | None = None
        self._writing: Future[None] | None = None

    def _fresh(self) -> list[Tally]:
        """New tallies: in bulk, before the swap, for the read models that finish a rebuild
        themselves (``rebuilt``)."""
        return [
            p.tally(bulk=True) if self.own_transactions and hasattr(p, "rebuilt") else p.tally()  # type: ignore[attr-defined]
            for p in self.projections
        ]

    def take(self, messages: Sequence[Any]) -> None:
        """One batch of Kafka records, in partition order."""
        outcome = self.outcome
        for record in messages:
            # Nearly every message is kept here, so each is decoded at once (a known event
            # no read model keeps is only skipped after, unlike the live consumers do).
            try:
                envelope = decode_message(record.headers, record.value)
            except ContractViolationError:
                outcome.unreadable += 1
                continue
            route = (record.topic, type(envelope.data))
            targets = self.routes.get(route)
            if targets is None:
                targets = self.routes[route] = self._targets(*route)
            if not targets:
                continue
            if not self._first_sight(record, envelope.id):
                outcome.duplicates += 1
                continue
            outcome.events += 1
            for i in targets:
                try:
                    self.tallies[i].add(envelope)
                except Exception as exc:
                    outcome.parked += 1
                    reason = f"{envelope.type} could not be applied: {exc}"
                    self.parked.append((self.projections[i], record, reason))
        if sum(len(t) for t in self.tallies) >= WRITE_AT:
            self.write(wait=False)
        # What it keeps lives to the end: the collector need not look at it again.
        gc.freeze()

    def _targets(self, topic: str, event: type) -> list[int]:
        return [
            i
            for i, p in enumerate(self.projections)
            if topic in p.topics and issubclass(event, tuple(getattr(p, "events", (object,))))
        ]

    def _first_sight(self, record: Any, event_id: UUID) -> bool:
        if event_id in self.seen:
            return False
        partition = (record.topic, record.partition)
        window = self.outcome.recent.get(partition)
        if window is None:
            window = self.outcome.recent[partition] = deque()
        window.append((record.offset, event_id))
        self.seen.add(event_id)
        if len(window) > RESENT_WITHIN:
            self.seen.discard(window.popleft()[1])
        return True

    def write(self, *, wait: bool = True) -> None:
        """Writes what the tallies gathered (after the write before, if one is under way),
        and starts them afresh."""
        tallies, parked = self.tallies, self.parked
        self.tallies, self.parked = self._fresh(), []
        if self._writing is not None:
            self._writing.result()
            self._writing = None
        if not self.own_transactions:
            with self.conn.transaction(), self.conn.cursor() as cur:  # savepoints in the swap
                for tally in tallies:
                    tally.write(cur)
                self._park(cur, parked)
            return
        if self._writer is None:
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="rebuild-writer")
        self._writing = self._writer.submit(self._write_each, tallies, parked)
        if wait:
            self._writing.result()
            self._writing = None

    def close(self) -> None:
        if self._writer is not None:
            self._writer.shutdown(wait=True, cancel_futures=True)

    def _write_each(self, tallies: list[Tally], parked: list[tuple[Projection, Any, str]]) -> None:
        for tally in tallies:
            if not len(tally):
                continue
            for attempt in range(3):
                try:
                    with self.conn.transaction(), self.conn.cursor() as cur:
                        cur.execute("SET LOCAL synchronous_commit TO off")
                        tally.write(cur)
                except psycopg.errors.DeadlockDetected:
                    if attempt == 2:
                        raise
                    log.warning("two rebuild workers wrote the same rows; writing again")
                else:
                    break
        if parked:
            with self.conn.transaction(), self.conn.cursor() as cur:
                self._park(cur, parked)

    @staticmethod
    def _park(cur: psycopg.Cursor[Any], parked: list[tuple[Projection, Any, str]]) -> None:
        for projection, record, reason in parked:
            park(cur, projection, record, reason)


async def _read_share(
    bootstrap_servers: str,
    client_id: str,
    share: _Share,
    reader: _Reader,
    advanced: Callable[[int], None],
    batch: int = BATCH,
) -> None:
    """Reads the share's partitions from its begin to its end offsets into ``reader``."""
    tps = {TopicPartition(*p): p for p in share.begin if share.end[p] > share.begin[p]}
    nexts = reader.outcome.next_offsets
    nexts.update(share.begin)
    if not tps:
        return  # nothing to read (a consumer stopped as soon as started fails to stop)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        group_id=None,
        client_id=client_id,
        enable_auto_commit=False,
        max_partition_fetch_bytes=8 * 1024 * 1024,
        fetch_max_bytes=64 * 1024 * 1024,
    )
    await consumer.start()
    try:
        consumer.assign(list(tps))
        for tp, p in tps.items():
            consumer.seek(tp, share.begin[p])
        while any(nexts[p] < share.end[p] for p in tps.values()):
            fetched = await consumer.getmany(timeout_ms=1000, max_records=batch)
            messages: list[Any] = []
            for tp, records in fetched.items():
                p, end = tps[tp], share.end[tps[tp]]
                for record in records:
                    if record.offset >= end:
                        break
                    messages.append(record)
                if records:
                    nexts[p] = min(records[-1].offset + 1, end)
                    if nexts[p] >= end:
                        consumer.pause(tp)
            if messages:
                await asyncio.to_thread(reader.take, messages)
                advanced(len(messages))
    finally:
        await consumer.stop()


@dataclass
class _Work:
    """What a worker process is given (it is pickled to it)."""

    database_url: str
    shadow: str
    bootstrap_servers: str
    client_id: str
    projections: Sequence[Projection]
    share: _Share
    batch: int


def _connect(database_url: str, schema: str) -> psycopg.Connection[Any]:
    conn: psycopg.Connection[Any] = psycopg.connect(
        database_url, autocommit=True, row_factory=dict_row
    )
    conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
    return conn


def _worker(work: _Work, reports: Any) -> None:
    """A worker process: reads its share into the shadow tables, then says what it came to.
    What it reads it keeps to the end, or throws away whole: the cyclic collector, which
    would look at all of it again and again, is off."""
    gc.disable()
    try:
        with _connect(work.database_url, work.shadow) as conn:
            reader = _Reader(work.projections, conn, own_transactions=True)
            try:
                asyncio.run(
                    _read_share(
                        work.bootstrap_servers,
                        work.client_id,
                        work.share,
                        reader,
                        lambda n: reports.put(("advanced", n)),
                        work.batch,
                    )
                )
                reader.write()
            finally:
                reader.close()
        reports.put(("done", reader.outcome))
    except BaseException:
        reports.put(("failed", traceback.format_exc()))
        raise


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
        batch: int = BATCH,
        processes: int | None = None,
    ) -> None:
        self.database_url = database_url
        self.schema = schema
        self.shadow = f"{schema}_rebuild"
        self.bootstrap_servers = bootstrap_servers
        self.projections = projections
        self.batch = batch
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
        status = _connect(self.database_url, self.schema)
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
            ways = self.processes or (min(os.cpu_count() or 1, 2) if total >= SHARED_FROM else 1)
            shares = split({p: (begin[p], end[p]) for p in begin}, ways)
            report.processes = max(len(shares), 1)
            if len(shares) > 1:
                read = await self._in_processes(shares, advanced)
            else:
                reader = _Reader(self.projections, work, own_transactions=True)
                try:
                    await _read_share(
                        self.bootstrap_servers,
                        f"{self.schema}-rebuild",
                        _Share(begin, end),
                        reader,
                        advanced,
                        self.batch,
                    )
                    await asyncio.to_thread(reader.write)
                finally:
                    await asyncio.to_thread(reader.close)
                read = reader.outcome
            await asyncio.to_thread(self._finish, work)
            swap = work.transaction()
            await asyncio.to_thread(self._swap_begin, swap, work)
            try:
                # The consumers wait at their fences now: what came meanwhile, then the swap.
                _, now = await self._offsets()
                late = _Share({p: read.next_offsets.get(p, 0) for p in now}, now)
                reader = _Reader(self.projections, work, own_transactions=False, recent=read.recent)
                await _read_share(
                    self.bootstrap_servers,
                    f"{self.schema}-rebuild",
                    late,
                    reader,
                    advanced,
                    self.batch,
                )
                await asyncio.to_thread(reader.write)
                read.merge(reader.outcome)
                await asyncio.to_thread(self._swap_end, work, read)
            except BaseException as exc:
                await asyncio.to_thread(swap.__exit__, type(exc), exc, exc.__traceback__)
                raise
            await asyncio.to_thread(swap.__exit__, None, None, None)
            report.events, report.duplicates = read.events, read.duplicates
            report.unreadable, report.parked = read.unreadable, read.parked
            progress(done, done)
            await asyncio.to_thread(self._advance, done, done, now=True)
        finally:
            await asyncio.to_thread(work.close)

    async def _offsets(self) -> tuple[dict[Partition, int], dict[Partition, int]]:
        """Where each partition the read models feed on begins and ends now."""
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap_servers,
            group_id=None,
            client_id=f"{self.schema}-rebuild",
            enable_auto_commit=False,
        )
        await consumer.start()
        try:
            tps = [
                TopicPartition(topic, p)
                for topic in self.topics
                for p in await partitions_of(consumer, topic)
            ]
            begin = await consumer.beginning_offsets(tps)
            end = await consumer.end_offsets(tps)
            return (
                {(tp.topic, tp.partition): begin[tp] for tp in tps},
                {(tp.topic, tp.partition): end[tp] for tp in tps},
            )
        finally:
            await consumer.stop()

    async def _in_processes(
        self, shares: list[_Share], advanced: Callable[[int], None]
    ) -> _Outcome:
        """Each share read by a process of its own; what they came to, together."""
        context = multiprocessing.get_context("spawn")  # no threads or event loops inherited
        reports = context.Queue()
        workers = [
            context.Process(
                target=_worker,
                args=(
                    _Work(
                        self.database_url,
                        self.shadow,
                        self.bootstrap_servers,
                        f"{self.schema}-rebuild-{i}",
                        self.projections,
                        share,
                        self.batch,
                    ),
                    reports,
                ),
                name=f"{self.schema}-rebuild-{i}",
                daemon=True,  # they end with the process that started them
            )
            for i, share in enumerate(shares)
        ]
        for w in workers:
            w.start()
        read, finished = _Outcome(), 0
        try:
            while finished < len(workers):
                try:
                    kind, value = await asyncio.to_thread(reports.get, True, 0.5)
                except queue.Empty:
                    dead = [w for w in workers if w.exitcode not in (None, 0)]
                    if dead:
                        raise RuntimeError(
                            f"{dead[0].name} ended with {dead[0].exitcode}"
                        ) from None
                    continue
                if kind == "advanced":
                    advanced(value)
                elif kind == "done":
                    read.merge(value)
                    finished += 1
                else:
                    raise RuntimeError(f"a rebuild worker failed:\n{value}")
        finally:
            for w in workers:
                w.join(timeout=5)
                if w.is_alive():
                    w.terminate()
        return read

    def _prepare(self) -> psycopg.Connection[Any]:
        work = _connect(self.database_url, self.schema)
        shadow = sql.Identifier(self.shadow)
        work.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(shadow))
        work.execute(sql.SQL("CREATE SCHEMA {}").format(shadow))
        work.execute(sql.SQL("SET search_path TO {}").format(shadow))
        work.execute(TRACKING_DDL.encode())
        for projection in self.projections:
            work.execute(projection.ddl.encode())
        return work

    def _finish(self, work: psycopg.Connection[Any]) -> None:
        """What the read models derive from the whole (``rebuilt``), then the planner's
        statistics of the new tables, which the dashboards' queries will need at once."""
        with work.cursor() as cur:
            for projection in self.projections:
                rebuilt = getattr(projection, "rebuilt", None)
                if rebuilt is not None:
                    with work.transaction():
                        rebuilt(cur)
            for projection in self.projections:
                for table in projection.tables:
                    cur.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(table)))

    def _swap_begin(self, swap: Any, work: psycopg.Connection[Any]) -> None:
        swap.__enter__()
        with work.cursor() as cur:
            for projection in self.projections:
                fence(cur, projection.group, exclusive=True)

    def _swap_end(self, work: psycopg.Connection[Any], read: _Outcome) -> None:
        """The offsets and parked events first, into the live tracking tables; the read
        models' tables last, each a quick change of schema, so that the dashboards wait on
        them only for a moment.

        The live inbox stays: it holds the ids of what the live consumers applied, which the
        rebuilt tables hold too. To it go the ids the rebuild applied beyond where each
        consumer had got (a resend of those must be known as one)."""
        live, shadow = sql.Identifier(self.schema), sql.Identifier(self.shadow)
        with work.cursor() as cur:
            for projection in self.projections:
                cur.execute(
                    sql.SQL(
                        "DELETE FROM {}.consumer_offsets WHERE group_id = %s "
                        "RETURNING topic, partition, next_offset"
                    ).format(live),
                    (projection.group,),
                )
                had = {(r["topic"], r["partition"]): r["next_offset"] for r in cur.fetchall()}
                mine = [p for p in read.next_offsets if p[0] in projection.topics]
                cur.executemany(
                    sql.SQL(
                        "INSERT INTO {}.consumer_offsets (group_id, topic, partition, next_offset)"
                        " VALUES (%s, %s, %s, %s)"
                    ).format(live),
                    [(projection.group, *p, read.next_offsets[p]) for p in mine],
                )
                beyond = [
                    event_id
                    for p in mine
                    for offset, event_id in read.recent.get(p, ())
                    if offset >= had.get(p, 0)
                ]
                cur.execute(
                    sql.SQL(
                        "INSERT INTO {}.consumer_inbox (group_id, event_id) "
                        "SELECT %s, unnest(%s::uuid[]) ON CONFLICT DO NOTHING"
                    ).format(live),
                    (projection.group, beyond),
                )
            cur.execute(
                sql.SQL(
                    """INSERT INTO {}.consumer_dead_letters (group_id, dead_letter_topic, topic,
                           partition, "offset", key, value, headers, reason)
                       SELECT group_id, dead_letter_topic, topic, partition, "offset", key,
                              value, headers, reason FROM {}.consumer_dead_letters"""
                ).format(live, shadow)
            )
            for projection in self.projections:
                for table in projection.tables:
                    t = sql.Identifier(table)
                    cur.execute(sql.SQL("DROP TABLE IF EXISTS {}.{}").format(live, t))
                    cur.execute(sql.SQL("ALTER TABLE {}.{} SET SCHEMA {}").format(shadow, t, live))
            cur.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(shadow))
            cur.execute(sql.SQL("SET LOCAL search_path TO {}").format(live))


def main(argv: list[str] | None = None) -> int:
    """``make rebuild``: rebuilds beside the running platform, with a progress bar."""
    import argparse
    import sys

    from servicekit.logs import configure as configure_logging
    from servicekit.progress import Throttled

    from kk_reporting.config import Settings

    argparse.ArgumentParser(
        prog="python -m kk_reporting.rebuild",
        description="Ανακατασκευή των δεικτών από τα topics / Rebuild the indicators from "
        "the topics (the dashboards keep answering meanwhile)",
    ).parse_args(argv)
    configure_logging("reporting-rebuild", "WARNING")
    rebuild = Rebuild.of(Settings())  # type: ignore[call-arg]
    try:
        rebuild.claim()
    except RebuildRunningError as running:
        run = running.run or {}
        print(
            "τρέχει ήδη ανακατασκευή / a rebuild is already running: "
            f"started {run.get('started_at')}, {run.get('done', 0):,} of "
            f"{run.get('total', 0):,} messages",
            file=sys.stderr,
        )
        return 2
    bar = Throttled("ανακατασκευή / rebuild", 1)

    def progress(done: int, total: int) -> None:
        bar.total = max(total, 1)
        bar(done)

    report = asyncio.run(rebuild.run(progress))
    print(
        f"✓ {report.events:,} events in {report.seconds:.1f} s "
        f"({report.events_per_s:,.0f}/s); duplicates skipped {report.duplicates:,}, "
        f"unreadable skipped {report.unreadable:,}, parked {report.parked:,}; "
        f"{report.processes} process(es)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
