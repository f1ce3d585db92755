"""The tables a tracked consumer keeps beside its read models, in the same schema.

Three of them (made by servicekit's ``tracking`` migrations): the next offset to read of each
partition, the inbox of the event ids applied lately, and the dead letters parked until they
are forwarded. They are written in the same
transaction as the read models, so PostgreSQL, not Kafka's committed offsets, is the truth
of what has been applied: on start and on every rebalance the consumer seeks to the offsets
stored here.

A read model may also be rebuilt beside the live one and swapped in (reporting does): each
batch first takes a shared lock on its group's *fence*, which the swap holds exclusively, and
skips whatever lies below the offsets stored for it, seeking on from there.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from aiokafka import ConsumerRebalanceListener, TopicPartition

if TYPE_CHECKING:
    from collections.abc import Sequence

    import psycopg
    from aiokafka import AIOKafkaConsumer
    from psycopg_pool import ConnectionPool

# A rebalance is a step of the tracked consumer: it logs under the consumer's name, so that
# one logger tells a consumer's whole story.
log = logging.getLogger("servicekit.consumer")


def fence(cur: psycopg.Cursor[Any], group: str, *, exclusive: bool = False) -> None:
    """The lock a group's batches share and a read model's swap holds alone (the swap waits
    for the batch in flight; the next batch waits for the swap), until the transaction ends."""
    kind = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    cur.execute(f"SELECT {kind}(hashtext(%s))", (f"consumer-fence:{group}",))


class OffsetStore:
    """A group's next offset to read of each partition: read and saved in the transaction of
    the batch it follows, loaded on its own when partitions are assigned."""

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


class SeekToStoredOffsets(ConsumerRebalanceListener):  # type: ignore[misc]
    """Moves a Kafka consumer, on every assignment, to the offsets its group has stored; a
    partition with none stored is read from its beginning."""

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
