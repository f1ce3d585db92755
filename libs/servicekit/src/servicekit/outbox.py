"""The outbox relay: the event store's notification log, published to Kafka.

A request handler only ever writes to PostgreSQL. The relay tails the service's notification
log (eventsourcing commits notifications in id order, so there are no gaps to skip), turns
each domain event into its published contract event, sends the batch with an idempotent
producer and, only once Kafka has acknowledged every message, records its position.

Killed at any moment, it resumes from the last recorded position: a message may be sent
twice but never lost. Each message's CloudEvents id is derived from the stored event
(aggregate id and version), so consumers recognise a resent message and skip it.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kk_contracts import Envelope, IntegrationEvent, encode_message
from kk_contracts.envelope import KafkaMessage

from servicekit.eventstore import correlation_id_of
from servicekit.kafka import idempotent_producer
from servicekit.loops import sleep_unless
from servicekit.metrics import RELAY_ERRORS, RELAY_LAG, RELAY_PUBLISHED

if TYPE_CHECKING:
    from aiokafka import AIOKafkaProducer
    from eventsourcing.persistence import ApplicationRecorder, Mapper, Notification
    from psycopg_pool import ConnectionPool

log = logging.getLogger(__name__)
EVENT_ID_NAMESPACE = uuid.UUID("6f1c2a52-6a1d-4b7e-9a5e-2f4d0b8c9e11")
Translate = Callable[[Any], IntegrationEvent | None]

POSITION_DDL = """
CREATE TABLE IF NOT EXISTS outbox_relay_position (
    relay text PRIMARY KEY,
    notification_id bigint NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
"""


def event_id(originator_id: uuid.UUID, originator_version: int) -> uuid.UUID:
    """The published id of a stored event: the same every time it is (re)sent."""
    return uuid.uuid5(EVENT_ID_NAMESPACE, f"{originator_id}:{originator_version}")


class RelayPosition:
    """How far one relay has got in its service's notification log."""

    def __init__(self, pool: ConnectionPool[Any], relay: str) -> None:
        self.pool = pool
        self.relay = relay

    def setup(self) -> None:
        with self.pool.connection() as conn:
            conn.execute(POSITION_DDL)

    def get(self) -> int:
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT notification_id FROM outbox_relay_position WHERE relay = %s", (self.relay,)
            ).fetchone()
        return int(row["notification_id"]) if row else 0

    def set(self, notification_id: int) -> None:
        with self.pool.connection() as conn:
            conn.execute(
                """INSERT INTO outbox_relay_position (relay, notification_id) VALUES (%s, %s)
                   ON CONFLICT (relay) DO UPDATE
                   SET notification_id = EXCLUDED.notification_id, updated_at = now()""",
                (self.relay, notification_id),
            )


@dataclass(frozen=True)
class OutboxSource:
    """What a relay reads: a service's recorder, the mapper that decodes (and decrypts)
    its stored events, and the translation of domain events into published ones."""

    recorder: ApplicationRecorder
    mapper: Mapper[Any]
    translate: Translate


class OutboxRelay:
    def __init__(
        self,
        *,
        service: str,
        source: OutboxSource,
        position: RelayPosition,
        bootstrap_servers: str,
        batch_size: int = 1000,
        idle_seconds: float = 0.05,
    ) -> None:
        self.service = service
        self.source = source
        self.position = position
        self.bootstrap_servers = bootstrap_servers
        self.batch_size = batch_size
        self.idle_seconds = idle_seconds
        self.event_source = f"/kk/{service}"

    async def run(self, stop: asyncio.Event) -> None:
        await asyncio.to_thread(self.position.setup)
        backoff = 0.5
        while not stop.is_set():
            try:
                await self._run_connected(stop)
            except Exception:
                RELAY_ERRORS.labels(self.service).inc()
                log.exception("relay round failed; retrying in %.1fs", backoff)
                await self._report_lag(None)
                await sleep_unless(stop, backoff)
                backoff = min(backoff * 2, 10.0)
            else:
                backoff = 0.5

    async def _run_connected(self, stop: asyncio.Event) -> None:
        producer = idempotent_producer(self.bootstrap_servers, client_id=f"{self.service}-relay")
        await producer.start()
        try:
            position = await asyncio.to_thread(self.position.get)
            log.info("relay started", extra={"position": position})
            while not stop.is_set():
                published = await self._relay_once(producer, position)
                if published is None:
                    await self._report_lag(position)
                    await sleep_unless(stop, self.idle_seconds)
                else:
                    position = published
        finally:
            await producer.stop()

    async def _relay_once(self, producer: AIOKafkaProducer, position: int) -> int | None:
        """Publishes the next batch; returns the new position, or None if none was waiting."""
        notifications, messages = await asyncio.to_thread(self._read_batch, position)
        if not notifications:
            return None
        pending = [
            await producer.send(m.topic, m.value, key=m.key, headers=m.headers) for m in messages
        ]
        await asyncio.gather(*pending)
        new_position = notifications[-1].id
        await asyncio.to_thread(self.position.set, new_position)
        for m in messages:
            RELAY_PUBLISHED.labels(self.service, m.topic).inc()
        await self._report_lag(new_position)
        return new_position

    def _read_batch(self, position: int) -> tuple[list[Notification], list[KafkaMessage]]:
        notifications = list(
            self.source.recorder.select_notifications(
                start=position, limit=self.batch_size, inclusive_of_start=False
            )
        )
        messages = [m for n in notifications if (m := self._message_for(n)) is not None]
        return notifications, messages

    def _message_for(self, notification: Notification) -> KafkaMessage | None:
        domain_event = self.source.mapper.to_domain_event(notification)
        published = self.source.translate(domain_event)
        if published is None:
            return None
        envelope = Envelope(
            id=event_id(
                uuid.UUID(str(notification.originator_id)), notification.originator_version
            ),
            source=self.event_source,
            time=domain_event.timestamp,  # type: ignore[attr-defined]
            data=published,
            correlation_id=correlation_id_of(domain_event),
        )
        return encode_message(envelope)

    async def _report_lag(self, position: int | None) -> None:
        try:
            if position is None:
                position = await asyncio.to_thread(self.position.get)
            newest = await asyncio.to_thread(self.source.recorder.max_notification_id) or 0
            RELAY_LAG.labels(self.service).set(max(newest - position, 0))
        except Exception:  # lag is best effort: the database may be the thing that is down
            log.warning("could not measure relay lag", exc_info=True)
