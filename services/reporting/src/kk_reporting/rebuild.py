"""Rebuilding reporting's read models from the topics, beside the live ones, then a swap.

``make rebuild`` (or ``POST /rebuilds``) reads every topic the read models feed on from its
beginning, in large batches, into a schema of its own: the dashboards go on answering from
the live tables, and the live consumers go on feeding them. At the end the rebuild takes the
consumers' fences (their next batch waits), reads what arrived meanwhile, and in one
transaction puts the rebuilt tables, offsets and recent inbox in place of the live ones. The
consumers then skip on to the offsets the rebuilt tables hold.

Only one rebuild runs at a time (a PostgreSQL advisory lock); another is refused with the
progress of the one running. Each run is recorded in ``rebuild_runs``.

A message that cannot be read is skipped and counted: it went to the dead-letter topic when
the live consumer first met it. An event the read model cannot apply now is parked and
forwarded to the dead-letter topic by the live consumer once the rebuild is in place.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import psycopg
from aiokafka import AIOKafkaConsumer, TopicPartition
from kk_contracts import ContractViolationError, Envelope, IntegrationEvent, decode_message
from psycopg import sql
from psycopg.rows import dict_row
from servicekit.consumer import (
    TRACKING_DDL,
    apply_isolating,
    fence,
    kept_types,
    not_kept,
    park,
)
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
BATCH = 25_000
# A message is resent only by a relay that crashed before recording how far it had got, and
# then within its few unacknowledged batches (at most 10,000 events each) of the first
# sending: ids seen within this many messages of a partition are enough to know every
# resent one.
RESENT_WITHIN = 40_000
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

    @property
    def events_per_s(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


@dataclass
class _Read:
    """What the rebuild has read so far, per partition."""

    next_offsets: dict[TopicPartition, int] = field(default_factory=dict)
    recent: dict[TopicPartition, deque[UUID]] = field(default_factory=dict)
    seen: set[UUID] = field(default_factory=set)

    def first_sight(self, tp: TopicPartition, event_id: UUID) -> bool:
        if event_id in self.seen:
            return False
        window = self.recent.setdefault(tp, deque())
        window.append(event_id)
        self.seen.add(event_id)
        if len(window) > RESENT_WITHIN:
            self.seen.discard(window.popleft())
        return True


def latest_run(conn: psycopg.Connection[Any]) -> dict[str, Any] | None:
    row: dict[str, Any] | None = conn.execute(
        "SELECT * FROM rebuild_runs ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return row


class Rebuild:
    """One run. ``claim`` takes the lock (or raises ``RebuildRunningError``), ``run`` does
    the work and gives the lock back."""

    def __init__(
        self,
        *,
        database_url: str,
        schema: str,
        bootstrap_servers: str,
        projections: Sequence[Any],
        batch: int = BATCH,
    ) -> None:
        self.database_url = database_url
        self.schema = schema
        self.shadow = f"{schema}_rebuild"
        self.bootstrap_servers = bootstrap_servers
        self.projections = projections
        self.batch = batch
        self.topics = sorted({str(t) for p in projections for t in p.topics})
        self.kept = kept_types(projections)
        self._status: psycopg.Connection[Any] | None = None
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

    def _connect(self, schema: str) -> psycopg.Connection[Any]:
        conn: psycopg.Connection[Any] = psycopg.connect(
            self.database_url, autocommit=True, row_factory=dict_row
        )
        conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
        return conn

    def claim(self) -> int:
        """Takes the one-rebuild lock and records the run; its id."""
        status = self._connect(self.schema)
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

    def _advance(self, done: int, total: int) -> None:
        status, report = self._claimed()
        status.execute(
            "UPDATE rebuild_runs SET done = %s, total = %s WHERE id = %s",
            (done, total, report.run_id),
        )

    async def _rebuild(self, progress: Progress) -> None:
        await ensure_topics(self.bootstrap_servers, self.topics)
        work = await asyncio.to_thread(self._prepare)
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap_servers,
            group_id=None,
            client_id=f"{self.schema}-rebuild",
            enable_auto_commit=False,
            max_partition_fetch_bytes=8 * 1024 * 1024,
            fetch_max_bytes=64 * 1024 * 1024,
        )
        await consumer.start()
        try:
            partitions = [
                TopicPartition(topic, p)
                for topic in self.topics
                for p in await partitions_of(consumer, topic)
            ]
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            begin = await consumer.beginning_offsets(partitions)
            end = await consumer.end_offsets(partitions)
            total = sum(end[tp] - begin[tp] for tp in partitions)
            read = _Read(next_offsets=dict(begin))
            done = 0
            progress(done, total)
            while any(read.next_offsets[tp] < end[tp] for tp in partitions):
                done += await self._read_into(consumer, work, read, end, transaction=True)
                progress(min(done, total), total)
                await asyncio.to_thread(self._advance, done, total)
            swap = work.transaction()
            await asyncio.to_thread(self._swap_begin, swap, work)
            try:
                # The consumers wait at their fences now: what came meanwhile, then the swap.
                end = await consumer.end_offsets(partitions)
                for tp in partitions:
                    consumer.seek(tp, read.next_offsets[tp])
                consumer.resume(*partitions)
                while any(read.next_offsets[tp] < end[tp] for tp in partitions):
                    done += await self._read_into(consumer, work, read, end, transaction=False)
                await asyncio.to_thread(self._swap_end, work, read)
            except BaseException as exc:
                await asyncio.to_thread(swap.__exit__, type(exc), exc, exc.__traceback__)
                raise
            await asyncio.to_thread(swap.__exit__, None, None, None)
            progress(done, done)
            await asyncio.to_thread(self._advance, done, done)
        finally:
            await consumer.stop()
            await asyncio.to_thread(work.close)

    def _prepare(self) -> psycopg.Connection[Any]:
        work = self._connect(self.schema)
        shadow = sql.Identifier(self.shadow)
        work.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(shadow))
        work.execute(sql.SQL("CREATE SCHEMA {}").format(shadow))
        work.execute(sql.SQL("SET search_path TO {}").format(shadow))
        work.execute(TRACKING_DDL.encode())
        for projection in self.projections:
            work.execute(projection.ddl.encode())
        return work

    async def _read_into(
        self,
        consumer: AIOKafkaConsumer,
        work: psycopg.Connection[Any],
        read: _Read,
        end: dict[TopicPartition, int],
        *,
        transaction: bool,
    ) -> int:
        """One large batch from the topics, up to ``end``, applied; how many messages."""
        fetched = await consumer.getmany(timeout_ms=1000, max_records=self.batch)
        messages: list[tuple[TopicPartition, Any]] = []
        for tp, records in fetched.items():
            for record in records:
                if record.offset >= end[tp]:
                    break
                messages.append((tp, record))
            if records:
                read.next_offsets[tp] = min(records[-1].offset + 1, end[tp])
                if read.next_offsets[tp] >= end[tp]:
                    consumer.pause(tp)
        if messages:
            await asyncio.to_thread(self._apply, work, read, messages, transaction)
        return len(messages)

    def _apply(
        self,
        work: psycopg.Connection[Any],
        read: _Read,
        messages: list[tuple[TopicPartition, Any]],
        transaction: bool,
    ) -> None:
        _, report = self._claimed()
        fresh: list[tuple[Any, Envelope[IntegrationEvent]]] = []
        for tp, record in messages:
            if not_kept(self.kept, record.headers):
                continue  # a known event no read model here keeps: not worth decoding
            try:
                envelope = decode_message(record.headers, record.value)
            except ContractViolationError:
                report.unreadable += 1
                continue
            if read.first_sight(tp, envelope.id):
                fresh.append((record, envelope))
            else:
                report.duplicates += 1
        report.events += len(fresh)
        if transaction:
            with work.transaction():
                work.execute("SET LOCAL synchronous_commit TO off")
                self._apply_fresh(work, fresh)
        else:
            self._apply_fresh(work, fresh)

    def _apply_fresh(
        self, work: psycopg.Connection[Any], fresh: list[tuple[Any, Envelope[IntegrationEvent]]]
    ) -> None:
        with work.cursor() as cur:
            for projection in self.projections:
                wanted = tuple(projection.events)
                mine = [
                    (r, e)
                    for r, e in fresh
                    if r.topic in projection.topics and isinstance(e.data, wanted)
                ]
                if not mine:
                    continue
                for record, envelope, error in apply_isolating(work, cur, projection, mine):
                    if error is not None:
                        self._claimed()[1].parked += 1
                        park(
                            cur,
                            projection,
                            record,
                            f"{envelope.type} could not be applied: {error}",
                        )

    def _swap_begin(self, swap: Any, work: psycopg.Connection[Any]) -> None:
        swap.__enter__()
        with work.cursor() as cur:
            for projection in self.projections:
                fence(cur, projection.group, exclusive=True)

    def _swap_end(self, work: psycopg.Connection[Any], read: _Read) -> None:
        live, shadow = sql.Identifier(self.schema), sql.Identifier(self.shadow)
        groups = [p.group for p in self.projections]
        with work.cursor() as cur:
            for projection in self.projections:
                mine = [tp for tp in read.next_offsets if tp.topic in projection.topics]
                cur.executemany(
                    "INSERT INTO consumer_offsets (group_id, topic, partition, next_offset) "
                    "VALUES (%s, %s, %s, %s)",
                    [
                        (projection.group, tp.topic, tp.partition, read.next_offsets[tp])
                        for tp in mine
                    ],
                )
                recent = [i for tp in mine for i in read.recent.get(tp, ())]
                cur.execute(
                    "INSERT INTO consumer_inbox (group_id, event_id) "
                    "SELECT %s, unnest(%s::uuid[]) ON CONFLICT DO NOTHING",
                    (projection.group, recent),
                )
                for table in projection.tables:
                    t = sql.Identifier(table)
                    cur.execute(sql.SQL("DROP TABLE IF EXISTS {}.{}").format(live, t))
                    cur.execute(sql.SQL("ALTER TABLE {}.{} SET SCHEMA {}").format(shadow, t, live))
            for table, columns in (
                ("consumer_offsets", "group_id, topic, partition, next_offset"),
                ("consumer_inbox", "group_id, event_id"),
            ):
                t = sql.Identifier(table)
                cur.execute(
                    sql.SQL("DELETE FROM {}.{} WHERE group_id = ANY(%s)").format(live, t),
                    (groups,),
                )
                cur.execute(
                    sql.SQL("INSERT INTO {}.{} ({}) SELECT {} FROM {}.{}").format(
                        live, t, sql.SQL(columns), sql.SQL(columns), shadow, t
                    )
                )
            cur.execute(
                sql.SQL(
                    """INSERT INTO {}.consumer_dead_letters (group_id, dead_letter_topic, topic,
                           partition, "offset", key, value, headers, reason)
                       SELECT group_id, dead_letter_topic, topic, partition, "offset", key,
                              value, headers, reason FROM {}.consumer_dead_letters"""
                ).format(live, shadow)
            )
            cur.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(shadow))
            cur.execute(sql.SQL("SET LOCAL search_path TO {}").format(live))
