"""TLS is a setting away: a broker whose client listener is SASL_SSL, with a CA this test
makes, and the platform's own Kafka clients (aiokafka's, as the relay and the consumers
use them, and confluent-kafka's, as the rebuild and the observatory processor do) working
over it from the environment's settings alone; a client that does not trust the CA is
refused."""

from __future__ import annotations

import asyncio
import os
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from confluent_kafka import Consumer, TopicPartition
from confluent_kafka.admin import AdminClient
from devstack import access
from devstack.kafka import BrokerTls, KafkaBroker, free_port
from devstack.tls import make_broker_tls
from servicekit.kafka import (
    KafkaSecurity,
    ensure_topics,
    idempotent_producer,
    kafka_reachable,
    librdkafka_config,
)

pytestmark = pytest.mark.integration


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    before = dict(os.environ)
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(before)


@pytest.fixture(scope="module")
def tls_broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[KafkaBroker, BrokerTls]]:
    folder = tmp_path_factory.mktemp("kafka-tls")
    tls = make_broker_tls(folder / "pki")
    broker = KafkaBroker(
        folder / "kafka",
        free_port(),
        free_port(),
        admin_password=secrets.token_urlsafe(16),
        controller_password=secrets.token_urlsafe(16),
        tls=tls,
    )
    broker.start()
    try:
        yield broker, tls
    finally:
        broker.stop()


def test_the_platforms_clients_work_over_tls(tls_broker: tuple[KafkaBroker, BrokerTls]) -> None:
    broker, tls = tls_broker
    admin = KafkaSecurity(
        "SASL_SSL", username="admin", password=broker.admin_password, ca_file=str(tls.ca_file)
    )
    topic = f"kk.tls.{uuid.uuid4().hex[:8]}"
    with environment(admin.env()):
        # the admin step, over TLS: a user for the reporting service
        password = secrets.token_urlsafe(16)
        passwords = {"reporting": password}
        config = librdkafka_config(broker.bootstrap_servers)
        access.provision(AdminClient(config), {}, passwords)

        async def produce() -> None:
            await ensure_topics(broker.bootstrap_servers, [topic], partitions=1)
            producer = idempotent_producer(broker.bootstrap_servers, client_id="tls-check")
            await producer.start()
            try:
                await producer.send_and_wait(topic, b"over TLS", key=b"k")
            finally:
                await producer.stop()

        asyncio.run(produce())
        assert asyncio.run(kafka_reachable(broker.bootstrap_servers))
        consumer = Consumer(
            librdkafka_config(broker.bootstrap_servers, **{"group.id": "tls-check"})
        )
        try:
            consumer.assign([TopicPartition(topic, 0, 0)])
            messages = [m for m in consumer.consume(10, 10) if m.error() is None]
        finally:
            consumer.close()
    assert [m.value() for m in messages] == [b"over TLS"]
    assert admin.protocol == "SASL_SSL"


def test_a_client_that_does_not_trust_the_ca_is_refused(
    tls_broker: tuple[KafkaBroker, BrokerTls], tmp_path: Path
) -> None:
    broker, _ = tls_broker
    stranger = make_broker_tls(tmp_path / "another-ca")  # a CA the broker's chain is not from
    untrusting = KafkaSecurity(
        "SASL_SSL",
        username="admin",
        password=broker.admin_password,
        ca_file=str(stranger.ca_file),
    )
    with environment(untrusting.env()):
        assert not asyncio.run(kafka_reachable(broker.bootstrap_servers, timeout=5))
    plaintext = KafkaSecurity("PLAINTEXT")
    with environment(plaintext.env()):
        assert not asyncio.run(kafka_reachable(broker.bootstrap_servers, timeout=5))
