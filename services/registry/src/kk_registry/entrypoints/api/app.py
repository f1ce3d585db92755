"""The registry's HTTP API: ``uvicorn kk_registry.entrypoints.api.app:create_app --factory``."""

from __future__ import annotations

from fastapi import FastAPI
from servicekit.api import create_service_app

from kk_registry.bootstrap import bootstrap
from kk_registry.config import Settings
from kk_registry.domain.exceptions import (
    CentreAlreadyRegisteredError,
    NoCentreRequiredError,
    NotFoundError,
    UnknownMunicipalityError,
)
from kk_registry.entrypoints.api.routes import catalogue, centres


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        bootstrap(settings),
        title="Μητρώα Κέντρων Κοινότητας / Community Centres registry",
        description="Centres, bodies (φορείς) and programmes of the national monitoring mechanism.",
        routers=[centres.router, catalogue.router],
        domain_errors={
            NotFoundError: (404, "not_found"),
            UnknownMunicipalityError: (422, "unknown_municipality"),
            NoCentreRequiredError: (422, "no_centre_required"),
            CentreAlreadyRegisteredError: (409, "centre_already_registered"),
        },
    )
