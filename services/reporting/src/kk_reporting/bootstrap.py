"""Reporting's composition root: the only place adapters are chosen."""

from __future__ import annotations

from pathlib import Path

from psycopg.types.json import set_json_loads
from pydantic_core import from_json
from servicekit import migrations
from servicekit.compose import ComposedService, open_service_database

from kk_reporting.config import Settings
from kk_reporting.monthly import MonthlyFacts
from kk_reporting.projections import ActivityProjection
from kk_reporting.rebuild.jobs import rebuild_jobs

SERVICE = "reporting"
ReportingService = ComposedService[None, Settings]
MIGRATIONS = [migrations.TRACKING, migrations.IDEMPOTENCY, Path(__file__).parent / "migrations"]


def read_models() -> list[ActivityProjection | MonthlyFacts]:
    """Reporting's read models, fed by tracked consumers and rebuilt together."""
    return [ActivityProjection(), MonthlyFacts()]


def bootstrap(settings: Settings | None = None) -> ReportingService:
    settings = settings or Settings()
    # An overview reads its places' summaries (JSON) by the hundred: parsed by pydantic's
    # parser, in Rust, in half the time of the standard library's.
    set_json_loads(from_json)
    pool, _ = open_service_database(settings, MIGRATIONS)
    return ComposedService(
        SERVICE, settings, pool, None, None, read_models(), jobs=[rebuild_jobs(settings, pool)]
    )
