"""Reporting's HTTP API: ``uvicorn kk_reporting.entrypoints.api.app:create_app --factory``."""

from __future__ import annotations

from fastapi import FastAPI
from prometheus_client import REGISTRY
from servicekit.api import create_service_app

from kk_reporting.adapters.gauges import centre_last_activity
from kk_reporting.bootstrap import bootstrap
from kk_reporting.config import Settings
from kk_reporting.entrypoints.api.routes import (
    dashboards,
    indicators,
    monthly,
    opendata,
    overview,
    rebuilds,
    reports,
)


def create_app(settings: Settings | None = None) -> FastAPI:
    service = bootstrap(settings)
    app = create_service_app(
        service,
        title="Αναφορές Κέντρων Κοινότητας / Community Centres reporting",
        description="Indicators for centres, regions and the nation; no personal data.",
        routers=[
            indicators.router,
            monthly.router,
            overview.router,
            opendata.router,
            rebuilds.router,
            dashboards.router,
            reports.router,
        ],
        domain_errors={},
    )
    REGISTRY.register(centre_last_activity(service.pool))
    return app
