"""Kafka clients configured the one way the platform uses them.

Every client of the platform, whichever library it is built on, takes its security settings
from the environment (``KafkaSecurity.from_env``): the broker authenticates each service as a
principal of its own (SASL/SCRAM) and authorises it by ACLs, over TLS where
``KAFKA_SECURITY_PROTOCOL=SASL_SSL``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.helpers import create_ssl_context
from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient
from confluent_kafka.cimpl import NewTopic

log = logging.getLogger(__name__)
REQUEST_TIMEOUT_MS = 15_000
KEPT = {"retention.ms": "-1"}
PROTOCOLS = ("PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL", "SSL")


@dataclass(frozen=True)
class KafkaSecurity:
    """How a client proves who it is to the brokers, and checks that they are theirs."""

    protocol: str = "PLAINTEXT"
    mechanism: str = "SCRAM-SHA-512"
    username: str | None = None
    password: str | None = None
    ca_file: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> KafkaSecurity:
        """``KAFKA_SECURITY_PROTOCOL`` (PLAINTEXT, SASL_PLAINTEXT, SASL_SSL or SSL),
        ``KAFKA_SASL_MECHANISM`` (SCRAM-SHA-512), ``KAFKA_USERNAME``, ``KAFKA_PASSWORD`` and
        ``KAFKA_SSL_CA_FILE`` (the CA that signed the brokers' certificates, PEM)."""
        env = os.environ if env is None else env
        protocol = env.get("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT").upper()
        if protocol not in PROTOCOLS:
            raise ValueError(f"KAFKA_SECURITY_PROTOCOL must be one of {', '.join(PROTOCOLS)}")
        security = cls(
            protocol,
            env.get("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"),
            env.get("KAFKA_USERNAME") or None,
            env.get("KAFKA_PASSWORD") or None,
            env.get("KAFKA_SSL_CA_FILE") or None,
        )
        if security.sasl and not (security.username and security.password):
            raise ValueError(f"{protocol} needs KAFKA_USERNAME and KAFKA_PASSWORD")
        return security

    @property
    def sasl(self) -> bool:
        return self.protocol.startswith("SASL")

    @property
    def tls(self) -> bool:
        return self.protocol.endswith("SSL")

    def env(self) -> dict[str, str]:
        """The same settings as environment variables, for a process started with them."""
        values = {"KAFKA_SECURITY_PROTOCOL": self.protocol, "KAFKA_SASL_MECHANISM": self.mechanism}
        for name, value in (
            ("KAFKA_USERNAME", self.username),
            ("KAFKA_PASSWORD", self.password),
            ("KAFKA_SSL_CA_FILE", self.ca_file),
        ):
            if value:
                values[name] = value
        return values

    def aiokafka(self) -> dict[str, Any]:
        """Keyword arguments of aiokafka's producers, consumers and admin clients."""
        options: dict[str, Any] = {"security_protocol": self.protocol}
        if self.sasl:
            options |= {
                "sasl_mechanism": self.mechanism,
                "sasl_plain_username": self.username,
                "sasl_plain_password": self.password,
            }
        if self.tls:
            options["ssl_context"] = create_ssl_context(cafile=self.ca_file)
        return options

    def librdkafka(self) -> dict[str, Any]:
        """Configuration of confluent-kafka's (librdkafka's) clients."""
        config: dict[str, Any] = {"security.protocol": self.protocol.lower()}
        if self.sasl:
            config |= {
                "sasl.mechanism": self.mechanism,
                "sasl.username": self.username,
                "sasl.password": self.password,
            }
        if self.tls and self.ca_file:
            config["ssl.ca.location"] = self.ca_file
        return config


def client_options() -> dict[str, Any]:
    """aiokafka's security keyword arguments, from this process' environment."""
    return KafkaSecurity.from_env().aiokafka()


def librdkafka_config(bootstrap_servers: str, **config: Any) -> dict[str, Any]:
    """A confluent-kafka client's configuration, its security from this process'
    environment."""
    return {
        "bootstrap.servers": bootstrap_servers,
        **KafkaSecurity.from_env().librdkafka(),
        **config,
    }


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
        **client_options(),
    )


@dataclass(frozen=True)
class TopicDurability:
    """How many brokers keep a copy of each topic the platform makes, and how many must
    have a write before it is acknowledged (producers ask ``acks=all``): one and one on a
    developer's single broker, three and two on a production cluster, so that one broker
    can be lost, or restarted, without losing or refusing a write."""

    replication: int = 1
    min_insync: int = 1

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> TopicDurability:
        """``KAFKA_TOPIC_REPLICATION`` and ``KAFKA_MIN_INSYNC_REPLICAS`` (default 1 each)."""
        env = os.environ if env is None else env
        try:
            durability = cls(
                int(env.get("KAFKA_TOPIC_REPLICATION", "1")),
                int(env.get("KAFKA_MIN_INSYNC_REPLICAS", "1")),
            )
        except ValueError:
            raise ValueError(
                "KAFKA_TOPIC_REPLICATION and KAFKA_MIN_INSYNC_REPLICAS must be whole numbers"
            ) from None
        if not 1 <= durability.min_insync <= durability.replication:
            raise ValueError(
                "KAFKA_MIN_INSYNC_REPLICAS must be at least 1 and at most KAFKA_TOPIC_REPLICATION"
            )
        return durability


async def ensure_topics(
    bootstrap_servers: str, topics: Iterable[str], *, partitions: int = 3
) -> None:
    """Makes whichever of ``topics`` are missing, kept forever (the read models are rebuilt
    from them), through ``create_missing_topics``."""
    specs = {t: {"partitions": partitions, "config": KEPT} for t in topics}
    admin = AdminClient(librdkafka_config(bootstrap_servers, **{"client.id": "kk-topics"}))
    made = await asyncio.to_thread(create_missing_topics, admin, specs)
    if made:
        log.info("created topics", extra={"topics": made})


async def kafka_reachable(bootstrap_servers: str, *, timeout: float = 3.0) -> bool:
    """True if the cluster answers a metadata request within ``timeout`` seconds."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap_servers,
        client_id="kk-health",
        request_timeout_ms=int(timeout * 1000),
        **client_options(),
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


def create_missing_topics(admin: Any, topics: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Makes whichever of ``topics`` (name -> ``partitions``, optional ``replication`` and
    ``config``) are missing, through confluent-kafka's AdminClient ``admin``; those that
    exist are left as they are. The names of those it made. Replication and
    ``min.insync.replicas`` are the environment's (``TopicDurability``) unless given."""
    durability = TopicDurability.from_env()
    existing = set(admin.list_topics(timeout=15).topics)
    new = [
        NewTopic(
            name,
            num_partitions=spec["partitions"],
            replication_factor=spec.get("replication", durability.replication),
            config={"min.insync.replicas": str(durability.min_insync), **spec.get("config", {})},
        )
        for name, spec in topics.items()
        if name not in existing
    ]
    if new:
        for future in admin.create_topics(new, request_timeout=30).values():
            try:
                future.result()
            except KafkaException as e:
                if e.args[0].name() != "TOPIC_ALREADY_EXISTS":
                    raise
    return [topic.topic for topic in new]
