"""The registry's HTTP API: ``uvicorn kk_registry.entrypoints.api.app:create_app --factory``."""

from __future__ import annotations

from fastapi import FastAPI
from prometheus_client import REGISTRY
from servicekit.api import create_service_app
from servicekit.metrics import QueryGauge

from kk_registry.bootstrap import bootstrap
from kk_registry.config import Settings
from kk_registry.domain import exceptions as errors
from kk_registry.entrypoints.api.routes import catalogue, centres, opendata, operations


def create_app(settings: Settings | None = None) -> FastAPI:
    service = bootstrap(settings)
    app = create_service_app(
        service,
        title="Μητρώα Κέντρων Κοινότητας / Community Centres registry",
        description="Centres, bodies (φορείς) and programmes of the national monitoring mechanism.",
        routers=[centres.router, operations.router, catalogue.router, opendata.router],
        domain_errors={
            errors.NotFoundError: (404, "not_found"),
            errors.UnknownMunicipalityError: (422, "unknown_municipality"),
            errors.NoCentreRequiredError: (422, "no_centre_required"),
            errors.MoreThanOneHeadError: (422, "more_than_one_head"),
            errors.InvalidOpeningHoursError: (422, "invalid_opening_hours"),
            errors.BodyWithoutContactError: (422, "body_without_contact"),
            errors.UnknownBodyError: (422, "unknown_body"),
            errors.AlreadyRegisteredError: (409, "already_registered"),
            errors.ConflictError: (409, "conflict"),
        },
    )
    REGISTRY.register(
        QueryGauge(
            service.pool,
            "kk_registry_centres",
            "Centres by status and staffing compliance (non_compliant: no head social worker)",
            ["status", "compliance"],
            "SELECT doc->>'status' AS status, doc->>'compliance' AS compliance, count(*) AS n "
            "FROM centre_view GROUP BY 1, 2",
        )
    )
    REGISTRY.register(
        QueryGauge(
            service.pool,
            "kk_registry_centre_info",
            "1 for each centre, with its region: joined on centre_id to place the per-centre "
            "metrics (group_left(region))",
            ["centre_id", "region"],
            "SELECT centre_id, region_code AS region, 1 AS n FROM centre_view",
        )
    )
    return app
