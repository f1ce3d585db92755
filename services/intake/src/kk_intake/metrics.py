"""Intake metrics computed from its request index at scrape time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from psycopg_pool import ConnectionPool


class RequestCollector(Collector):
    def __init__(self, pool: ConnectionPool[Any]) -> None:
        self.pool = pool

    def collect(self) -> Iterator[GaugeMetricFamily]:
        gauge = GaugeMetricFamily(
            "kk_intake_requests_overdue",
            "Requests past their 10-working-day due date with no answer to the beneficiary",
            labels=["centre_id"],
        )
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT centre_id, count(*) AS n FROM request_index "
                "WHERE overdue AND NOT answered GROUP BY centre_id"
            ).fetchall()
        for row in rows:
            gauge.add_metric([row["centre_id"]], row["n"])
        yield gauge
