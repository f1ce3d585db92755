"""Raw baselines: what PostgreSQL and Kafka do on this machine with nothing of ours between."""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterable

import psutil
import psycopg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from confluent_kafka import Consumer
from confluent_kafka import TopicPartition as ConfluentPartition
from devstack.stack import Stack
from servicekit.kafka import client_options, ensure_topics, librdkafka_config
from servicekit.progress import bar

PARTITIONS = 3  # as the platform's topics


def payloads(n: int, size: int = 420) -> list[bytes]:
    """Event-sized JSON-ish payloads (a published BeneficiaryRegistered is ~400 bytes)."""
    return [os.urandom(size // 2).hex().encode() for _ in range(n)]


def copy_rate(
    database_url: str,
    values: list[bytes],
    rows: int | None = None,
    advanced: Callable[[int], None] | None = None,
) -> float:
    """Rows/s that COPY writes into a table shaped like eventsourcing's stored events: a row
    for each of ``values``, or ``rows`` rows with the values written again in turn.
    ``advanced`` hears how many rows are written, every 100,000 and at the end."""
    written = rows if rows is not None else len(values)
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_copy_events")
        conn.execute(
            """CREATE TABLE bench_copy_events (
                 originator_id uuid NOT NULL, originator_version bigint NOT NULL,
                 topic text NOT NULL, state bytea, notification_id bigserial,
                 PRIMARY KEY (originator_id, originator_version))"""
        )
        started = time.perf_counter()
        with (
            conn.transaction(),
            conn.cursor() as cur,
            cur.copy(
                "COPY bench_copy_events (originator_id, originator_version, topic, state) "
                "FROM STDIN"
            ) as copy,
        ):
            for n, value in enumerate(itertools.islice(itertools.cycle(values), written), 1):
                copy.write_row((uuid.uuid4(), 1, "kk_intake.domain:Beneficiary.Registered", value))
                if advanced is not None and n % 100_000 == 0 and n < written:
                    advanced(n)
        elapsed = time.perf_counter() - started
        if advanced is not None:
            advanced(written)
        conn.execute("DROP TABLE bench_copy_events")
    return written / elapsed


async def _produce(bootstrap: str, topic: str, values: list[bytes]) -> float:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        enable_idempotence=True,
        acks="all",
        linger_ms=5,
        max_batch_size=256 * 1024,
        **client_options(),
    )
    await producer.start()
    try:
        started = time.perf_counter()
        pending = [await producer.send(topic, v, key=uuid.uuid4().bytes) for v in values]
        await asyncio.gather(*pending)
        return len(values) / (time.perf_counter() - started)
    finally:
        await producer.stop()


async def _consume(
    bootstrap: str, topics: list[str], advanced: Callable[[int, int], None] | None = None
) -> float:
    """Messages/s that aiokafka reads of ``topics``, from their beginnings to their ends."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, **client_options()
    )
    await consumer.start()
    try:
        metadata = Consumer(librdkafka_config(bootstrap, **{"group.id": "bench-raw"}))
        try:
            partitions = [TopicPartition(t, p) for t, p in log_ends(metadata, topics)]
        finally:
            metadata.close()
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends, firsts = (
            await consumer.end_offsets(partitions),
            await consumer.beginning_offsets(partitions),
        )
        expected = sum(ends[p] - firsts[p] for p in partitions)
        started, seen = time.perf_counter(), 0
        deadline = started + 300
        while seen < expected:
            if time.perf_counter() > deadline:
                raise RuntimeError(f"consumed {seen} of {expected} messages in 300 s")
            batch = await consumer.getmany(timeout_ms=500, max_records=5000)
            seen += sum(len(records) for records in batch.values())
            if advanced is not None:
                advanced(seen, expected)
        return seen / (time.perf_counter() - started)
    finally:
        await consumer.stop()


def log_ends(client: Consumer, topics: Iterable[str]) -> dict[tuple[str, int], int]:
    """Each partition of ``topics`` (from the cluster's metadata) and its end offset now."""
    return {
        (t, p): client.get_watermark_offsets(ConfluentPartition(t, p), 10)[1]
        for t in topics
        for p in sorted(client.list_topics(t, timeout=10).topics[t].partitions)
    }


def consume_rate(
    bootstrap: str, topics: list[str], advanced: Callable[[int, int], None] | None = None
) -> float:
    """Messages/s that aiokafka reads of ``topics``, every message from the first."""
    return asyncio.run(_consume(bootstrap, topics, advanced))


def kafka_rates(bootstrap: str, values: list[bytes]) -> tuple[float, float]:
    """Messages/s produced (idempotent, acks=all, as the relay does) and consumed back."""
    topic = f"bench.raw.{uuid.uuid4().hex[:8]}"
    asyncio.run(ensure_topics(bootstrap, [topic], partitions=PARTITIONS))
    produced = asyncio.run(_produce(bootstrap, topic, values))
    return produced, consume_rate(bootstrap, [topic])


def python_loop_seconds(n: int = 10_000_000) -> float:
    """How long this machine takes for a fixed loop of plain Python (one core): measured at
    the start and the end of a run, it tells how fast the machine was meanwhile, which
    varies with what else its host runs."""
    started = time.perf_counter()
    total = 0
    for i in range(n):
        total += i
    return time.perf_counter() - started


def settle(stack: Stack) -> float:
    """Waits until what the sections before wrote is on disk and the CPUs are idle, so that
    the rebuild is measured on a quiet platform, as the raw baselines are (not while
    PostgreSQL flushes the relay's, the import's and the end-to-end runs' writes); the
    seconds it took, which the report shows."""
    started = time.monotonic()
    with psycopg.connect(stack.database_url, autocommit=True) as conn:
        conn.execute("CHECKPOINT")
    os.sync()
    psutil.cpu_percent(None)
    while time.monotonic() - started < 30 and psutil.cpu_percent(interval=1.0) > 15:
        pass
    return time.monotonic() - started


def raw(stack: Stack, messages: int) -> dict[str, float]:
    """The raw baselines as a burst of ``messages`` rows and messages."""
    print("▸ raw baselines: COPY and aiokafka", file=sys.stderr)
    values = payloads(messages)
    produced, consumed = kafka_rates(stack.bootstrap_servers, values)
    return {
        "copy_rows_per_s": copy_rate(stack.database_url, values),
        "kafka_produce_per_s": produced,
        "kafka_consume_per_s": consumed,
    }


def copy_national(stack: Stack, generated: dict[str, object], messages: int) -> dict[str, object]:
    """The raw COPY again at the size of the national activity: as many rows as it has
    events, the faster of two runs. A burst of 30,000 rows fits in memory and meets no
    checkpoint, as no run over millions does."""
    events = generated["events"]
    assert isinstance(events, int)
    print("▸ raw COPY at the national activity's size", file=sys.stderr)
    values = payloads(messages)
    copies = []
    for run in (1, 2):
        settle(stack)
        label = f"  {events:,} rows, run {run} of 2"
        copies.append(
            copy_rate(
                stack.database_url, values, events, lambda n, label=label: bar(label, n, events)
            )
        )
    return {
        "national_rows": events,
        "copy_national_runs_rows_per_s": copies,
        "copy_national_rows_per_s": max(copies),
    }


def consume_national(stack: Stack, generated: dict[str, object]) -> dict[str, float]:
    """aiokafka reading the national activity's topics whole: the very records the
    observatories read. (After the rebuild: the records it held would count in the
    rebuild's memory, which is this process's too.)"""
    topics = generated["events_per_topic"]
    assert isinstance(topics, dict)
    print("▸ raw aiokafka consume of the national activity's topics", file=sys.stderr)
    consumed = consume_rate(
        stack.bootstrap_servers,
        sorted(topics),
        lambda seen, total: bar("  messages read", seen, total),
    )
    return {"kafka_consume_national_per_s": consumed}
