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
    """What this transaction changed, as changelog records (``None``: a tombstone): the
    people on one topic; the counts, the rows pending publication, the events pending and
    the month of the last publication on the other, each under a key of its kind."""
    people_topic, counts_topic = state_topics(group)
    for beneficiary, person in state.people.staged.items():
        value = None if person is None else json.dumps(_person_row(person)).encode()
        producer.produce(people_topic, key=beneficiary.bytes, value=value)
    for row, counts in state.changed_rows().items():
        producer.produce(counts_topic, key=_key("counts", *row), value=json.dumps(counts).encode())
    for row, pending in state.pending.staged.items():
        producer.produce(counts_topic, key=_key("pending", *row), value=b"1" if pending else None)
    for (region, month), n in state.events.staged.items():
        value = str(n).encode() if n else None
        producer.produce(counts_topic, key=_key("events", region, month), value=value)
    for name, text in state.meta.staged.items():
        producer.produce(counts_topic, key=_key("meta", name), value=(text or "").encode())


def _key(kind: str, *parts: str) -> bytes:
    return "|".join((kind, *parts)).encode()


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
        deadline = time.monotonic() + timeout  # moved on by every record read
        people, counts = state.people.committed, state.counts.committed
        while pending:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the state topics stopped short of their end: {pending}")
            messages = consumer.consume(num_messages=10_000, timeout=0.5)
            if messages:
                deadline = time.monotonic() + timeout
            for message in messages:
                if message.error():
                    continue
                key, value = message.key() or b"", message.value()
                if message.topic() == people_topic:
                    beneficiary = UUID(bytes=key)
                    if value is None:
                        people.pop(beneficiary, None)
                    else:
                        people[beneficiary] = _person(json.loads(value))
                else:
                    _restore_row(state, key.decode().split("|"), value)
            for tp in consumer.position(consumer.assignment()):
                if tp.offset >= ends[(tp.topic, tp.partition)]:
                    pending.discard((tp.topic, tp.partition))
    finally:
        consumer.close()
    log.info("state restored: %d people, %d monthly rows", len(people), len(counts))


def _restore_row(state: State, key: list[str], value: bytes | None) -> None:
    """One record of the counts topic, by its kind; a tombstone drops what it names."""
    kind, *parts = key
    if kind == "counts" and value is not None:
        region, month, indicator = parts
        state.counts.committed[(region, month, indicator)] = json.loads(value)
    elif kind == "pending":
        row = (parts[0], parts[1], parts[2])
        if value is None:
            state.pending.committed.pop(row, None)
        else:
            state.pending.committed[row] = True
    elif kind == "events":
        place = (parts[0], parts[1])
        if value is None:
            state.events.committed.pop(place, None)
        else:
            state.events.committed[place] = int(value)
    elif kind == "meta" and value is not None:
        state.meta.committed[parts[0]] = value.decode()


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
        p.erased,
    ]


def _person(row: list[Any]) -> Person:
    centre, region, age_band, sex, municipality, mgi, groups, regions, *erased = row
    return Person(
        centre,
        region,
        age_band,
        sex,
        municipality,
        mgi,
        tuple(groups),
        tuple(regions),
        bool(erased and erased[0]),
    )
