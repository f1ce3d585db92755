"""The outbox relay on its own, on the real Kafka broker and PostgreSQL: a small event store
of the test's own, relayed in several batches; every translated event published once, keyed
by its aggregate, with the CloudEvents id its stored event gives it, and the position
recorded; an event with no published form passed over; and a relay that starts again from
an older position sending the same messages again, under the same ids, losing none.

(The events are ``ProgramClosed`` of programmes nobody has: the platform's consumers, if
the session's tests run them, find nothing to change.)"""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import date
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from devstack.stack import Stack
from eventsourcing.domain import Aggregate, event
from kk_contracts import IntegrationEvent, Topic
from kk_contracts.events.registry import ProgramClosed
from prometheus_client import REGISTRY
from psycopg_pool import ConnectionPool
from servicekit.eventstore import ServiceApplication, application_env
from servicekit.kafka import client_options, ensure_topics, partitions_of
from servicekit.outbox import OutboxRelay, OutboxSource, RelayPosition, event_id

pytestmark = pytest.mark.integration
TOPIC = Topic.PROGRAMMES.value
CLOSED = 20
BATCH = 7  # so that the relay reads and sends in several batches


class Programme(Aggregate):
    @event("Closed")
    def __init__(self, closed_on: date) -> None:
        self.closed_on = closed_on

    @event("Noted")
    def note(self, text: str) -> None:
        """Kept in the store only: it has no published form."""
        self.text = text


class Store(ServiceApplication):
    service_name = "kit"


def translate(domain_event: Any) -> IntegrationEvent | None:
    if isinstance(domain_event, Programme.Closed):
        return ProgramClosed(
            programme_id=domain_event.originator_id, closed_on=domain_event.closed_on
        )
    return None


async def _ends(bootstrap: str) -> dict[TopicPartition, int]:
    await ensure_topics(bootstrap, [TOPIC])
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, **client_options()
    )
    await consumer.start()
    try:
        partitions = [TopicPartition(TOPIC, p) for p in await partitions_of(consumer, TOPIC)]
        ends: dict[TopicPartition, int] = await consumer.end_offsets(partitions)
        return ends
    finally:
        await consumer.stop()


async def _read_since(bootstrap: str, since: dict[TopicPartition, int]) -> list[Any]:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, **client_options()
    )
    await consumer.start()
    try:
        consumer.assign(list(since))
        for partition, offset in since.items():
            consumer.seek(partition, offset)
        ends = await consumer.end_offsets(list(since))
        records: list[Any] = []
        deadline = time.monotonic() + 30
        while any([await consumer.position(p) < ends[p] for p in since]):
            assert time.monotonic() < deadline, "the topic was not read to its end"
            for batch in (await consumer.getmany(timeout_ms=200)).values():
                records += batch
        return records
    finally:
        await consumer.stop()


async def _relay_until_caught_up(relay: OutboxRelay, position: RelayPosition, last: int) -> None:
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run(stop))
    deadline = time.monotonic() + 60
    while await asyncio.to_thread(position.get) < last:
        assert time.monotonic() < deadline, "the relay did not catch up"
        assert not running.done(), "the relay stopped"
        await asyncio.sleep(0.05)
    stop.set()
    await running


def test_every_event_is_published_once_with_its_id_and_again_from_an_older_position(
    stack: Stack, pool: ConnectionPool[Any]
) -> None:
    with pool.connection() as conn:
        row = conn.execute("SELECT current_schema() AS schema").fetchone()
    assert row is not None
    store = Store(env=application_env(database_url=stack.database_url, schema=row["schema"]))
    programmes = []
    for day in range(1, CLOSED + 1):
        programme = Programme(closed_on=date(2026, 11, day))
        if day % 5 == 0:
            programme.note("kept in the store only")
        programmes.append(programme)
    store.save(*programmes)
    last = store.recorder.max_notification_id() or 0
    expected = {event_id(p.id, 1): p.id for p in programmes}

    position = RelayPosition(pool, "kit-outbox")
    relay = OutboxRelay(
        service="kit",
        source=OutboxSource(store.recorder, store.mapper, translate),
        position=position,
        bootstrap_servers=stack.bootstrap_servers,
        batch_size=BATCH,
    )

    async def scenario() -> tuple[list[Any], list[Any]]:
        before = await _ends(stack.bootstrap_servers)
        await _relay_until_caught_up(relay, position, last)
        first = await _read_since(stack.bootstrap_servers, before)
        # a relay that died before recording how far it had got starts from further back
        between = await _ends(stack.bootstrap_servers)
        await asyncio.to_thread(position.rewind, 0)
        await _relay_until_caught_up(relay, position, last)
        again = await _read_since(stack.bootstrap_servers, between)
        return first, again

    try:
        first, again = asyncio.run(scenario())
    finally:
        store.close()
    ours = {str(p.id).encode() for p in programmes}
    for sent in (first, again):
        mine = [m for m in sent if m.key in ours]
        ids = [uuid.UUID(dict(m.headers)["ce_id"].decode()) for m in mine]
        assert sorted(ids) == sorted(expected), "each closing once, under its stored event's id"
        assert all(m.key == str(expected[i]).encode() for m, i in zip(mine, ids, strict=True))
        types = {dict(m.headers)["ce_type"] for m in mine}
        assert types == {ProgramClosed.event_type.encode()}, "the notes are not published"
    assert position.get() == last
    # stopped, it leaves no lag behind to stand, stale, beside another replica's
    assert REGISTRY.get_sample_value("kk_relay_lag_events", {"service": "kit"}) is None
