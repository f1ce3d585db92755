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
import contextlib
import logging
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kk_contracts import Envelope, IntegrationEvent, encode_message
from kk_contracts.envelope import KafkaMessage
from psycopg import sql

from servicekit.db import derived_transaction
from servicekit.eventstore import correlation_id_of
from servicekit.kafka import REQUEST_TIMEOUT_MS, idempotent_producer
from servicekit.loops import sleep_unless
from servicekit.metrics import RELAY_ERRORS, RELAY_LAG, RELAY_PUBLISHED, QueryGauge
from servicekit.partitioning import partition_for

if TYPE_CHECKING:
    from aiokafka import AIOKafkaProducer
    from eventsourcing.persistence import ApplicationRecorder, Mapper, Notification
    from psycopg_pool import ConnectionPool

log = logging.getLogger(__name__)
EVENT_ID_NAMESPACE = uuid.UUID("6f1c2a52-6a1d-4b7e-9a5e-2f4d0b8c9e11")
Translate = Callable[[Any], IntegrationEvent | None]
DECODE_SLICE = 250
LAG_REPORT_SECONDS = 1.0
ACK_TIMEOUT_SECONDS = 2 * REQUEST_TIMEOUT_MS / 1000


def event_id(originator_id: uuid.UUID | str, originator_version: int) -> uuid.UUID:
    """The published id of a stored event: the same every time it is (re)sent."""
    return uuid.uuid5(EVENT_ID_NAMESPACE, f"{originator_id}:{originator_version}")


class RelayPosition:
    """How far one relay has got in its service's notification log."""

    def __init__(self, pool: ConnectionPool[Any], relay: str) -> None:
        self.pool = pool
        self.relay = relay

    def get(self) -> int:
        with self.pool.connection() as conn:
            row = conn.execute(
                "SELECT notification_id FROM outbox_relay_position WHERE relay = %s", (self.relay,)
            ).fetchone()
        return int(row["notification_id"]) if row else 0

    def set(self, notification_id: int) -> None:
        """Moves the position forward only: a relay that has lost its lease to another
        replica (``servicekit.leases``) and writes late cannot take the newer one back."""
        self._write(notification_id, "WHERE outbox_relay_position.notification_id < %s")

    def rewind(self, notification_id: int) -> None:
        """Sets the position wherever it stands: the relay publishes again from there."""
        self._write(notification_id, "")

    def _write(self, notification_id: int, condition: str) -> None:
        params = (self.relay, notification_id) + ((notification_id,) if condition else ())
        with self.pool.connection() as conn, derived_transaction(conn):
            conn.execute(
                """INSERT INTO outbox_relay_position (relay, notification_id) VALUES (%s, %s)
                   ON CONFLICT (relay) DO UPDATE
                   SET notification_id = EXCLUDED.notification_id, updated_at = now() """
                + condition,
                params,
            )


@dataclass(frozen=True)
class OutboxSource:
    """What a relay reads: a service's recorder, the mapper that decodes (and decrypts)
    its stored events, and the translation of domain events into published ones."""

    recorder: ApplicationRecorder
    mapper: Mapper[Any]
    translate: Translate


def outbox_backlog(service: str, source: OutboxSource, position: RelayPosition) -> QueryGauge:
    """``kk_outbox_unpublished_events``: the events the service stored that no relay has
    published yet, read from the database at scrape time by the API, which always runs. A
    relay's own lag goes with the relay; this tells of a relay that runs nowhere."""
    query = sql.SQL(
        "SELECT {service} AS service, greatest(coalesce(({newest}), 0) - coalesce(("
        "SELECT notification_id FROM outbox_relay_position WHERE relay = {relay}), 0), 0) AS n"
    ).format(
        service=sql.Literal(service),
        newest=source.recorder.max_notification_id_statement,  # type: ignore[attr-defined]
        relay=sql.Literal(position.relay),
    )
    return QueryGauge(
        position.pool,
        "kk_outbox_unpublished_events",
        "Events stored that no outbox relay has published yet (from the database)",
        ["service"],
        query.as_string(),
    )


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
        self._lag_reported_at = 0.0

    async def run(self, stop: asyncio.Event) -> None:
        backoff = 0.5
        try:
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
        finally:
            # Stopped (or its lease lost to another replica): its last lag would otherwise
            # stay on this process's /metrics, stale, beside the new holder's.
            with contextlib.suppress(KeyError):
                RELAY_LAG.remove(self.service)

    async def _run_connected(self, stop: asyncio.Event) -> None:
        producer = idempotent_producer(self.bootstrap_servers, client_id=f"{self.service}-relay")
        await producer.start()
        position = await asyncio.to_thread(self.position.get)
        log.info("relay started", extra={"position": position})
        # Pipelined: while Kafka acknowledges one batch, the next is fetched and decoded, and
        # the batch after that is already being fetched. The position is recorded only once
        # every message before it is acknowledged (in the background: if a crash loses the
        # write, the relay resends from an older position, and consumers skip what they have).
        self._fetches: dict[int, asyncio.Task[list[Notification]]] = {}
        saving: asyncio.Task[None] | None = None
        ahead = self._read_ahead(position)
        try:
            while not stop.is_set():
                notifications, messages = await ahead
                if not notifications:
                    await self._report_lag(position)
                    await sleep_unless(stop, self.idle_seconds)
                    ahead = self._read_ahead(position)
                    continue
                acks = await self._send(producer, messages)
                position = notifications[-1].id
                ahead = self._read_ahead(position)
                # Never wait on the broker without end: a batch whose acknowledgement never
                # comes (seen after a broker restart) fails the round, and the relay starts
                # again from the last recorded position with a fresh producer.
                await asyncio.wait_for(asyncio.gather(*acks), ACK_TIMEOUT_SECONDS)
                if saving is not None:
                    await saving  # positions are written in order
                saving = asyncio.create_task(asyncio.to_thread(self.position.set, position))
                for topic, count in Counter(m.topic for m in messages).items():
                    RELAY_PUBLISHED.labels(self.service, topic).inc(count)
                await self._report_lag(position)
        finally:
            pending = [ahead, *self._fetches.values()]
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            if saving is not None:
                await asyncio.gather(saving, return_exceptions=True)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(producer.stop(), ACK_TIMEOUT_SECONDS)

    async def _send(
        self, producer: AIOKafkaProducer, messages: list[KafkaMessage]
    ) -> list[asyncio.Future[Any]]:
        """Appends the messages to one record batch per partition, in order: far cheaper than
        a send per message. The producer numbers batches for idempotence whichever way they
        come, and the partition of a key is the one the default partitioner gives it."""
        acks: list[asyncio.Future[Any]] = []
        open_batches: dict[tuple[str, int], Any] = {}
        partitions: dict[str, list[int]] = {}
        for m in messages:
            if m.topic not in partitions:
                partitions[m.topic] = sorted(await producer.partitions_for(m.topic))
            target = (m.topic, partition_for(m.key, partitions[m.topic]))
            batch = open_batches.get(target) or producer.create_batch()
            if batch.append(key=m.key, value=m.value, timestamp=None, headers=m.headers) is None:
                acks.append(await producer.send_batch(batch, target[0], partition=target[1]))
                batch = producer.create_batch()
                batch.append(key=m.key, value=m.value, timestamp=None, headers=m.headers)
            open_batches[target] = batch
        for (topic, partition), batch in open_batches.items():
            acks.append(await producer.send_batch(batch, topic, partition=partition))
        return acks

    def _read_ahead(
        self, position: int
    ) -> asyncio.Task[tuple[list[Notification], list[KafkaMessage]]]:
        return asyncio.create_task(self._read_batch(position))

    def _fetch(self, position: int) -> asyncio.Task[list[Notification]]:
        """The stored events after ``position`` (and their keys, if the mapper seals any),
        fetched in a thread."""

        def io() -> list[Notification]:
            notifications = list(
                self.source.recorder.select_notifications(
                    start=position, limit=self.batch_size, inclusive_of_start=False
                )
            )
            prefetch = getattr(self.source.mapper, "prefetch", None)
            if prefetch is not None and notifications:
                prefetch(notifications)  # e.g. per-person keys: one query for the batch
            return notifications

        return asyncio.create_task(asyncio.to_thread(io))

    async def _read_batch(self, position: int) -> tuple[list[Notification], list[KafkaMessage]]:
        notifications = await (self._fetches.pop(position, None) or self._fetch(position))
        if notifications:
            last = notifications[-1].id
            self._fetches[last] = self._fetch(last)
        # Decoding is pure Python work: done on the event loop in slices, between which the
        # producer gets on with sending, rather than in a thread fighting it for the GIL.
        messages: list[KafkaMessage] = []
        for start in range(0, len(notifications), DECODE_SLICE):
            for notification in notifications[start : start + DECODE_SLICE]:
                message = self._message_for(notification)
                if message is not None:
                    messages.append(message)
            await asyncio.sleep(0)
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
        """Measures the lag at most once a second (it costs a query; the loop turns faster)."""
        if time.monotonic() - self._lag_reported_at < LAG_REPORT_SECONDS:
            return
        self._lag_reported_at = time.monotonic()
        try:
            if position is None:
                position = await asyncio.to_thread(self.position.get)
            newest = await asyncio.to_thread(self.source.recorder.max_notification_id) or 0
            RELAY_LAG.labels(self.service).set(max(newest - position, 0))
        except Exception:  # lag is best effort: the database may be the thing that is down
            log.warning("could not measure relay lag", exc_info=True)
