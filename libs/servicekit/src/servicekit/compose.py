"""The services' composition roots share this wiring, written once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from eventsourcing.application import Application

from servicekit.consumer import TrackedConsumer
from servicekit.db import RECONNECT_SECONDS, open_pool
from servicekit.eventstore import application_env
from servicekit.leases import one_at_a_time
from servicekit.loops import Loop, Worker
from servicekit.migrations import migrate
from servicekit.outbox import OutboxRelay, OutboxSource, RelayPosition, Translate

if TYPE_CHECKING:
    from pathlib import Path

    from psycopg_pool import ConnectionPool

    from servicekit.projections import Projection
    from servicekit.settings import ServiceSettings

A = TypeVar("A", bound=Application[Any] | None)
S = TypeVar("S", bound="ServiceSettings")


def open_service_database(
    settings: ServiceSettings, migrations: Sequence[Path], *, cipher_key: str | None = None
) -> tuple[ConnectionPool[Any], dict[str, str]]:
    """The service's schema, brought up to date by its ``migrations``, a pool on it, and
    the eventsourcing environment for it."""
    migrate(settings.database_url, settings.db_schema, migrations)
    pool = open_pool(settings.database_url, settings.db_schema)
    env = application_env(
        database_url=settings.database_url, schema=settings.db_schema, cipher_key=cipher_key
    )
    return pool, env


P = TypeVar("P")


@dataclass
class ComposedService(Generic[A, S]):
    """One service, wired: its settings, database pool, Application (if it keeps an event
    store), the translation its relay publishes with, and the read models it consumes into."""

    name: str
    settings: S
    pool: ConnectionPool[Any]
    app: A
    translate: Translate | None = None
    projections: Sequence[Projection] = field(default_factory=tuple)
    jobs: Sequence[Loop] = field(default_factory=tuple)  # the worker's other loops

    def __post_init__(self) -> None:
        for projection in self.projections:
            refresh = getattr(projection, "refresh_reference", None)
            if refresh is not None:
                with self.pool.connection() as conn, conn.cursor() as cur:
                    refresh(cur)
        datastore = getattr(getattr(self.app, "recorder", None), "datastore", None)
        if datastore is not None and hasattr(datastore, "pool"):
            # the event store's own pool: the same bound on its reconnection waits
            datastore.pool.reconnect_timeout = RECONNECT_SECONDS

    def projection(self, kind: type[P]) -> P:
        """The service's read model of this kind."""
        return next(p for p in self.projections if isinstance(p, kind))

    def outbox(self) -> tuple[OutboxSource, RelayPosition] | None:
        """What the service's relay reads, and its position; None if it publishes nothing."""
        if self.app is None or self.translate is None:
            return None
        source = OutboxSource(self.app.recorder, self.app.mapper, self.translate)
        return source, RelayPosition(self.pool, f"{self.name}-outbox")

    def worker(self) -> Worker:
        loops: list[Loop] = []
        if (outbox := self.outbox()) is not None:
            source, position = outbox
            relay = OutboxRelay(
                service=self.name,
                source=source,
                position=position,
                bootstrap_servers=self.settings.kafka_bootstrap_servers,
                batch_size=self.settings.relay_batch_size,
            )
            loops.append(self.one_at_a_time("relay", relay.run))
        for projection in self.projections:
            consumer = TrackedConsumer(
                service=self.name,
                projection=projection,
                pool=self.pool,
                bootstrap_servers=self.settings.kafka_bootstrap_servers,
            )
            loops.append(consumer.run)
        return Worker([*loops, *self.jobs])

    def one_at_a_time(self, job: str, loop: Loop) -> Loop:
        """``loop``, run by one replica of the service at a time (see ``servicekit.leases``)."""
        settings = self.settings
        return one_at_a_time(
            self.name, job, loop, database_url=settings.database_url, schema=settings.db_schema
        )

    def close(self) -> None:
        self.pool.close()
        if self.app is not None:
            self.app.close()
