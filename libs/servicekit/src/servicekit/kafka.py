"""Kafka clients configured the one way the platform uses them."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

log = logging.getLogger(__name__)
REQUEST_TIMEOUT_MS = 15_000


def idempotent_producer(bootstrap_servers: str, *, client_id: str) -> AIOKafkaProducer:
    """Acks from all in-sync replicas, no duplicates from retries, order kept per key."""
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers,
        client_id=client_id,
        enable_idempotence=True,
        acks="all",
        linger_ms=5,
        max_batch_size=256 * 1024,
        request_timeout_ms=REQUEST_TIMEOUT_MS,
    )


async def ensure_topics(
    bootstrap_servers: str, topics: Iterable[str], *, partitions: int = 3, replication: int = 1
) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, client_id="kk-topics")
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [t for t in dict.fromkeys(topics) if t not in existing]
        if wanted:
            # Kept forever: the read models are rebuilt from them.
            new = [
                NewTopic(
                    t,
                    num_partitions=partitions,
                    replication_factor=replication,
                    topic_configs={"retention.ms": "-1"},
                )
                for t in wanted
            ]
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(new)
            log.info("created topics", extra={"topics": wanted})
    finally:
        await admin.close()


async def kafka_reachable(bootstrap_servers: str, *, timeout: float = 3.0) -> bool:
    """True if the cluster answers a metadata request within ``timeout`` seconds."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap_servers,
        client_id="kk-health",
        request_timeout_ms=int(timeout * 1000),
    )
    try:
        await asyncio.wait_for(admin.start(), timeout)
        await asyncio.wait_for(admin.list_topics(), timeout)
        return True
    except Exception:
        return False
    finally:
        with contextlib.suppress(Exception):
            await admin.close()


async def partitions_of(consumer: Any, topic: str, *, attempts: int = 50) -> list[int]:
    """The partitions of ``topic``, asking the broker until its metadata knows them (a
    consumer with nothing assigned yet knows only what its last metadata answer said)."""
    for _ in range(attempts):
        found = consumer.partitions_for_topic(topic)
        if found:
            return sorted(found)
        # With nothing assigned yet, the client's metadata covers every topic.
        await consumer._client.force_metadata_update()
        await asyncio.sleep(0.1)
    raise RuntimeError(f"topic {topic} has no partitions")
