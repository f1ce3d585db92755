"""Raw baselines: what PostgreSQL and Kafka do on this machine with nothing of ours between."""

from __future__ import annotations

import asyncio
import os
import time
import uuid

import psycopg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from servicekit.kafka import client_options, ensure_topics

PARTITIONS = 3  # as the platform's topics


def payloads(n: int, size: int = 420) -> list[bytes]:
    """Event-sized JSON-ish payloads (a published BeneficiaryRegistered is ~400 bytes)."""
    return [os.urandom(size // 2).hex().encode() for _ in range(n)]


def copy_rate(database_url: str, values: list[bytes]) -> float:
    """Rows/s that COPY writes into a table shaped like eventsourcing's stored events."""
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
            for value in values:
                copy.write_row((uuid.uuid4(), 1, "kk_intake.domain:Beneficiary.Registered", value))
        elapsed = time.perf_counter() - started
        conn.execute("DROP TABLE bench_copy_events")
    return len(values) / elapsed


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


async def _consume(bootstrap: str, topic: str, expected: int) -> float:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, **client_options()
    )
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in range(PARTITIONS)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        started, seen = time.perf_counter(), 0
        deadline = started + 300
        while seen < expected:
            if time.perf_counter() > deadline:
                raise RuntimeError(f"consumed {seen} of {expected} messages in 300 s")
            batch = await consumer.getmany(timeout_ms=500, max_records=5000)
            seen += sum(len(records) for records in batch.values())
        return seen / (time.perf_counter() - started)
    finally:
        await consumer.stop()


def kafka_rates(bootstrap: str, values: list[bytes]) -> tuple[float, float]:
    """Messages/s produced (idempotent, acks=all, as the relay does) and consumed back."""
    topic = f"bench.raw.{uuid.uuid4().hex[:8]}"
    asyncio.run(ensure_topics(bootstrap, [topic], partitions=PARTITIONS))
    produced = asyncio.run(_produce(bootstrap, topic, values))
    consumed = asyncio.run(_consume(bootstrap, topic, len(values)))
    return produced, consumed


def python_loop_seconds(n: int = 10_000_000) -> float:
    """How long this machine takes for a fixed loop of plain Python (one core): measured at
    the start and the end of a run, it tells how fast the machine was meanwhile, which
    varies with what else its host runs."""
    started = time.perf_counter()
    total = 0
    for i in range(n):
        total += i
    return time.perf_counter() - started
