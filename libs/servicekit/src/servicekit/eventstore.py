"""Glue between the services' eventsourcing Applications and the platform.

- ``CorrelatingMapper`` stores the correlation id of the request with each new event, so
  the relay can put it on the published message.
- ``ServiceApplication`` counts events appended, by type, for ``/metrics``.
- ``bulk_append`` writes many events at once with COPY (imports), in the caller's
  transaction.
- ``application_env`` turns settings into eventsourcing's PostgreSQL environment.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import (
    IntegrityError,
    JSONTranscoder,
    Mapper,
    OperationalError,
    StoredEvent,
    Transcoding,
)
from psycopg import sql

from servicekit import correlation
from servicekit.db import connection_parts
from servicekit.metrics import EVENTS_APPENDED

if TYPE_CHECKING:
    import psycopg
    from eventsourcing.application import ProcessingEvent
    from eventsourcing.domain import DomainEventProtocol
    from eventsourcing.persistence import Recording
    from eventsourcing.postgres import PostgresApplicationRecorder

CORRELATION_ATTRIBUTE = "correlation_id"


class CorrelatingMapper(Mapper[Any]):
    def to_stored_event(self, domain_event: DomainEventProtocol[Any]) -> StoredEvent:
        cid = correlation.current()
        if cid and CORRELATION_ATTRIBUTE not in vars(domain_event):
            # Domain events are frozen; the id is infrastructure, so it is attached here
            # rather than declared on every event class of the domain.
            object.__setattr__(domain_event, CORRELATION_ATTRIBUTE, cid)
        return super().to_stored_event(domain_event)


def correlation_id_of(domain_event: object) -> str | None:
    value = vars(domain_event).get(CORRELATION_ATTRIBUTE)
    return str(value) if value else None


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class ServiceApplication(Application[Any]):
    """Base of the services' Applications."""

    service_name = "service"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def _record(self, processing_event: ProcessingEvent[Any]) -> list[Recording[Any]]:
        """Records the events; a write whose outcome is unknown says so (503 to the caller).

        eventsourcing sends a write again when its connection drops. If the server had
        committed it before the drop, the second send finds its own rows and fails as a
        conflict, and "nothing of yours was saved" would be untrue. So when every event of
        the batch is found stored, the outcome is reported as unknown: a retry with the same
        Idempotency-Key finds what was stored."""
        try:
            return super()._record(processing_event)
        except IntegrityError:
            if self._all_stored(processing_event.events):
                raise OperationalError(
                    "the connection to PostgreSQL failed as the write was committed"
                ) from None
            raise

    def _all_stored(self, events: Sequence[DomainEventProtocol[Any]]) -> bool:
        return bool(events) and all(
            self.recorder.select_events(
                e.originator_id, gt=e.originator_version - 1, lte=e.originator_version
            )
            for e in events
        )

    def _notify(self, recordings: list[Recording[Any]]) -> None:
        super()._notify(recordings)
        for recording in recordings:
            EVENTS_APPENDED.labels(
                self.service_name, type(recording.domain_event).__qualname__
            ).inc()


COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack("!ii", 0, 0)
COPY_TRAILER = struct.pack("!h", -1)
_TUPLE = struct.Struct("!hi16si")  # 4 fields; uuid length and bytes; bigint length


def copy_rows(stored_events: Iterable[StoredEvent]) -> bytes:
    """Stored events in PostgreSQL's binary COPY format (without header and trailer), so
    that worker processes can encode them and the writer only passes bytes on."""
    parts = []
    for e in stored_events:
        topic = e.topic.encode()
        originator = e.originator_id if isinstance(e.originator_id, UUID) else UUID(e.originator_id)
        parts += [
            _TUPLE.pack(4, 16, originator.bytes, 8),
            struct.pack("!qi", e.originator_version, len(topic)),
            topic,
            struct.pack("!i", len(e.state)),
            e.state,
        ]
    return b"".join(parts)


def bulk_append(
    cur: psycopg.Cursor[Any],
    recorder: PostgresApplicationRecorder,
    chunks: Sequence[tuple[int, bytes]],
    *,
    lock_timeout_seconds: int = 30,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Appends many stored events, given as (count, ``copy_rows`` bytes) chunks, with one
    binary COPY inside the caller's transaction, which may write other things too (one
    import, all or nothing). It takes the same table lock as eventsourcing's own inserts,
    so notification ids follow commit order and the relay skips nothing; the lock is held
    until the caller commits. A version conflict (someone wrote the same aggregate
    meanwhile) fails the whole transaction."""
    table = sql.Identifier(recorder.datastore.schema, recorder.events_table_name)
    cur.execute(sql.SQL("SET LOCAL lock_timeout = '{}s'").format(lock_timeout_seconds))
    cur.execute(sql.SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(table))
    written = 0
    statement = sql.SQL(
        "COPY {} (originator_id, originator_version, topic, state) FROM STDIN (FORMAT BINARY)"
    ).format(table)
    with cur.copy(statement) as copy:
        copy.write(COPY_HEADER)
        for count, rows in chunks:
            copy.write(rows)
            written += count
            if progress:
                progress(written)
        copy.write(COPY_TRAILER)
    cur.execute(sql.SQL("NOTIFY {}").format(sql.Identifier(recorder.channel_name)))
    return written


def application_env(
    *, database_url: str, schema: str, cipher_key: str | None = None, pool_size: int = 5
) -> dict[str, str]:
    parts = connection_parts(database_url)
    env = {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": parts["dbname"],
        "POSTGRES_HOST": parts["host"],
        "POSTGRES_PORT": parts["port"],
        "POSTGRES_USER": parts["user"],
        "POSTGRES_PASSWORD": parts["password"],
        "POSTGRES_SCHEMA": schema,
        "POSTGRES_POOL_SIZE": str(pool_size),
        "POSTGRES_PRE_PING": "y",  # a connection the server dropped is replaced, not used
        "CREATE_TABLE": "y",
        "MAPPER_TOPIC": "servicekit.eventstore:CorrelatingMapper",
    }
    if cipher_key:
        env["CIPHER_TOPIC"] = "eventsourcing.cryptography:AESCipher"
        env["CIPHER_KEY"] = cipher_key
    return env
