"""The tracked consumer on its own, on the real Kafka broker and PostgreSQL: a read model
fed from a topic of the test's own, each message applied once whatever is resent or
restarted, and a poison message parked and dead-lettered while the rest go on."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime
from typing import Any

import psycopg
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from devstack.stack import Stack
from kk_contracts import Envelope, IntegrationEvent, encode_message
from kk_contracts.events.intake import BeneficiaryRegistered
from prometheus_client import REGISTRY
from psycopg_pool import ConnectionPool
from servicekit.consumer import TrackedConsumer
from servicekit.kafka import client_options

pytestmark = pytest.mark.integration


class Registrations:
    """A read model that keeps a row per event applied: a repeat would show as a second."""

    def __init__(self, topic: str) -> None:
        self.group = f"kit.{topic}"
        self.topics = (topic,)
        self.dead_letter_topic = f"{topic}.dlq"
        self.table = "CREATE TABLE IF NOT EXISTS applied (beneficiary_id uuid NOT NULL);"

    def apply(self, cur: psycopg.Cursor[Any], envelope: Envelope[IntegrationEvent]) -> None:
        event = envelope.data
        assert isinstance(event, BeneficiaryRegistered)
        cur.execute("INSERT INTO applied VALUES (%s)", (event.beneficiary_id,))


def _registered(person: uuid.UUID) -> tuple[bytes, bytes, list[tuple[str, bytes]]]:
    message = encode_message(
        Envelope(
            id=uuid.uuid5(person, "registered"),  # a resend has the same id
            source="/tests",
            time=datetime.now(UTC),
            data=BeneficiaryRegistered(
                beneficiary_id=person,
                centre_id="KK-6101",
                municipality_code="6101",
                registered_on=date(2026, 11, 2),
                age_band="25-34",
                sex="female",
                mgi_recipient=False,
            ),
        )
    )
    return message.key, message.value, message.headers


async def _produce(bootstrap: str, topic: str, messages: list[Any]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", **client_options())
    await producer.start()
    try:
        for key, value, headers in messages:
            await producer.send_and_wait(topic, value, key=key, headers=headers)
    finally:
        await producer.stop()


async def _read(bootstrap: str, topic: str, *, wanted: int, timeout: float = 30.0) -> list[Any]:
    """The topic's messages from the beginning, once there are ``wanted`` of them."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        **client_options(),
    )
    await consumer.start()
    found: list[Any] = []
    try:
        for _ in range(int(timeout)):
            batches = await consumer.getmany(timeout_ms=1000)
            found += [record for records in batches.values() for record in records]
            if len(found) >= wanted:
                break
    finally:
        await consumer.stop()
    return found


def _applied(pool: ConnectionPool[Any]) -> list[uuid.UUID]:
    with pool.connection() as conn:
        return [r["beneficiary_id"] for r in conn.execute("SELECT * FROM applied").fetchall()]


async def _fed_with(
    stack: Stack, pool: ConnectionPool[Any], people: list[uuid.UUID]
) -> tuple[Registrations, TrackedConsumer]:
    """A read model of a topic of its own holding the registrations of ``people``, and a
    consumer for it."""
    model = Registrations(f"kk.test.consumer.{uuid.uuid4().hex[:8]}")
    with pool.connection() as conn:
        conn.execute(model.table.encode())
    await _produce(stack.bootstrap_servers, model.topics[0], [_registered(p) for p in people])
    consumer = TrackedConsumer(
        service="kit", projection=model, pool=pool, bootstrap_servers=stack.bootstrap_servers
    )
    return model, consumer


async def _consume_until(consumer: TrackedConsumer, done: Any, timeout: float = 30.0) -> None:
    stop = asyncio.Event()
    running = asyncio.create_task(consumer.run(stop))
    try:
        for _ in range(int(timeout * 10)):
            if await asyncio.to_thread(done):
                return
            await asyncio.sleep(0.1)
        raise AssertionError("the consumer did not get there in time")
    finally:
        stop.set()
        await running


async def test_each_message_is_applied_once_and_a_poison_one_is_dead_lettered(
    stack: Stack, pool: ConnectionPool[Any]
) -> None:
    topic = f"kk.test.consumer.{uuid.uuid4().hex[:8]}"
    model = Registrations(topic)
    with pool.connection() as conn:  # the consumer makes it too; the probes below read it first
        conn.execute(model.table.encode())
    people = [uuid.uuid4() for _ in range(3)]
    first, second, third = (_registered(p) for p in people)
    poison = (first[0], b"{not json", first[2])
    await _produce(stack.bootstrap_servers, topic, [first, poison, second])

    def consumer() -> TrackedConsumer:
        return TrackedConsumer(
            service="kit", projection=model, pool=pool, bootstrap_servers=stack.bootstrap_servers
        )

    await _consume_until(consumer(), lambda: len(_applied(pool)) == 2)
    assert sorted(_applied(pool)) == sorted(people[:2])
    letters = await _read(stack.bootstrap_servers, model.dead_letter_topic, wanted=1)
    reasons = [dict(r.headers)["dlq_reason"].decode() for r in letters]
    assert len(reasons) == 1
    assert "not JSON" in reasons[0]

    # a relay resending the first after a crash, then a new one; and a consumer restarted
    await _produce(stack.bootstrap_servers, topic, [first, third])
    await _consume_until(consumer(), lambda: len(_applied(pool)) >= 3)
    await asyncio.sleep(1.0)  # anything repeated would have landed by now
    assert sorted(_applied(pool)) == sorted(people), "each once: the resend skipped"


async def test_a_stopped_consumer_leaves_no_lag_of_its_own_behind(
    stack: Stack, pool: ConnectionPool[Any]
) -> None:
    """Its partitions go to another replica: the lag is that one's to report now."""
    model, consumer = await _fed_with(stack, pool, [uuid.uuid4()])

    def lags() -> list[float]:
        return [
            sample.value
            for metric in REGISTRY.collect()
            if metric.name == "kk_consumer_lag_messages"
            for sample in metric.samples
            if sample.labels["group"] == model.group
        ]

    await _consume_until(consumer, lambda: len(_applied(pool)) == 1 and set(lags()) == {0.0})
    assert lags() == []


async def test_what_a_database_crash_undid_is_read_again_while_running(
    stack: Stack, pool: ConnectionPool[Any]
) -> None:
    people = [uuid.uuid4() for _ in range(2)]
    model, consumer = await _fed_with(stack, pool, people)
    stop = asyncio.Event()
    running = asyncio.create_task(consumer.run(stop))
    try:
        for _ in range(300):
            if len(await asyncio.to_thread(_applied, pool)) == 2:
                break
            await asyncio.sleep(0.1)
        # as a crash loses the read model's last commits (they do not wait for the disk):
        # its rows, its inbox and its offsets back where they stood before them
        with pool.connection() as conn, conn.transaction():
            conn.execute("DELETE FROM applied")
            conn.execute("DELETE FROM consumer_inbox WHERE group_id = %s", (model.group,))
            conn.execute("DELETE FROM consumer_offsets WHERE group_id = %s", (model.group,))
            conn.execute(
                "INSERT INTO consumer_offsets (group_id, topic, partition, next_offset) "
                "SELECT %s, %s, p, 0 FROM generate_series(0, 2) AS p",
                (model.group, model.topics[0]),
            )
        for _ in range(300):  # no new message comes: the consumer finds it out by itself
            if len(await asyncio.to_thread(_applied, pool)) == 2:
                break
            await asyncio.sleep(0.1)
        assert sorted(await asyncio.to_thread(_applied, pool)) == sorted(people)
    finally:
        stop.set()
        await running
