"""Reporting's composition root: the only place adapters are chosen."""

from __future__ import annotations

from psycopg.types.json import set_json_loads
from pydantic_core import from_json
from servicekit.compose import ComposedService, open_service_database
from servicekit.db import run_ddl

from kk_reporting.config import Settings
from kk_reporting.monthly import MonthlyFacts
from kk_reporting.projections import ActivityProjection
from kk_reporting.rebuild import RUNS_DDL
from kk_reporting.rebuild.jobs import rebuild_jobs

SERVICE = "reporting"
ReportingService = ComposedService[None, Settings]


def read_models() -> list[ActivityProjection | MonthlyFacts]:
    """Reporting's read models, fed by tracked consumers and rebuilt together."""
    return [ActivityProjection(), MonthlyFacts()]


def bootstrap(settings: Settings | None = None) -> ReportingService:
    settings = settings or Settings()
    # An overview reads its places' summaries (JSON) by the hundred: parsed by pydantic's
    # parser, in Rust, in half the time of the standard library's.
    set_json_loads(from_json)
    pool, _ = open_service_database(settings)
    run_ddl(pool, RUNS_DDL)
    return ComposedService(
        SERVICE, settings, pool, None, None, read_models(), jobs=[rebuild_jobs(settings, pool)]
    )
