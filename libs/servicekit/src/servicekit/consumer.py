"""The tracked consumer: Kafka topics applied exactly once to PostgreSQL read models.

Each batch is applied in one database transaction that also stores, per partition, the next
offset to read (in the tracking tables, ``servicekit.tracking``). On start and on every
rebalance the consumer seeks to the stored offsets, so a crash at any point neither loses
nor repeats a message. Event ids already applied (a relay may resend after a crash) are
skipped through an inbox table in the same transaction.

A message that cannot be read (not JSON, unknown type, schema violation) or whose handler
fails is parked in a dead-letter table in that same transaction, with the reason, and then
forwarded to the service's dead-letter topic (``servicekit.deadletters``); the consumer goes
on with the next message. What a read model offers it (a tally for a whole batch, the events
it keeps, so that the others are skipped unread) is in ``servicekit.projections``.

A read model may also be rebuilt beside the live one and swapped in: each batch first takes
a shared lock on its group's fence (``servicekit.tracking``), and skips whatever lies below
the offsets stored for it, seeking on from there.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import TYPE_CHECKING, Any

from aiokafka import AIOKafkaConsumer

from servicekit.batches import BatchApplier
from servicekit.deadletters import forward_parked
from servicekit.kafka import client_options, ensure_topics, idempotent_producer
from servicekit.loops import sleep_unless
from servicekit.metrics import CONSUMER_APPLIED, CONSUMER_DUPLICATES, CONSUMER_LAG
from servicekit.tracking import SeekToStoredOffsets

if TYPE_CHECKING:
    from aiokafka import TopicPartition
    from aiokafka.structs import ConsumerRecord
    from psycopg_pool import ConnectionPool

    from servicekit.projections import Projection

log = logging.getLogger(__name__)

INBOX_PRUNE_SECONDS = 600.0
# Kafka's own committed offsets are only a courtesy for tools that read them (a group's lag
# in Kafka's own tools): PostgreSQL holds the offsets the consumer resumes from. They are
# sent at most this often, and on stopping, not after every batch: a registration reaches
# seven read models, and a commit after each of their batches was a round trip in each
# consumer's loop and a write to the broker's offsets log, seven times an event.
COURTESY_COMMIT_SECONDS = 1.0
REALIGN_SECONDS = 2.0
"""How often the consumer checks that its read model still stands where it read to."""
COURTESY_COMMIT_TIMEOUT_S = 5.0


class TrackedConsumer:
    """Feeds one read model from its topics, exactly once: a loop that reads batches, applies
    each with its offsets in one transaction, parks what it cannot take and forwards it, and
    reports its lag."""

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
        self.batches = BatchApplier(projection, pool)
        self.offsets = self.batches.offsets
        self._reported: set[TopicPartition] = set()  # partitions whose lag this one reports

    async def run(self, stop: asyncio.Event) -> None:
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
            **client_options(),
        )
        consumer.subscribe(
            topics=list(self.projection.topics),
            listener=SeekToStoredOffsets(consumer, self.offsets),
        )
        producer = idempotent_producer(self.bootstrap_servers, client_id=f"{self.service}-dlq")
        await producer.start()
        await consumer.start()
        unsent: dict[TopicPartition, int] = {}  # the courtesy commit's offsets, not sent yet
        try:
            await self._forward_dead_letters(producer)
            pruned = committed = realigned = 0.0
            while not stop.is_set():
                batch = await consumer.getmany(timeout_ms=100, max_records=self.max_records)
                if batch:
                    unsent.update(await self._handle(consumer, producer, batch))
                if time.monotonic() - realigned >= REALIGN_SECONDS:
                    await self._realign(consumer)
                    realigned = time.monotonic()
                if unsent and time.monotonic() - committed >= COURTESY_COMMIT_SECONDS:
                    await _courtesy_commit(consumer, unsent)
                    committed = time.monotonic()
                await self._report_lag(consumer)
                if time.monotonic() - pruned > INBOX_PRUNE_SECONDS:
                    await asyncio.to_thread(self.batches.prune_inbox)
                    pruned = time.monotonic()
        finally:
            self._forget_lag(set(self._reported))
            if unsent:
                await _courtesy_commit(consumer, unsent)
            await consumer.stop()
            await producer.stop()

    async def _realign(self, consumer: AIOKafkaConsumer) -> None:
        """Seeks back wherever the read model stands before what was read: a database crash
        takes its newest commits (they do not wait for the disk), offsets and all, and the
        messages they applied must be read again, whether or not more come."""
        assigned = list(consumer.assignment())
        if not assigned:
            return
        stored = await asyncio.to_thread(self._stored_offsets, assigned)
        for tp, offset in stored.items():
            if offset < await consumer.position(tp):
                log.warning("%s: the read model stands at %s; reading again from there", tp, offset)
                consumer.seek(tp, offset)

    def _stored_offsets(self, partitions: list[TopicPartition]) -> dict[TopicPartition, int]:
        with self.pool.connection() as conn, conn.cursor() as cur:
            return self.offsets.read(cur, partitions)

    async def _handle(
        self,
        consumer: AIOKafkaConsumer,
        producer: Any,
        batch: dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]],
    ) -> dict[TopicPartition, int]:
        """Applies a batch; the offsets to commit to Kafka (as a courtesy) for it."""
        outcome = await asyncio.to_thread(self.batches.apply, batch)
        for tp, offset in outcome.reseek.items():
            log.info("%s resumes at %s, where its read model stands", tp, offset)
            consumer.seek(tp, offset)
        for topic, count in outcome.applied.items():
            CONSUMER_APPLIED.labels(self.service, self.projection.group, topic).inc(count)
        if outcome.duplicates:
            CONSUMER_DUPLICATES.labels(self.service, self.projection.group).inc(outcome.duplicates)
        if outcome.parked:
            await self._forward_dead_letters(producer)
        return outcome.next_offsets

    async def _forward_dead_letters(self, producer: Any) -> None:
        await forward_parked(
            producer, pool=self.pool, service=self.service, group=self.projection.group
        )

    async def _report_lag(self, consumer: AIOKafkaConsumer) -> None:
        assigned = consumer.assignment()
        for tp in assigned:
            highwater = consumer.highwater(tp)
            if highwater is None:
                continue
            position = await consumer.position(tp)
            CONSUMER_LAG.labels(*self._lag_labels(tp)).set(max(highwater - position, 0))
            self._reported.add(tp)
        self._forget_lag(self._reported - assigned)

    def _lag_labels(self, tp: TopicPartition) -> tuple[str, str, str, str]:
        return self.service, self.projection.group, tp.topic, str(tp.partition)

    def _forget_lag(self, partitions: set[TopicPartition]) -> None:
        """Partitions another replica now reads (or none, stopped): their lag is that
        replica's to report; a last value left here would stay, stale, beside it."""
        for tp in partitions:
            with contextlib.suppress(KeyError):
                CONSUMER_LAG.remove(*self._lag_labels(tp))
        self._reported -= partitions


async def _courtesy_commit(consumer: AIOKafkaConsumer, unsent: dict[TopicPartition, int]) -> None:
    """Commits ``unsent`` to Kafka (emptied whether or not it could be: the next batch's
    offsets will be sent again, and PostgreSQL holds the ones that count)."""
    offsets = dict(unsent)
    unsent.clear()
    try:
        async with asyncio.timeout(COURTESY_COMMIT_TIMEOUT_S):  # (a broker away: not waited for)
            await consumer.commit(offsets)
    except Exception as exc:
        log.warning("could not commit offsets to Kafka (harmless): %s", exc)
