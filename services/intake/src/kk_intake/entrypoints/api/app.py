"""Intake's HTTP API: ``uvicorn kk_intake.entrypoints.api.app:create_app --factory``."""

from __future__ import annotations

from fastapi import FastAPI
from prometheus_client import REGISTRY
from servicekit.api import create_service_app
from servicekit.metrics import QueryGauge

from kk_intake.application.glass import GlassNotNeededError
from kk_intake.bootstrap import bootstrap
from kk_intake.config import Settings
from kk_intake.domain.exceptions import (
    AlreadyRegisteredError,
    BeneficiaryErasedError,
    BeneficiaryNotFoundError,
    ConsentError,
    DuplicateReviewError,
    InvalidPersonDetailsError,
    InvalidRequestError,
    NotYourCentreError,
    ProxyError,
    RequestNotFoundError,
    TransitionNotAllowedError,
    UnknownCentreError,
)
from kk_intake.entrypoints.api.routes import (
    beneficiaries,
    centres,
    reads,
    requests,
    search,
    situation,
)


def create_app(settings: Settings | None = None) -> FastAPI:
    service = bootstrap(settings)
    app = create_service_app(
        service,
        title="Υποδοχή Κέντρων Κοινότητας / Community Centres intake",
        description="Beneficiaries' individual files, consent and requests.",
        routers=[
            search.router,
            beneficiaries.router,
            situation.router,
            reads.router,
            requests.router,
            centres.router,
        ],
        domain_errors={
            InvalidPersonDetailsError: (422, "invalid_person_details"),
            UnknownCentreError: (422, "unknown_centre"),
            GlassNotNeededError: (409, "glass_not_needed"),
            NotYourCentreError: (403, "not_your_centre"),
            BeneficiaryNotFoundError: (404, "not_found"),
            BeneficiaryErasedError: (410, "erased"),
            InvalidRequestError: (422, "invalid_request"),
            AlreadyRegisteredError: (409, "already_registered"),
            ConsentError: (409, "consent"),
            TransitionNotAllowedError: (409, "transition_not_allowed"),
            RequestNotFoundError: (404, "not_found"),
            ProxyError: (409, "proxy"),
            DuplicateReviewError: (409, "not_flagged"),
        },
    )
    REGISTRY.register(
        QueryGauge(
            service.pool,
            "kk_intake_requests_overdue",
            "Requests past their 10-working-day due date with no answer to the beneficiary",
            ["centre_id"],
            "SELECT centre_id, count(*) AS n FROM request_index "
            "WHERE overdue AND NOT answered GROUP BY centre_id",
        )
    )
    REGISTRY.register(
        QueryGauge(
            service.pool,
            "kk_intake_duplicate_reviews_open",
            "Files flagged as likely duplicates (same names and birth date) awaiting review",
            ["centre_id"],
            "SELECT centre_id, count(*) AS n FROM duplicate_reviews "
            "WHERE outcome IS NULL GROUP BY centre_id",
        )
    )
    return app
