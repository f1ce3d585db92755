"""Reporting's composition root: the only place adapters are chosen."""

from __future__ import annotations

from psycopg.types.json import set_json_loads
from pydantic_core import from_json
from servicekit.compose import ComposedService, open_service_database

from kk_reporting.adapters import MIGRATIONS, read_models
from kk_reporting.adapters.rebuild.jobs import rebuild_jobs
from kk_reporting.application import ReportingApplication
from kk_reporting.config import Settings

SERVICE = "reporting"


class ReportingService(ComposedService[None, Settings]):
    @property
    def application(self) -> ReportingApplication:
        """Reporting's use cases, on the service's pool."""
        return ReportingApplication(self.pool, self.settings.db_schema)


def bootstrap(settings: Settings | None = None) -> ReportingService:
    settings = settings or Settings()
    # An overview reads its places' summaries (JSON) by the hundred: parsed by pydantic's
    # parser, in Rust, in half the time of the standard library's.
    set_json_loads(from_json)
    pool, _ = open_service_database(settings, MIGRATIONS)
    return ReportingService(
        SERVICE, settings, pool, None, None, read_models(), jobs=[rebuild_jobs(settings, pool)]
    )
