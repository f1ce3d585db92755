"""Intake's HTTP API: ``uvicorn kk_intake.entrypoints.api.app:create_app --factory``."""

from __future__ import annotations

from fastapi import FastAPI
from servicekit.api import create_service_app

from kk_intake.bootstrap import bootstrap
from kk_intake.config import Settings
from kk_intake.domain.exceptions import (
    BeneficiaryNotFoundError,
    InvalidPersonDetailsError,
    NotYourCentreError,
    UnknownCentreError,
)
from kk_intake.entrypoints.api.routes import beneficiaries


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        bootstrap(settings),
        title="Υποδοχή Κέντρων Κοινότητας / Community Centres intake",
        description="Beneficiaries' individual files, consent and requests.",
        routers=[beneficiaries.router],
        domain_errors={
            InvalidPersonDetailsError: (422, "invalid_person_details"),
            UnknownCentreError: (422, "unknown_centre"),
            NotYourCentreError: (403, "not_your_centre"),
            BeneficiaryNotFoundError: (404, "not_found"),
        },
    )
