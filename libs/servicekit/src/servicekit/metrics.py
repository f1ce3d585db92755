"""The platform's Prometheus metrics, defined once; every service exposes them on /metrics."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from prometheus_client import Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

if TYPE_CHECKING:
    from psycopg_pool import ConnectionPool

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
DEAD_LETTERS = Counter(
    "kk_consumer_dead_letters_total",
    "Messages sent to the dead-letter topic",
    ["service", "group", "topic"],
)


class QueryGauge(Collector):
    """A gauge read from a service's own tables at scrape time (one ``GROUP BY`` query whose
    columns are the labels, then ``n``): right after a restart, whichever process consumes."""

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
        with self.pool.connection() as conn:
            for row in conn.execute(self.sql.encode()).fetchall():
                gauge.add_metric([row[label] for label in self.labels], row["n"])
        yield gauge
