"""Reporting's HTTP API: ``uvicorn kk_reporting.entrypoints.api.app:create_app --factory``."""

from __future__ import annotations

from fastapi import FastAPI
from servicekit.api import create_service_app

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
    return create_service_app(
        bootstrap(settings),
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
