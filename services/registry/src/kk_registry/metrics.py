"""Registry metrics computed from its view at scrape time, so they are right after a restart
and whichever process runs the consumer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from psycopg_pool import ConnectionPool


class CentreCollector(Collector):
    def __init__(self, pool: ConnectionPool[Any]) -> None:
        self.pool = pool

    def collect(self) -> Iterator[GaugeMetricFamily]:
        gauge = GaugeMetricFamily(
            "kk_registry_centres",
            "Centres by status and staffing compliance (non_compliant: no head social worker)",
            labels=["status", "compliance"],
        )
        with self.pool.connection() as conn:
            rows = conn.execute(
                "SELECT doc->>'status' AS status, doc->>'compliance' AS compliance, count(*) AS n "
                "FROM centre_view GROUP BY 1, 2"
            ).fetchall()
        for row in rows:
            gauge.add_metric([row["status"], row["compliance"]], row["n"])
        yield gauge
