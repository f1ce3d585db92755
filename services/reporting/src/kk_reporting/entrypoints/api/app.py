"""Reporting's HTTP API: ``uvicorn kk_reporting.entrypoints.api.app:create_app --factory``."""

from __future__ import annotations

from fastapi import FastAPI
from servicekit.api import create_service_app, database_check

from kk_reporting.bootstrap import SERVICE, bootstrap
from kk_reporting.config import Settings
from kk_reporting.entrypoints.api.routes import indicators


def create_app(settings: Settings | None = None) -> FastAPI:
    service = bootstrap(settings)
    app = create_service_app(
        service=SERVICE,
        title="Αναφορές Κέντρων Κοινότητας / Community Centres reporting",
        description="Indicators for centres, regions and the nation; no personal data.",
        settings=service.settings,
        routers=[indicators.router],
        domain_errors={},
        database_ok=database_check(service.pool),
        worker=service.worker,
        on_shutdown=service.close,
    )
    app.state.reporting = service
    return app
