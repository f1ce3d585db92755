"""Reading the topics for a rebuild through confluent-kafka: where each partition begins and
ends, and a partition's records from one offset to another, in runs of thousands.

librdkafka fetches, checks each batch's CRC and decompresses in threads of its own, outside
the interpreter's lock, while the records already fetched are applied; a rebuild reads with
``assign`` and ``consume(num_messages=…)``, committing nothing (where it got to is kept in
PostgreSQL by the swap, as the live consumers keep theirs)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

from confluent_kafka import Consumer, KafkaError, KafkaException, TopicPartition
from servicekit.kafka import librdkafka_config

from kk_reporting.adapters.rebuild.shares import Partition

RUN = 5_000  # records handed on at a time
TIMEOUT_S = 40.0  # the most a read waits for a record it knows is there
# What librdkafka fetches ahead of the reading, per partition (one is read at a time).
AHEAD_KB = 32 * 1024


@contextmanager
def kafka_reader(bootstrap_servers: str, client_id: str) -> Iterator[Consumer]:
    """A consumer that reads what it is assigned and commits nothing."""
    config = librdkafka_config(
        bootstrap_servers,
        **{
            "client.id": client_id,
            "group.id": client_id,  # never joined: partitions are assigned, not subscribed
            "enable.auto.commit": False,
            "enable.auto.offset.store": False,
            "enable.partition.eof": True,
            "queued.max.messages.kbytes": AHEAD_KB,
            "fetch.max.bytes": 16 * 1024 * 1024,
            "max.partition.fetch.bytes": 8 * 1024 * 1024,
        },
    )
    consumer = Consumer(config)
    try:
        yield consumer
    finally:
        consumer.close()


def bounds(
    consumer: Consumer, topics: Sequence[str]
) -> tuple[dict[Partition, int], dict[Partition, int]]:
    """Where each partition of ``topics`` begins and ends now."""
    begin: dict[Partition, int] = {}
    end: dict[Partition, int] = {}
    for topic in topics:
        metadata = consumer.list_topics(topic, timeout=TIMEOUT_S).topics[topic]
        if metadata.error is not None:
            raise KafkaException(metadata.error)
        for number in sorted(metadata.partitions):
            low, high = consumer.get_watermark_offsets(
                TopicPartition(topic, number), timeout=TIMEOUT_S
            )
            begin[(topic, number)], end[(topic, number)] = low, high
    return begin, end


def read_partitions(
    consumer: Consumer,
    begin: dict[Partition, int],
    end: dict[Partition, int],
    take: Callable[[Partition, list[Any]], None],
    seconds: dict[str, float] | None = None,
) -> dict[Partition, int]:
    """Hands ``take`` each partition's records from its ``begin`` up to (not including) its
    ``end``, a partition's in order, a run at a time, the partitions read together; where
    the next read of each would begin. ``seconds["fetching"]`` adds the time spent waiting
    for records."""
    at = dict(begin)
    left = {p for p in begin if end.get(p, 0) > begin[p]}
    if not left:
        return at
    consumer.assign([TopicPartition(t, n, begin[(t, n)]) for t, n in sorted(left)])
    waited_since = time.monotonic()
    try:
        while left:
            started = time.monotonic()
            messages: list[Any] = consumer.consume(num_messages=RUN, timeout=1.0)
            if seconds is not None:
                seconds["fetching"] = seconds.get("fetching", 0.0) + time.monotonic() - started
            runs: dict[Partition, list[Any]] = {}
            for message in messages:  # (millions: as little as can be done for each)
                if message.error() is not None:
                    _at_end_of_partition(message, at, end)
                    continue
                partition = (message.topic(), message.partition())
                run = runs.get(partition)
                if run is None:
                    run = runs[partition] = []
                run.append(message)
            for partition, run in runs.items():
                if partition not in left:
                    continue  # read to its end already: what came after is not this read's
                stop = end[partition]
                if cast(int, run[-1].offset()) >= stop:
                    run = [m for m in run if cast(int, m.offset()) < stop]
                if run:
                    take(partition, run)
                    at[partition] = cast(int, run[-1].offset()) + 1
            for partition in [p for p in left if at[p] >= end[p]]:
                at[partition] = end[partition]
                left.discard(partition)
                consumer.pause([TopicPartition(*partition)])
            if messages:
                waited_since = time.monotonic()
            elif time.monotonic() - waited_since > TIMEOUT_S:
                raise TimeoutError(f"nothing read for {TIMEOUT_S:.0f} s of {sorted(left)}")
    finally:
        consumer.unassign()
    return at


def _at_end_of_partition(message: Any, at: dict[Partition, int], end: dict[Partition, int]) -> None:
    """A partition read to the end of what it holds now: what lies between where it was
    read to and there is not there to read (a transaction's markers). Any other error is
    raised."""
    error = message.error()
    if error.code() != KafkaError._PARTITION_EOF:
        raise KafkaException(error)
    partition = (message.topic(), message.partition())
    if partition in at:
        at[partition] = max(at[partition], min(end[partition], cast(int, message.offset())))
