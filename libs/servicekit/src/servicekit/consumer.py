"""The tracked consumer: Kafka topics applied exactly once to PostgreSQL read models.

Each batch is applied in one database transaction that also stores, per partition, the next
offset to read. On start and on every rebalance the consumer seeks to the stored offsets, so
a crash at any point neither loses nor repeats a message. Event ids already applied (a relay
may resend after a crash) are skipped through an inbox table in the same transaction.

A message that cannot be read (not JSON, unknown type, schema violation) or whose handler
fails is parked in a dead-letter table in that same transaction, with the reason, and then
forwarded to the service's dead-letter topic; the consumer goes on with the next message.

A read model may also be rebuilt beside the live one and swapped in (reporting does): each
batch first takes a shared lock on its group's *fence*, which the swap holds exclusively, and
skips whatever lies below the offsets stored for it, seeking on from there.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import psycopg
from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from kk_contracts import ContractViolationError, Envelope, IntegrationEvent, decode_message
from kk_contracts.catalogue import LATEST
from psycopg.types.json import Jsonb

from servicekit import correlation
from servicekit.db import derived_transaction
from servicekit.kafka import ensure_topics, idempotent_producer
from servicekit.loops import sleep_unless
from servicekit.metrics import CONSUMER_APPLIED, CONSUMER_DUPLICATES, CONSUMER_LAG, DEAD_LETTERS

if TYPE_CHECKING:
    from aiokafka.structs import ConsumerRecord
    from psycopg_pool import ConnectionPool

log = logging.getLogger(__name__)

# A resent message lies within the relay's few unacknowledged batches of its first sending,
# so the inbox need only remember what it saw lately: a week is far more than enough.
INBOX_KEEP = "7 days"
INBOX_PRUNE_SECONDS = 600.0

TRACKING_DDL = """
CREATE TABLE IF NOT EXISTS consumer_offsets (
    group_id text NOT NULL, topic text NOT NULL, partition int NOT NULL,
    next_offset bigint NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, topic, partition)
);
CREATE TABLE IF NOT EXISTS consumer_inbox (
    group_id text NOT NULL, event_id uuid NOT NULL, PRIMARY KEY (group_id, event_id)
);
ALTER TABLE consumer_inbox ADD COLUMN IF NOT EXISTS seen_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX IF NOT EXISTS consumer_inbox_seen ON consumer_inbox (seen_at);
CREATE TABLE IF NOT EXISTS consumer_dead_letters (
    id bigserial PRIMARY KEY, group_id text NOT NULL, dead_letter_topic text NOT NULL,
    topic text NOT NULL, partition int NOT NULL, "offset" bigint NOT NULL,
    key bytea, value bytea, headers jsonb NOT NULL, reason text NOT NULL,
    parked_at timestamptz NOT NULL DEFAULT now()
);
"""
# The inbox's keys, as TRACKING_DDL makes them: a rebuild fills an inbox of its own without
# them (by COPY) and makes them whole afterwards.
INBOX_KEYS = (
    "ALTER TABLE consumer_inbox ADD PRIMARY KEY (group_id, event_id)",
    "CREATE INDEX consumer_inbox_seen ON consumer_inbox (seen_at)",
)
INBOX_UNKEYED = (
    "ALTER TABLE consumer_inbox DROP CONSTRAINT consumer_inbox_pkey;"
    " DROP INDEX consumer_inbox_seen;"
)


class Tally(Protocol):
    """What a batch of events does to a read model, gathered in memory and then written in a
    few set-wise statements. Written, it must leave the same state as the read model's
    ``apply`` on each event in turn."""

    def add(self, envelope: Envelope[IntegrationEvent]) -> None:
        """Takes one more event in; raises, having changed nothing, if it cannot."""

    def __len__(self) -> int:
        """About how many rows it would write: a rebuild writes it when it grows large."""

    def write(self, cur: psycopg.Cursor[Any]) -> None:
        """Writes what it gathered, in the transaction at hand."""


class Projection(Protocol):
    """A read model fed by a tracked consumer. It may name the event classes it reads in an
    ``events`` tuple: the others on its topics are still checked (a malformed or unknown
    message is dead-lettered) but cost no transaction of their own.

    It may also offer ``tally()``, a fresh ``Tally``: the consumer then applies a whole batch
    through one, falling back to one event at a time only to find the event that makes a
    batch fail, and a rebuild gathers many batches in one."""

    group: str
    topics: Sequence[str]
    dead_letter_topic: str
    ddl: str

    def apply(self, cur: psycopg.Cursor[Any], envelope: Envelope[IntegrationEvent]) -> None:
        """Applies one event inside the batch's transaction. Raise to dead-letter it."""


def apply_all(
    projection: Projection,
    cur: psycopg.Cursor[Any],
    envelopes: Sequence[Envelope[IntegrationEvent]],
) -> None:
    """Applies the events in turn: through one tally if the read model offers it."""
    tally = getattr(projection, "tally", None)
    if tally is None:
        for envelope in envelopes:
            projection.apply(cur, envelope)
        return
    gathered: Tally = tally()
    for envelope in envelopes:
        gathered.add(envelope)
    gathered.write(cur)


@dataclass
class BatchOutcome:
    applied: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0
    parked: int = 0
    next_offsets: dict[TopicPartition, int] = field(default_factory=dict)
    reseek: dict[TopicPartition, int] = field(default_factory=dict)


def fence(cur: psycopg.Cursor[Any], group: str, *, exclusive: bool = False) -> None:
    """The lock a group's batches share and a read model's swap holds alone (the swap waits
    for the batch in flight; the next batch waits for the swap), until the transaction ends."""
    kind = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    cur.execute(f"SELECT {kind}(hashtext(%s))", (f"consumer-fence:{group}",))


class OffsetStore:
    def __init__(self, pool: ConnectionPool[Any], group: str) -> None:
        self.pool = pool
        self.group = group

    def load(self, partitions: Sequence[TopicPartition]) -> dict[TopicPartition, int]:
        with self.pool.connection() as conn, conn.cursor() as cur:
            return self.read(cur, partitions)

    def read(
        self, cur: psycopg.Cursor[Any], partitions: Sequence[TopicPartition]
    ) -> dict[TopicPartition, int]:
        cur.execute(
            "SELECT topic, partition, next_offset FROM consumer_offsets WHERE group_id = %s",
            (self.group,),
        )
        stored = {TopicPartition(r["topic"], r["partition"]): r["next_offset"] for r in cur}
        return {tp: stored[tp] for tp in partitions if tp in stored}

    def save(self, cur: psycopg.Cursor[Any], offsets: dict[TopicPartition, int]) -> None:
        cur.executemany(
            """INSERT INTO consumer_offsets (group_id, topic, partition, next_offset)
               VALUES (%s, %s, %s, %s)
               ON CONFLICT (group_id, topic, partition) DO UPDATE
               SET next_offset = EXCLUDED.next_offset, updated_at = now()""",
            [(self.group, tp.topic, tp.partition, offset) for tp, offset in offsets.items()],
        )


class _SeekToStoredOffsets(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, consumer: AIOKafkaConsumer, offsets: OffsetStore) -> None:
        self.consumer = consumer
        self.offsets = offsets

    async def on_partitions_revoked(self, revoked: Any) -> None:
        return None

    async def on_partitions_assigned(self, assigned: Any) -> None:
        partitions = list(assigned)
        stored = await asyncio.to_thread(self.offsets.load, partitions)
        for tp in partitions:
            if tp in stored:
                self.consumer.seek(tp, stored[tp])
        fresh = [tp for tp in partitions if tp not in stored]
        if fresh:
            # PostgreSQL, not Kafka's committed offsets, is the truth: a new read model
            # starts from the beginning of the topic.
            await self.consumer.seek_to_beginning(*fresh)
        log.info("partitions assigned", extra={"stored": {str(k): v for k, v in stored.items()}})


class TrackedConsumer:
    def __init__(
        self,
        *,
        service: str,
        projection: Projection,
        pool: ConnectionPool[Any],
        bootstrap_servers: str,
        max_records: int = 1000,
    ) -> None:
        self.service = service
        self.projection = projection
        self.pool = pool
        self.bootstrap_servers = bootstrap_servers
        self.max_records = max_records
        self.kept_types = kept_types([projection])
        self.offsets = OffsetStore(pool, projection.group)

    def setup(self) -> None:
        with self.pool.connection() as conn:
            conn.execute(TRACKING_DDL)
            conn.execute(self.projection.ddl.encode())

    async def run(self, stop: asyncio.Event) -> None:
        await asyncio.to_thread(self.setup)
        backoff = 0.5
        while not stop.is_set():
            try:
                await self._run_connected(stop)
                backoff = 0.5
            except Exception:
                log.exception(
                    "consumer %s failed; retrying in %.1fs", self.projection.group, backoff
                )
                await sleep_unless(stop, backoff)
                backoff = min(backoff * 2, 10.0)

    async def _run_connected(self, stop: asyncio.Event) -> None:
        # Subscribing to a topic that does not exist yet would wait silently: make sure.
        await ensure_topics(
            self.bootstrap_servers, [*self.projection.topics, self.projection.dead_letter_topic]
        )
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap_servers,
            group_id=self.projection.group,
            client_id=f"{self.service}-{self.projection.group}",
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=self.max_records,
        )
        consumer.subscribe(
            topics=list(self.projection.topics),
            listener=_SeekToStoredOffsets(consumer, self.offsets),
        )
        producer = idempotent_producer(self.bootstrap_servers, client_id=f"{self.service}-dlq")
        await producer.start()
        await consumer.start()
        try:
            await self._forward_dead_letters(producer)
            pruned = 0.0
            while not stop.is_set():
                batch = await consumer.getmany(timeout_ms=100, max_records=self.max_records)
                if batch:
                    await self._handle(consumer, producer, batch)
                await self._report_lag(consumer)
                if time.monotonic() - pruned > INBOX_PRUNE_SECONDS:
                    await asyncio.to_thread(self.prune_inbox)
                    pruned = time.monotonic()
        finally:
            await consumer.stop()
            await producer.stop()

    async def _handle(
        self,
        consumer: AIOKafkaConsumer,
        producer: Any,
        batch: dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]],
    ) -> None:
        outcome = await asyncio.to_thread(self.apply_batch, batch)
        for tp, offset in outcome.reseek.items():
            log.info("read model moved on (rebuilt): %s resumes at %s", tp, offset)
            consumer.seek(tp, offset)
        for topic, count in outcome.applied.items():
            CONSUMER_APPLIED.labels(self.service, self.projection.group, topic).inc(count)
        if outcome.duplicates:
            CONSUMER_DUPLICATES.labels(self.service, self.projection.group).inc(outcome.duplicates)
        if outcome.parked:
            await self._forward_dead_letters(producer)
        # Kafka's own committed offsets are only a courtesy for tools that read them:
        # PostgreSQL holds the offsets the consumer resumes from.
        try:
            await consumer.commit(outcome.next_offsets)
        except Exception as exc:
            log.warning("could not commit offsets to Kafka (harmless): %s", exc)

    def apply_batch(
        self, batch: dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]]
    ) -> BatchOutcome:
        outcome = BatchOutcome()
        with self.pool.connection() as conn, derived_transaction(conn), conn.cursor() as cur:
            fence(cur, self.projection.group)
            stored = self.offsets.read(cur, list(batch))
            read: list[tuple[ConsumerRecord[bytes, bytes], Envelope[IntegrationEvent]]] = []
            for tp, records in batch.items():
                below = stored.get(tp, 0)
                if records[0].offset < below:
                    # The read model already holds these (it was rebuilt and swapped in
                    # while they were fetched): go on from where it stands.
                    outcome.reseek[tp] = below
                    continue
                for record in records:
                    envelope = self._read(cur, record, outcome)
                    if envelope is not None:
                        read.append((record, envelope))
                outcome.next_offsets[tp] = records[-1].offset + 1
            self._apply_fresh(conn, cur, self._first_sight(cur, read, outcome), outcome)
            self.offsets.save(cur, outcome.next_offsets)
        return outcome

    def _read(
        self,
        cur: psycopg.Cursor[Any],
        record: ConsumerRecord[bytes, bytes],
        outcome: BatchOutcome,
    ) -> Envelope[IntegrationEvent] | None:
        """The message's event if this read model keeps it; a malformed one is parked."""
        if not_kept(self.kept_types, record.headers):
            return None  # a known event this read model does not keep: no need to read it
        try:
            envelope = decode_message(record.headers, record.value)
        except ContractViolationError as exc:
            self._park(cur, record, exc.reason)
            outcome.parked += 1
            return None
        wanted = getattr(self.projection, "events", None)
        if wanted is not None and not isinstance(envelope.data, wanted):
            return None  # read and valid, but nothing this read model keeps
        return envelope

    def _first_sight(
        self,
        cur: psycopg.Cursor[Any],
        read: list[tuple[ConsumerRecord[bytes, bytes], Envelope[IntegrationEvent]]],
        outcome: BatchOutcome,
    ) -> list[tuple[ConsumerRecord[bytes, bytes], Envelope[IntegrationEvent]]]:
        """The events not applied before (a relay may resend after a crash), in order, each
        once: the inbox takes the batch's ids in one statement and says which are new."""
        if not read:
            return []
        cur.execute(
            "INSERT INTO consumer_inbox (group_id, event_id) "
            "SELECT %s, unnest(%s::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id",
            (self.projection.group, [e.id for _, e in read]),
        )
        new = {row["event_id"] for row in cur.fetchall()}
        fresh = []
        for record, envelope in read:
            if envelope.id in new:
                new.discard(envelope.id)
                fresh.append((record, envelope))
            else:
                outcome.duplicates += 1
        return fresh

    def _apply_fresh(
        self,
        conn: psycopg.Connection[Any],
        cur: psycopg.Cursor[Any],
        fresh: list[tuple[ConsumerRecord[bytes, bytes], Envelope[IntegrationEvent]]],
        outcome: BatchOutcome,
    ) -> None:
        for record, envelope, error in apply_isolating(conn, cur, self.projection, fresh):
            if error is None:
                self._applied(record, envelope, outcome)
                continue
            # Not applied, so not seen: a mended consumer may take it from the topic.
            cur.execute(
                "DELETE FROM consumer_inbox WHERE group_id = %s AND event_id = %s",
                (self.projection.group, envelope.id),
            )
            self._park(cur, record, f"{envelope.type} could not be applied: {error}")
            outcome.parked += 1

    def _applied(
        self,
        record: ConsumerRecord[bytes, bytes],
        envelope: Envelope[IntegrationEvent],
        outcome: BatchOutcome,
    ) -> None:
        with correlation.bound(envelope.correlation_id):
            log.info(
                "applied %s",
                envelope.type,
                extra={"event_id": str(envelope.id), "group": self.projection.group},
            )
        outcome.applied[record.topic] = outcome.applied.get(record.topic, 0) + 1

    def prune_inbox(self) -> int:
        """Forgets the ids seen more than ``INBOX_KEEP`` ago: the inbox stays small."""
        with self.pool.connection() as conn:
            cur = conn.execute(
                "DELETE FROM consumer_inbox WHERE group_id = %s AND seen_at < now() - %s::interval",
                (self.projection.group, INBOX_KEEP),
            )
            return int(cur.rowcount)

    def _park(
        self, cur: psycopg.Cursor[Any], record: ConsumerRecord[bytes, bytes], reason: str
    ) -> None:
        park(cur, self.projection, record, reason)

    async def _forward_dead_letters(self, producer: Any) -> None:
        rows = await asyncio.to_thread(self._parked)
        for row in rows:
            headers = [(name, bytes.fromhex(raw)) for name, raw in row["headers"]]
            headers += [
                ("dlq_reason", row["reason"].encode()),
                ("dlq_topic", row["topic"].encode()),
                ("dlq_partition", str(row["partition"]).encode()),
                ("dlq_offset", str(row["offset"]).encode()),
                ("dlq_group", self.projection.group.encode()),
            ]
            await producer.send_and_wait(
                row["dead_letter_topic"], row["value"], key=row["key"], headers=headers
            )
            await asyncio.to_thread(self._unpark, row["id"])
            DEAD_LETTERS.labels(self.service, self.projection.group, row["topic"]).inc()

    def _parked(self) -> list[dict[str, Any]]:
        with self.pool.connection() as conn:
            rows: list[dict[str, Any]] = conn.execute(
                "SELECT * FROM consumer_dead_letters WHERE group_id = %s ORDER BY id",
                (self.projection.group,),
            ).fetchall()
        return rows

    def _unpark(self, row_id: int) -> None:
        with self.pool.connection() as conn:
            conn.execute("DELETE FROM consumer_dead_letters WHERE id = %s", (row_id,))

    async def _report_lag(self, consumer: AIOKafkaConsumer) -> None:
        for tp in consumer.assignment():
            highwater = consumer.highwater(tp)
            if highwater is None:
                continue
            position = await consumer.position(tp)
            CONSUMER_LAG.labels(
                self.service, self.projection.group, tp.topic, str(tp.partition)
            ).set(max(highwater - position, 0))


def apply_isolating(
    conn: psycopg.Connection[Any],
    cur: psycopg.Cursor[Any],
    projection: Projection,
    fresh: Sequence[tuple[Any, Envelope[IntegrationEvent]]],
) -> list[tuple[Any, Envelope[IntegrationEvent], Exception | None]]:
    """Applies the events as one batch if the read model offers a tally; if that fails, or
    it does not, one at a time, each in a savepoint, so that only the event that fails is
    left out. Each event comes back with the error that kept it out, or None."""
    if hasattr(projection, "tally") and len(fresh) > 1:
        try:
            with conn.transaction():
                apply_all(projection, cur, [e for _, e in fresh])
        except Exception:
            log.warning("a batch of %s failed; applying it one event at a time", len(fresh))
        else:
            return [(record, envelope, None) for record, envelope in fresh]
    out: list[tuple[Any, Envelope[IntegrationEvent], Exception | None]] = []
    for record, envelope in fresh:
        try:
            with conn.transaction(), correlation.bound(envelope.correlation_id):
                apply_all(projection, cur, [envelope])
        except Exception as exc:
            out.append((record, envelope, exc))
        else:
            out.append((record, envelope, None))
    return out


def park(cur: psycopg.Cursor[Any], projection: Projection, record: Any, reason: str) -> None:
    """Parks a message a read model cannot take, with the reason, in the transaction at hand;
    the group's consumer forwards it to the dead-letter topic."""
    log.warning(
        "dead-lettering %s[%s]@%s: %s", record.topic, record.partition, record.offset, reason
    )
    cur.execute(
        """INSERT INTO consumer_dead_letters (group_id, dead_letter_topic, topic, partition,
               "offset", key, value, headers, reason)
           VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)""",
        (
            projection.group,
            projection.dead_letter_topic,
            record.topic,
            record.partition,
            record.offset,
            record.key,
            record.value,
            Jsonb([[name, raw.hex()] for name, raw in record.headers]),
            reason,
        ),
    )


def kept_types(projections: Sequence[Projection]) -> frozenset[str] | None:
    """The CloudEvents types the read models keep, if each names them (every event it lists
    is a concrete contract event); None if one takes everything on its topics."""
    kept: set[str] = set()
    for projection in projections:
        events = getattr(projection, "events", None)
        if events is None or not all(
            isinstance(getattr(e, "event_type", None), str) for e in events
        ):
            return None
        kept.update(e.event_type for e in events)
    return frozenset(kept)


def not_kept(kept: frozenset[str] | None, headers: Sequence[tuple[str, bytes]]) -> bool:
    """True for a known event that none of the read models keeping ``kept`` keeps, told by
    its type header alone, without decoding the message."""
    if kept is None:
        return False
    kind = _event_type(headers)
    return kind in LATEST and kind not in kept


def _event_type(headers: Sequence[tuple[str, bytes]]) -> str | None:
    """A message's ``ce_type`` header, read without decoding the rest: events a read model
    does not keep are skipped on it alone. A message that lies in it is not this read
    model's to judge; the read models that keep that type read it whole, and dead-letter
    it if it is malformed."""
    for name, raw in headers:
        if name == "ce_type":
            try:
                return raw.decode()
            except UnicodeDecodeError:
                return None
    return None
