"""The processor's state as records of its own compacted topics, written in the same
transactions as the records it explains, and read back whole at start-up: what a crashed
instance had committed, and nothing it had not."""

from __future__ import annotations

import json
import logging
import time
from typing import Any
from uuid import UUID

from confluent_kafka import Consumer, Producer, TopicPartition

from kk_observatory.adapters.topics import state_topics
from kk_observatory.domain.state import Person, State

log = logging.getLogger(__name__)


def write(producer: Producer, state: State, group: str) -> None:
    """What this transaction changed, as changelog records (``None``: a tombstone)."""
    people_topic, counts_topic = state_topics(group)
    for beneficiary, person in state.people.staged.items():
        value = None if person is None else json.dumps(_person_row(person)).encode()
        producer.produce(people_topic, key=beneficiary.bytes, value=value)
    for row, counts in state.changed_rows().items():
        producer.produce(
            counts_topic, key="|".join(row).encode(), value=json.dumps(counts).encode()
        )


def restore(config: dict[str, Any], state: State, group: str, *, timeout: float = 60.0) -> None:
    """Reads both changelog topics of ``group`` from their beginning to their end into
    ``state``."""
    people_topic, counts_topic = state_topics(group)
    consumer = Consumer(
        {
            **config,
            "group.id": f"{group}.restore",
            "enable.auto.commit": False,
            "isolation.level": "read_committed",
        }
    )
    try:
        partitions = [
            TopicPartition(topic, p)
            for topic in (people_topic, counts_topic)
            for p in consumer.list_topics(topic, timeout=15).topics[topic].partitions
        ]
        ends = {
            (tp.topic, tp.partition): consumer.get_watermark_offsets(tp, timeout=15)[1]
            for tp in partitions
        }
        pending = {key for key, end in ends.items() if end > 0}
        consumer.assign([TopicPartition(tp.topic, tp.partition, 0) for tp in partitions])
        deadline = time.monotonic() + timeout
        people, counts = state.people.committed, state.counts.committed
        while pending:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the state topics were not read to their end: {pending}")
            for message in consumer.consume(num_messages=10_000, timeout=0.5):
                if message.error():
                    continue
                key, value = message.key() or b"", message.value()
                if message.topic() == people_topic:
                    beneficiary = UUID(bytes=key)
                    if value is None:
                        people.pop(beneficiary, None)
                    else:
                        people[beneficiary] = _person(json.loads(value))
                elif value is not None:
                    region, month, indicator = key.decode().split("|")
                    counts[(region, month, indicator)] = json.loads(value)
            for tp in consumer.position(consumer.assignment()):
                if tp.offset >= ends[(tp.topic, tp.partition)]:
                    pending.discard((tp.topic, tp.partition))
    finally:
        consumer.close()
    log.info("state restored: %d people, %d monthly rows", len(people), len(counts))


def _person_row(p: Person) -> list[Any]:
    return [
        p.centre,
        p.region,
        p.age_band,
        p.sex,
        p.municipality,
        p.mgi_recipient,
        list(p.groups),
        list(p.regions),
    ]


def _person(row: list[Any]) -> Person:
    centre, region, age_band, sex, municipality, mgi, groups, regions = row
    return Person(centre, region, age_band, sex, municipality, mgi, tuple(groups), tuple(regions))
