"""Sending: one process's shards told month by month and produced to the topics, each
message keyed by its subject as the outbox relay keys it, in large record batches per
partition. The processes wait for each other at the end of every month, so that the topics
hold the months in order."""

from __future__ import annotations

import asyncio
import gc
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

from aiokafka import AIOKafkaProducer
from kk_contracts.events.intake import BeneficiaryRegistered
from servicekit.kafka import client_options
from servicekit.partitioning import partition_for

from bench.national.codes import SOURCES
from bench.national.shards import Shards

if TYPE_CHECKING:
    from collections.abc import Callable

    from kk_contracts.envelope import KafkaMessage

    from bench.national.shards import Params

MAX_BATCH_BYTES = 512 * 1024  # well under the broker's 1 MB message.max.bytes


class Sender:
    """Appends encoded messages to one record batch per partition and sends each batch when
    full: far cheaper than a ``send`` per message (the relay does the same)."""

    def __init__(self, producer: AIOKafkaProducer, partitions: dict[str, list[int]]) -> None:
        self.producer = producer
        self.partitions = partitions
        self.open: dict[tuple[str, int], Any] = {}
        self.acks: list[asyncio.Future[Any]] = []
        self.per_topic: Counter[str] = Counter()
        self.bytes = 0
        self.partition_of: dict[bytes, int] = {}

    async def add(self, m: KafkaMessage) -> None:
        # a subject's events come close together: its partition is worked out once
        partition = self.partition_of.get(m.key)
        if partition is None:
            if len(self.partition_of) > 200_000:
                self.partition_of.clear()
            partition = self.partition_of[m.key] = partition_for(m.key, self.partitions[m.topic])
        target = (m.topic, partition)
        batch = self.open.get(target)
        if batch is None:
            batch = self.open[target] = self.producer.create_batch()
        if batch.append(key=m.key, value=m.value, timestamp=None, headers=m.headers) is None:
            await self._send(target, batch)
            batch = self.open[target] = self.producer.create_batch()
            batch.append(key=m.key, value=m.value, timestamp=None, headers=m.headers)
        self.per_topic[m.topic] += 1
        self.bytes += len(m.value)

    async def _send(self, target: tuple[str, int], batch: Any) -> None:
        self.acks.append(await self.producer.send_batch(batch, target[0], partition=target[1]))
        if len(self.acks) >= 64:  # an error surfaces early, and the list stays short
            done = [a for a in self.acks if a.done()]
            for a in done:
                a.result()
            self.acks = [a for a in self.acks if not a.done()]

    async def flush(self) -> None:
        for target, batch in self.open.items():
            await self._send(target, batch)
        self.open.clear()
        await asyncio.gather(*self.acks)
        self.acks.clear()


async def produce_shards(
    params: Params, numbers: list[int], barrier: Any, note: Callable[[str, Any], None]
) -> None:
    """Tells the shards ``numbers`` and sends what they tell, a month at a time, waiting at
    ``barrier`` for the other processes before the first month and after each; ``note``
    hears how it goes."""
    shards = Shards(params, numbers)
    note("planned", shards.people)
    producer = AIOKafkaProducer(
        bootstrap_servers=params.bootstrap_servers,
        client_id="bench-national",
        enable_idempotence=True,
        acks="all",
        linger_ms=5,
        max_batch_size=MAX_BATCH_BYTES,
        request_timeout_ms=60_000,
        **client_options(),
    )
    await producer.start()
    # Millions of small objects wait for their month: the cyclic collector would walk them
    # again and again for nothing (none of them is part of a cycle).
    gc.disable()
    try:
        partitions = {t: sorted(await producer.partitions_for(t)) for t in sorted(SOURCES)}
        sender = Sender(producer, partitions)
        await asyncio.to_thread(barrier.wait)
        note("started", time.time())
        shards.open_centres()
        for index in range(len(shards.months)):
            done = shards.tell(index)
            for bucket in shards.drain(index):
                for position, (_, _, message) in enumerate(bucket):
                    await sender.add(message)
                    if position % 2000 == 1999:
                        await asyncio.sleep(0)  # let the producer's sender get on with it
            note("progress", done)
            await asyncio.to_thread(barrier.wait)  # the months go out in order
        await sender.flush()
    finally:
        gc.enable()
        await producer.stop()
    types = shards.types
    note(
        "done",
        {
            "per_topic": dict(sender.per_topic),
            "per_type": dict(types),
            "bytes": sender.bytes,
            "beneficiaries": types[BeneficiaryRegistered.event_type],
        },
    )
