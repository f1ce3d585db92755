"""Fetching a share of the topics: each partition from one offset to another, in large
batches, handed to a reader a batch at a time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from kk_reporting.rebuild.reader import BATCH, Reader
from kk_reporting.rebuild.shares import Share


async def read_share(
    bootstrap_servers: str,
    client_id: str,
    share: Share,
    reader: Reader,
    advanced: Callable[[int], None],
    batch: int = BATCH,
) -> None:
    """Reads the share's partitions from its begin to its end offsets into ``reader``."""
    started = time.monotonic()
    reader.outcome.next_offsets.update(share.begin)
    if share.size:  # (a consumer stopped as soon as started fails to stop)
        async with kafka_reader(bootstrap_servers, client_id) as consumer:
            await read_into(consumer, share, reader, advanced, batch)
    reader.outcome.seconds["reading"] = time.monotonic() - started


@asynccontextmanager
async def kafka_reader(bootstrap_servers: str, client_id: str) -> AsyncIterator[AIOKafkaConsumer]:
    """A consumer of no group, assigned partitions by hand, fetching much at a time."""
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
        yield consumer
    finally:
        await consumer.stop()


async def read_into(
    consumer: AIOKafkaConsumer,
    share: Share,
    reader: Reader,
    advanced: Callable[[int], None],
    batch: int = BATCH,
) -> None:
    """Reads the share's partitions, assigned to ``consumer``, into ``reader``."""
    tps = {TopicPartition(*p): p for p in share.begin if share.end[p] > share.begin[p]}
    nexts = reader.outcome.next_offsets
    nexts.update(share.begin)
    consumer.assign(list(tps))
    for tp, p in tps.items():
        consumer.seek(tp, share.begin[p])
    while any(nexts[p] < share.end[p] for p in tps.values()):
        fetched = await consumer.getmany(timeout_ms=1000, max_records=batch)
        messages: list[Any] = []
        for tp, records in fetched.items():
            p, end = tps[tp], share.end[tps[tp]]
            if records and records[-1].offset < end:
                messages += records  # (nearly always: all of them)
            else:
                messages += (record for record in records if record.offset < end)
            if records:
                nexts[p] = min(records[-1].offset + 1, end)
                if nexts[p] >= end:
                    consumer.pause(tp)
        if messages:
            await asyncio.to_thread(reader.take, messages)
            advanced(len(messages))
