"""The stream processor: the platform's topics in, each region's stream out, exactly once.

Each batch is one Kafka transaction holding the regions' records, the dead letters, the
state's changelog records and the consumed offsets (``send_offsets_to_transaction``); the
readers of the regions' streams and of the changelog read committed records only. Killed at
any point, a new instance fences the old one's transactional id, which aborts whatever it
had open, restores the state it had committed and carries on from the offsets committed
with it: no record lost, none repeated.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from confluent_kafka import Consumer, KafkaError, KafkaException, Message, Producer, TopicPartition
from confluent_kafka.admin import AdminClient
from kk_contracts import Envelope, IntegrationEvent, Topic
from kk_contracts.observatory import (
    KEY_VERSION_HEADER,
    OBSERVATORY_SOURCE,
    Entity,
    observatory_topic,
)

from kk_observatory.adapters import changelog, metrics
from kk_observatory.adapters.topics import DEAD_LETTERS, INPUTS, ensure, wanted
from kk_observatory.application import Observatory
from kk_observatory.domain.counts import records as monthly_records
from kk_observatory.domain.pseudonyms import Pseudonymiser
from kk_observatory.domain.routing import Routed
from kk_observatory.domain.state import State

log = logging.getLogger(__name__)
_SPECVERSION = ("ce_specversion", b"1.0")
_SOURCE = ("ce_source", OBSERVATORY_SOURCE.encode())
_SCHEMAVERSION = ("ce_schemaversion", b"1")
_CONTENT_TYPE = ("content-type", b"application/json")
LAG_EVERY = 5.0  # seconds between two looks at the partitions' ends


class Processor:
    """One instance of the processor; ``run`` until ``stop`` is set, or raises on a Kafka
    error (the caller starts a new instance, which restores from what was committed)."""

    def __init__(
        self,
        client: dict[str, Any],
        pseudonyms: Pseudonymiser,
        *,
        group_id: str,
        transactional_id: str,
        batch_events: int,
        batch_seconds: float,
        publish_at_least: int = 20,
    ) -> None:
        self.client = client
        self.pseudonyms = pseudonyms
        self.group_id = group_id
        self.transactional_id = transactional_id
        self.batch_events = batch_events
        self.batch_seconds = batch_seconds
        self.publish_at_least = publish_at_least
        self.state = State()
        self.app = Observatory(pseudonyms, self.state, self._read_centres)
        self._version = str(pseudonyms.version).encode()
        self._topics: dict[tuple[str, Entity], str] = {}
        self._lag_at = 0.0
        self.beat: float | None = None  # when the loop last turned; None before it starts

    def run(self, stop: threading.Event) -> None:
        producer = Producer(
            {
                **self.client,
                "transactional.id": self.transactional_id,
                "enable.idempotence": True,
                "linger.ms": 5,
                "transaction.timeout.ms": 60_000,
            }
        )
        ensure(AdminClient(self.client), wanted(self.group_id))
        producer.init_transactions(30)  # fences an older instance, aborting what it left open
        changelog.restore(self.client, self.state, self.group_id)
        self._read_centres()
        consumer = Consumer(
            {
                **self.client,
                "group.id": self.group_id,
                "enable.auto.commit": False,
                "auto.offset.reset": "earliest",
                "isolation.level": "read_committed",
            }
        )
        consumer.subscribe([str(t) for t in INPUTS])
        log.info("routing the platform's topics to the regions' streams")
        try:
            while not stop.is_set():
                self.beat = time.monotonic()
                batch = consumer.consume(self.batch_events, self.batch_seconds)
                if batch:
                    self._transaction(producer, consumer, batch)
                self._report_lag(consumer)
        finally:
            consumer.close()
            producer.flush(10)

    def _transaction(
        self, producer: Producer, consumer: Consumer, batch: Sequence[Message]
    ) -> None:
        producer.begin_transaction()
        self.app.new_batch()
        try:
            positions: dict[tuple[str, int], int] = {}
            routed: Counter[tuple[str, Entity]] = Counter()
            times: dict[str, tuple[datetime, datetime]] = {}  # per region: oldest, newest
            for message in batch:
                error = message.error()
                if error is not None:
                    if error.code() == KafkaError._PARTITION_EOF:
                        continue
                    raise KafkaException(error)
                positions[_place(message)] = _offset(message) + 1
                self._take(producer, message, routed, times)
            self._monthly(producer)
            changelog.write(producer, self.state, self.group_id)
            offsets = [TopicPartition(t, p, o) for (t, p), o in positions.items()]
            producer.send_offsets_to_transaction(offsets, consumer.consumer_group_metadata())
            producer.commit_transaction()
        except BaseException:
            self.state.abort()
            raise  # the instance ends: its successor aborts the transaction and carries on
        self.state.commit()
        metrics.TRANSACTIONS.inc()
        for (region, entity), n in routed.items():
            metrics.RECORDS.labels(region, entity.value).inc(n)
        committed = datetime.now(UTC)
        for region, (oldest, newest) in times.items():
            metrics.FRESHNESS.labels(region).observe((committed - oldest).total_seconds())
            metrics.REGION_LAG.labels(region).set((committed - newest).total_seconds())

    def _take(
        self,
        producer: Producer,
        message: Message,
        routed: Counter[tuple[str, Entity]],
        times: dict[str, tuple[datetime, datetime]],
    ) -> None:
        taken = self.app.take(_headers(message), message.value())
        envelope = taken.envelope
        if taken.problem is not None or envelope is None:
            self._dead_letter(producer, message, taken.problem or "unreadable")
            return
        if taken.rule is not None:
            metrics.DROPPED.labels(taken.rule).inc()
        at = envelope.time
        for index, one in enumerate(taken.routed):
            self._send(producer, one, envelope, index)
            routed[(one.region, one.record.entity)] += 1
            seen = times.get(one.region)
            times[one.region] = (min(seen[0], at), max(seen[1], at)) if seen else (at, at)

    def _send(
        self, producer: Producer, one: Routed, envelope: Envelope[IntegrationEvent], index: int
    ) -> None:
        record = one.record
        key = record.key().encode()
        record_id = self.pseudonyms.record_id(one.region, envelope.id, index)
        headers: list[tuple[str, str | bytes | None]] = [
            _SPECVERSION,
            ("ce_id", record_id.encode()),
            _SOURCE,
            ("ce_type", record.record_type.encode()),
            ("ce_time", envelope.time.isoformat().encode()),
            ("ce_subject", key),
            _SCHEMAVERSION,
            _CONTENT_TYPE,
            (KEY_VERSION_HEADER, self._version),
        ]
        topic = self._topics.get((one.region, record.entity))
        if topic is None:
            topic = self._topics[(one.region, record.entity)] = observatory_topic(
                one.region, record.entity
            )
        value = record.__pydantic_serializer__.to_json(record)
        producer.produce(topic, key=key, value=value, headers=headers)

    def _monthly(self, producer: Producer) -> None:
        """The monthly rows due for publication (``State.publishable``), as they stand."""
        now = datetime.now(UTC)
        for row in self.state.publishable(now.strftime("%Y-%m"), self.publish_at_least):
            counts = self.state.counts.get(row) or {}
            for record in monthly_records(row, counts):
                key = record.key().encode()
                producer.produce(
                    observatory_topic(row[0], record.entity),
                    key=key,
                    value=record.__pydantic_serializer__.to_json(record),
                    headers=[
                        _SPECVERSION,
                        # the same count of a cell is the same fact: its id too
                        ("ce_id", f"{record.cell}|{record.count}".encode()),
                        _SOURCE,
                        ("ce_type", record.record_type.encode()),
                        ("ce_time", now.isoformat().encode()),
                        ("ce_subject", key),
                        _SCHEMAVERSION,
                        _CONTENT_TYPE,
                        (KEY_VERSION_HEADER, self._version),
                    ],
                )

    def _dead_letter(self, producer: Producer, message: Message, reason: str) -> None:
        log.warning(
            "dead-lettering %s[%s]@%s: %s",
            message.topic(),
            message.partition(),
            message.offset(),
            reason,
        )
        headers: list[tuple[str, str | bytes | None]] = [
            *_headers(message),
            ("dlq_reason", reason.encode()),
            ("dlq_topic", str(message.topic()).encode()),
            ("dlq_partition", str(message.partition()).encode()),
            ("dlq_offset", str(message.offset()).encode()),
            ("dlq_group", self.group_id.encode()),
        ]
        producer.produce(DEAD_LETTERS, key=message.key(), value=message.value(), headers=headers)
        metrics.DEAD_LETTERS.labels(str(message.topic())).inc()

    def _read_centres(self) -> None:
        """The registry's centres topic, from its beginning to its end, into the router."""
        consumer = Consumer(
            {
                **self.client,
                "group.id": f"{self.group_id}.centres",
                "enable.auto.commit": False,
                "isolation.level": "read_committed",
            }
        )
        try:
            topic = str(Topic.CENTRES)
            partitions = consumer.list_topics(topic, timeout=15).topics[topic].partitions
            ends = {
                p: consumer.get_watermark_offsets(TopicPartition(topic, p), 15)[1]
                for p in partitions
            }
            consumer.assign([TopicPartition(topic, p, 0) for p in partitions])
            pending = {p for p, end in ends.items() if end > 0}
            deadline = time.monotonic() + 60
            while pending and time.monotonic() < deadline:
                for message in consumer.consume(1000, 0.5):
                    if message.error() is None:
                        self.app.learn(_headers(message), message.value())
                for tp in consumer.position(consumer.assignment()):
                    if tp.offset >= ends[tp.partition]:
                        pending.discard(tp.partition)
        finally:
            consumer.close()

    def _report_lag(self, consumer: Consumer) -> None:
        now = time.monotonic()
        if now - self._lag_at < LAG_EVERY:
            return
        self._lag_at = now
        assignment = consumer.assignment()
        if not assignment:
            return
        for tp in consumer.position(assignment):
            _, high = consumer.get_watermark_offsets(tp, cached=True)
            if high >= 0 and tp.offset >= 0:
                metrics.LAG.labels(tp.topic, str(tp.partition)).set(max(high - tp.offset, 0))


def _headers(message: Message) -> list[tuple[str, bytes]]:
    """A record's headers as the platform's decoder reads them (confluent-kafka's typing
    allows None values; the platform's producers write none)."""
    headers: Any = message.headers() or []
    return headers  # type: ignore[no-any-return]


def _place(message: Message) -> tuple[str, int]:
    return str(message.topic()), int(message.partition() or 0)


def _offset(message: Message) -> int:
    return int(message.offset() or 0)
