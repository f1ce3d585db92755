"""Kafka's own committed offsets of reporting's consumer groups (a courtesy for Kafka's tools:
PostgreSQL holds the offsets the consumers resume from, committed with each batch) follow
the stored ones within seconds, though they are sent at most once a second."""

from __future__ import annotations

import asyncio

import psycopg
import pytest
from aiokafka.admin import AIOKafkaAdminClient
from servicekit.auth import Role
from servicekit.kafka import client_options

from tests.e2e.conftest import Platform
from tests.support import eventually, person

pytestmark = pytest.mark.e2e
CENTRE = "KK-6101"
Offsets = dict[tuple[str, str, int], int]


def _stored(platform: Platform) -> Offsets:
    with psycopg.connect(platform.stack.database_url) as conn:
        rows = conn.execute(
            "SELECT group_id, topic, partition, next_offset FROM reporting.consumer_offsets"
        ).fetchall()
    return {(group, topic, partition): offset for group, topic, partition, offset in rows}


def _committed(bootstrap_servers: str, groups: set[str]) -> Offsets:
    async def read() -> Offsets:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, **client_options())
        await admin.start()
        try:
            found: Offsets = {}
            for group in groups:
                offsets = await admin.list_consumer_group_offsets(group)
                for tp, meta in offsets.items():
                    found[(group, tp.topic, tp.partition)] = meta.offset
            return found
        finally:
            await admin.close()

    return asyncio.run(read())


def test_kafka_sees_the_offsets_the_read_models_hold(platform: Platform) -> None:
    platform.settle()
    before = _stored(platform)
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    assert platform.post("intake", "/beneficiaries", person(CENTRE), staff).status_code == 201
    platform.settle()
    # the partitions the registration moved on, in every group that read it
    moved = {key: offset for key, offset in _stored(platform).items() if before.get(key) != offset}
    assert moved, "no read model of reporting stored the registration's offset"
    groups = {group for group, _, _ in moved}

    def caught_up() -> bool:
        committed = _committed(platform.stack.bootstrap_servers, groups)
        return all(committed.get(key) == offset for key, offset in moved.items())

    eventually(caught_up, timeout=15)
