"""Fetching a share of the topics: each partition from one offset to another, a response
(8 MiB of a partition) at a time, read into a reader as it is fetched.

A rebuild reads millions of messages and keeps none of Kafka's objects for them, so it sends
its own fetch requests through aiokafka's client and reads each response's record batches
with aiokafka's record reader (in C): a record is its offset, headers and value, without the
object a consumer makes of each besides (5.5 µs a record, against 3.7 µs for the batches'
own, on a fetched response of the requests' topic). Each record is made only when the reader
comes to it, and gone when it is counted: made all at once, a response's records (some fifty
megabytes of small objects) would no longer be in the processor's caches by the time each is
read. The next fetch is sent before a response is read into the tallies, so that Kafka answers
meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import aclosing, asynccontextmanager
from typing import Any

import aiokafka.errors as errors
from aiokafka import TopicPartition
from aiokafka.client import AIOKafkaClient
from aiokafka.protocol.fetch import FetchRequest
from aiokafka.record.memory_records import MemoryRecords

from kk_reporting.rebuild.reader import Reader
from kk_reporting.rebuild.shares import Partition, Share

log = logging.getLogger(__name__)
PARTITION_BYTES = 8 * 1024 * 1024  # fetched of a partition at a time
WAIT_MS = 500  # the most a fetch waits for its first byte
# A leader's change, a broker restarting, a connection lost: fetched again, after a pause,
# this many times at most.
ATTEMPTS = 10
BACKOFF_S = 0.2


async def read_share(
    bootstrap_servers: str,
    client_id: str,
    share: Share,
    reader: Reader,
    advanced: Callable[[int], None],
) -> None:
    """Reads the share's partitions from its begin to its end offsets into ``reader``."""
    started = time.monotonic()
    reader.outcome.next_offsets.update(share.begin)
    if share.size:
        topics = sorted({topic for topic, _ in share.begin})
        async with kafka_reader(bootstrap_servers, client_id, topics) as fetcher:
            await read_into(fetcher, share, reader, advanced)
    reader.outcome.seconds["reading"] = time.monotonic() - started


class Fetcher:
    """Fetches a partition's records, a response at a time, through one client."""

    def __init__(self, client: AIOKafkaClient) -> None:
        self.client = client

    async def records(
        self, partition: Partition, begin: int, end: int
    ) -> AsyncIterator[tuple[int, Iterator[Any]]]:
        """From ``begin`` up to (not including) ``end``: per response, where the next one
        begins and its records (each with ``offset``, ``headers``, ``value``), each read
        from the response when it is wanted."""
        offset, empty = begin, 0
        pending = asyncio.ensure_future(self._fetch(partition, offset))
        try:
            while offset < end:
                batches, nxt = _batches_of(await pending, partition, offset, end)
                empty = empty + 1 if nxt == offset else 0
                if empty == ATTEMPTS:
                    raise errors.KafkaError(
                        f"{partition[0]}[{partition[1]}] gives no record at {offset},"
                        f" before its end {end}"
                    )
                if empty:  # nothing there yet (a leader behind): asked again, after a pause
                    await asyncio.sleep(BACKOFF_S)
                got = _records_in(batches, offset, end)
                offset = nxt
                if offset < end:
                    pending = asyncio.ensure_future(self._fetch(partition, offset))
                yield offset, got
        finally:
            pending.cancel()

    async def _fetch(self, partition: Partition, offset: int) -> bytes:
        """The record batches of one fetch at ``offset``, from the partition's leader."""
        topic, number = partition
        tp = TopicPartition(topic, number)
        for attempt in range(ATTEMPTS):
            leader = self.client.cluster.leader_for_partition(tp)
            try:
                if leader is None or leader < 0:
                    raise errors.LeaderNotAvailableError(f"no leader known for {topic}[{number}]")
                request = FetchRequest(
                    WAIT_MS, 1, PARTITION_BYTES, 0, [(topic, [(number, offset, PARTITION_BYTES)])]
                )
                response = await self.client.send(leader, request)
                ((_, ((_, code, _, *_, data),)),) = response.topics
                error = errors.for_code(code)
                if error is not errors.NoError:
                    raise error(f"fetching {topic}[{number}] at {offset}")
                return data or b""
            except errors.KafkaError as exc:
                if not exc.retriable or attempt == ATTEMPTS - 1:
                    raise
                log.warning("fetching %s[%s] again: %s", topic, number, exc)
                await asyncio.sleep(BACKOFF_S)
                await self.client.force_metadata_update()
        raise AssertionError("unreachable")


def _batches_of(data: bytes, partition: Partition, offset: int, end: int) -> tuple[list[Any], int]:
    """The record batches of a response that hold records from ``offset`` (a batch may
    begin before it) up to ``end``, each one's checksum checked; and where the next fetch
    begins. Their records are not read yet."""
    got: list[Any] = []
    nxt = offset
    batches = MemoryRecords(data)
    while batches.has_next():
        batch = batches.next_batch()
        if batch is None:  # (a batch cut short at the response's end: fetched again)
            break
        if not batch.validate_crc():
            raise errors.CorruptRecordException(f"invalid CRC in {partition[0]}[{partition[1]}]")
        if not batch.is_control_batch and batch.next_offset > offset and batch.base_offset < end:
            got.append(batch)
        nxt = max(nxt, batch.next_offset)
    return got, min(nxt, end)


def _records_in(batches: list[Any], offset: int, end: int) -> Iterator[Any]:
    """The batches' records from ``offset`` up to ``end``, each read when it is wanted: a
    batch wholly inside is read by the record reader alone."""
    for batch in batches:
        if offset <= batch.base_offset and batch.next_offset <= end:
            yield from batch
        else:
            yield from (r for r in batch if offset <= r.offset < end)


@asynccontextmanager
async def kafka_reader(
    bootstrap_servers: str, client_id: str, topics: Sequence[str]
) -> AsyncIterator[Fetcher]:
    """A fetcher of ``topics``' partitions, its client connected and their leaders known."""
    client = AIOKafkaClient(bootstrap_servers=bootstrap_servers, client_id=client_id)
    await client.bootstrap()
    try:
        await client.set_topics(list(topics))
        yield Fetcher(client)
    finally:
        await client.close()


async def read_into(
    fetcher: Fetcher, share: Share, reader: Reader, advanced: Callable[[int], None]
) -> None:
    """Reads the share's partitions into ``reader``, one after another, a response at a
    time; ``advanced`` is told how many offsets each took it on."""
    nexts = reader.outcome.next_offsets
    nexts.update(share.begin)
    for partition, begin in share.begin.items():
        if share.end[partition] <= begin:
            continue
        responses = fetcher.records(partition, begin, share.end[partition])
        async with aclosing(responses):  # (its fetch in flight cancelled, whatever happens)
            async for nxt, records in responses:
                await asyncio.to_thread(reader.take, partition, records)
                advanced(nxt - nexts[partition])
                nexts[partition] = nxt
