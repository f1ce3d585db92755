"""The platform's Prometheus metrics, defined once; every service exposes them on /metrics,
asking its dependencies first (``Readiness``: ``kk_dependency_up``)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any

import psycopg
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

if TYPE_CHECKING:
    from psycopg_pool import ConnectionPool

log = logging.getLogger(__name__)
HTTP_REQUEST_SECONDS = Histogram(
    "kk_http_request_duration_seconds",
    "HTTP requests by route template and status code",
    ["service", "method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
EVENTS_APPENDED = Counter(
    "kk_events_appended_total", "Domain events stored in the event store", ["service", "event_type"]
)
RELAY_LAG = Gauge("kk_relay_lag_events", "Stored events not yet acknowledged by Kafka", ["service"])
RELAY_PUBLISHED = Counter(
    "kk_relay_published_total", "Integration events acknowledged by Kafka", ["service", "topic"]
)
RELAY_ERRORS = Counter(
    "kk_relay_errors_total", "Relay rounds that failed and will be retried", ["service"]
)
CONSUMER_LAG = Gauge(
    "kk_consumer_lag_messages",
    "Messages on a partition not yet applied by a consumer group",
    ["service", "group", "topic", "partition"],
)
CONSUMER_APPLIED = Counter(
    "kk_consumer_applied_total", "Messages applied to read models", ["service", "group", "topic"]
)
CONSUMER_DUPLICATES = Counter(
    "kk_consumer_duplicates_total",
    "Messages skipped because their event id was applied before",
    ["service", "group"],
)
DEPENDENCY_UP = Gauge(
    "kk_dependency_up",
    "1 if the dependency answered the service's last readiness check, 0 if it did not "
    "(evaluated at every probe and every scrape)",
    ["service", "dependency"],
)
DEAD_LETTERS = Counter(
    "kk_consumer_dead_letters_total",
    "Messages sent to the dead-letter topic",
    ["service", "group", "topic"],
)


class QueryGauge(Collector):
    """A gauge read from a service's own tables at scrape time (one ``GROUP BY`` query whose
    columns are the labels, then ``n``): right after a restart, whichever process consumes.
    A database out of reach gives no samples rather than a failed scrape, so that the rest
    (``kk_dependency_up`` saying it is out of reach) still gets through."""

    def __init__(
        self, pool: ConnectionPool[Any], name: str, documentation: str, labels: list[str], sql: str
    ) -> None:
        self.pool = pool
        self.name = name
        self.documentation = documentation
        self.labels = labels
        self.sql = sql

    def collect(self) -> Iterator[GaugeMetricFamily]:
        gauge = GaugeMetricFamily(self.name, self.documentation, labels=self.labels)
        try:
            with self.pool.connection(timeout=2) as conn:
                rows = conn.execute(self.sql.encode()).fetchall()
        except psycopg.Error:  # PoolTimeout too: the pool waited for a connection in vain
            log.warning("%s: the database did not answer; no samples this scrape", self.name)
            rows = []
        for row in rows:
            gauge.add_metric([row[label] for label in self.labels], row["n"])
        yield gauge


class CachedCheck:
    """Asks a dependency at most every few seconds, so probes and scrapes cannot hammer it."""

    def __init__(self, ask: Callable[[], Awaitable[bool]], ttl: float = 5.0) -> None:
        self.ask = ask
        self.ttl = ttl
        self._checked_at = float("-inf")
        self._ok = False

    async def ok(self) -> bool:
        if time.monotonic() - self._checked_at > self.ttl:
            self._ok = await self.ask()
            self._checked_at = time.monotonic()
        return self._ok


class Readiness:
    """The dependencies a process needs, asked together: for ``/health/ready`` and at every
    scrape of ``/metrics``, each answer kept in ``kk_dependency_up`` so that Prometheus sees
    it fresh without a probe."""

    def __init__(self, service: str, dependencies: dict[str, Callable[[], Awaitable[bool]]]):
        self.service = service
        self.dependencies = dependencies

    async def check(self) -> dict[str, bool]:
        answers = await asyncio.gather(*(ok() for ok in self.dependencies.values()))
        checks = dict(zip(self.dependencies, answers, strict=True))
        for dependency, ok in checks.items():
            DEPENDENCY_UP.labels(self.service, dependency).set(1 if ok else 0)
        return checks


async def metrics_response(readiness: Readiness) -> Response:
    """``/metrics``: the dependencies asked first; the collectors run in a thread (some
    query the database, which must not stall the event loop)."""
    await readiness.check()
    return Response(await asyncio.to_thread(generate_latest), media_type=CONTENT_TYPE_LATEST)
