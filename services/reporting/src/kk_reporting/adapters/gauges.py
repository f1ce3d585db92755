"""Reporting's gauges, read from its read models at each scrape."""

from __future__ import annotations

from typing import Any

from psycopg_pool import ConnectionPool
from servicekit.metrics import QueryGauge

# When each operating centre was last heard of: the latest fact counted for it, or its
# registration if none yet, as the figures' silent centres (``figures.SILENT``) count it. A
# centre that is suspended or closed is expected to be silent, and is left out.
_LAST_ACTIVITY = """SELECT d.centre_id, d.region_code AS region,
       extract(epoch FROM COALESCE(s.last_event_at, d.registered_at))::float8 AS n
FROM centre_dim d LEFT JOIN centre_seen s USING (centre_id)
WHERE d.status = 'operating' AND COALESCE(s.last_event_at, d.registered_at) IS NOT NULL"""


def centre_last_activity(pool: ConnectionPool[Any]) -> QueryGauge:
    return QueryGauge(
        pool,
        "kk_reporting_centre_last_activity_timestamp_seconds",
        "Unix time of the latest fact counted for each operating centre (its registration "
        "if none yet): KKCentreSilent",
        ["centre_id", "region"],
        _LAST_ACTIVITY,
    )
