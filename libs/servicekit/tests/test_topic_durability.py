"""Topics are made with the replication and ``min.insync.replicas`` the environment sets:
one and one on the session's single broker, which refuses a replication of two."""

from __future__ import annotations

from uuid import uuid4

import pytest
from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient, ConfigResource, ResourceType
from devstack.stack import Stack
from servicekit.kafka import TopicDurability, create_missing_topics, librdkafka_config

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, TopicDurability(1, 1)),
        ({"KAFKA_TOPIC_REPLICATION": "3", "KAFKA_MIN_INSYNC_REPLICAS": "2"}, TopicDurability(3, 2)),
    ],
)
def test_durability_is_read_from_the_environment(
    env: dict[str, str], expected: TopicDurability
) -> None:
    assert TopicDurability.from_env(env) == expected


@pytest.mark.parametrize(
    "env",
    [
        {"KAFKA_TOPIC_REPLICATION": "three"},
        {"KAFKA_TOPIC_REPLICATION": "1", "KAFKA_MIN_INSYNC_REPLICAS": "2"},
        {"KAFKA_MIN_INSYNC_REPLICAS": "0"},
    ],
)
def test_durability_that_cannot_hold_is_refused(env: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="KAFKA_"):
        TopicDurability.from_env(env)


def test_topics_are_made_with_the_settings_durability(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = AdminClient(librdkafka_config(stack.bootstrap_servers))
    topic = f"kk.test.durability-{uuid4().hex[:8]}"
    try:
        monkeypatch.setenv("KAFKA_TOPIC_REPLICATION", "1")
        monkeypatch.setenv("KAFKA_MIN_INSYNC_REPLICAS", "1")
        assert create_missing_topics(admin, {topic: {"partitions": 1}}) == [topic]
        described = admin.describe_configs([ConfigResource(ResourceType.TOPIC, topic)])
        configs = next(iter(described.values())).result()
        assert configs["min.insync.replicas"].value == "1"
        assert not configs["min.insync.replicas"].is_default  # set by us, not inherited

        # a replication the cluster cannot give is refused, not quietly lowered
        monkeypatch.setenv("KAFKA_TOPIC_REPLICATION", "2")
        with pytest.raises(KafkaException, match=r"(?i)replication"):
            create_missing_topics(admin, {f"{topic}-2": {"partitions": 1}})
    finally:
        admin.delete_topics([topic], request_timeout=30)
