"""Glue between the services' eventsourcing Applications and the platform.

- ``CorrelatingMapper`` stores the correlation id of the request with each new event, so
  the relay can put it on the published message.
- ``ServiceApplication`` counts events appended, by type, for ``/metrics``.
- ``application_env`` turns settings into eventsourcing's PostgreSQL environment.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent, Transcoding

from servicekit import correlation
from servicekit.db import connection_parts
from servicekit.metrics import EVENTS_APPENDED

if TYPE_CHECKING:
    from eventsourcing.domain import DomainEventProtocol
    from eventsourcing.persistence import Recording

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

    def _notify(self, recordings: list[Recording[Any]]) -> None:
        super()._notify(recordings)
        for recording in recordings:
            EVENTS_APPENDED.labels(
                self.service_name, type(recording.domain_event).__qualname__
            ).inc()


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
        "CREATE_TABLE": "y",
        "MAPPER_TOPIC": "servicekit.eventstore:CorrelatingMapper",
    }
    if cipher_key:
        env["CIPHER_TOPIC"] = "eventsourcing.cryptography:AESCipher"
        env["CIPHER_KEY"] = cipher_key
    return env
