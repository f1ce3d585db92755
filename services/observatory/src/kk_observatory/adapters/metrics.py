"""The processor's Prometheus metrics: per region, and per rule that drops an event."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

RECORDS = Counter(
    "kk_observatory_records_total",
    "Records written to a region's stream",
    ["region", "entity"],
)
DROPPED = Counter(
    "kk_observatory_dropped_total",
    "Events given to no observatory, by the rule of the minimisation policy that drops them",
    ["rule"],
)
DEAD_LETTERS = Counter(
    "kk_observatory_dead_letters_total",
    "Events that could not be read or routed, sent to the dead-letter topic",
    ["topic"],
)
LAG = Gauge(
    "kk_observatory_lag_messages",
    "Messages of a platform topic's partition not yet routed",
    ["topic", "partition"],
)
REGION_LAG = Gauge(
    "kk_observatory_region_lag_seconds",
    "How long ago the last event routed to a region's stream was published at the platform",
    ["region"],
)
FRESHNESS = Histogram(
    "kk_observatory_freshness_seconds",
    "From an event's publication at the platform to its record's commit on a region's stream",
    ["region"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 30.0, 300.0),
)
TRANSACTIONS = Counter(
    "kk_observatory_transactions_total", "Transactions committed by the processor"
)
