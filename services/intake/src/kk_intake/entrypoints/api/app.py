"""Intake's HTTP API: ``uvicorn kk_intake.entrypoints.api.app:create_app --factory``."""

from __future__ import annotations

from fastapi import FastAPI
from prometheus_client import REGISTRY
from servicekit.api import create_service_app

from kk_intake.bootstrap import bootstrap
from kk_intake.config import Settings
from kk_intake.domain.exceptions import (
    AlreadyRegisteredError,
    BeneficiaryErasedError,
    BeneficiaryNotFoundError,
    ConsentError,
    InvalidPersonDetailsError,
    InvalidRequestError,
    NotYourCentreError,
    RequestNotFoundError,
    TransitionNotAllowedError,
    UnknownCentreError,
)
from kk_intake.entrypoints.api.routes import beneficiaries, requests
from kk_intake.metrics import RequestCollector


def create_app(settings: Settings | None = None) -> FastAPI:
    service = bootstrap(settings)
    app = create_service_app(
        service,
        title="Υποδοχή Κέντρων Κοινότητας / Community Centres intake",
        description="Beneficiaries' individual files, consent and requests.",
        routers=[beneficiaries.router, requests.router],
        domain_errors={
            InvalidPersonDetailsError: (422, "invalid_person_details"),
            UnknownCentreError: (422, "unknown_centre"),
            NotYourCentreError: (403, "not_your_centre"),
            BeneficiaryNotFoundError: (404, "not_found"),
            BeneficiaryErasedError: (410, "erased"),
            InvalidRequestError: (422, "invalid_request"),
            AlreadyRegisteredError: (409, "already_registered"),
            ConsentError: (409, "consent"),
            TransitionNotAllowedError: (409, "transition_not_allowed"),
            RequestNotFoundError: (404, "not_found"),
        },
    )
    REGISTRY.register(RequestCollector(service.pool))
    return app
