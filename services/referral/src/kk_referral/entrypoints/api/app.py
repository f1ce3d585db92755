"""Referral's HTTP API: ``uvicorn kk_referral.entrypoints.api.app:create_app --factory``."""

from __future__ import annotations

from fastapi import FastAPI
from prometheus_client import REGISTRY
from servicekit.api import create_service_app
from servicekit.metrics import QueryGauge

from kk_referral.bootstrap import bootstrap
from kk_referral.config import Settings
from kk_referral.domain.exceptions import (
    AlreadyDecidedError,
    AlreadyEnrolledError,
    ApplicationNotFoundError,
    BeneficiaryErasedError,
    BodyNotAcceptingReferralsError,
    EnrolmentNotFoundError,
    InvalidEnrolmentError,
    InvalidReferralError,
    LinkGoneError,
    LinkInvalidError,
    NoConsentError,
    NotYourCentreError,
    NotYourMunicipalityError,
    ReferralNotFoundError,
    TransitionNotAllowedError,
    UnknownBeneficiaryError,
    UnknownBodyError,
    UnknownProgrammeError,
)
from kk_referral.entrypoints.api.routes import enrolments, links, referrals


def create_app(settings: Settings | None = None) -> FastAPI:
    service = bootstrap(settings)
    app = create_service_app(
        service,
        title="Παραπομπές Κέντρων Κοινότητας / Community Centres referrals",
        description="Referrals to bodies and their outcomes; programme enrolments.",
        routers=[referrals.router, enrolments.router, links.router],
        domain_errors={
            UnknownBeneficiaryError: (422, "unknown_beneficiary"),
            UnknownBodyError: (422, "unknown_body"),
            BodyNotAcceptingReferralsError: (422, "body_not_accepting_referrals"),
            UnknownProgrammeError: (422, "unknown_programme"),
            NotYourCentreError: (403, "not_your_centre"),
            NoConsentError: (409, "no_consent"),
            InvalidReferralError: (422, "invalid_referral"),
            TransitionNotAllowedError: (409, "transition_not_allowed"),
            ReferralNotFoundError: (404, "not_found"),
            LinkInvalidError: (403, "invalid_link"),
            LinkGoneError: (410, "link_gone"),
            BeneficiaryErasedError: (410, "erased"),
            InvalidEnrolmentError: (422, "invalid_enrolment"),
            AlreadyEnrolledError: (409, "already_enrolled"),
            AlreadyDecidedError: (409, "already_decided"),
            ApplicationNotFoundError: (404, "not_found"),
            EnrolmentNotFoundError: (404, "not_found"),
            NotYourMunicipalityError: (403, "not_your_municipality"),
        },
    )
    REGISTRY.register(
        QueryGauge(
            service.pool,
            "kk_referral_referrals",
            "Referrals by the body's category and where they stand",
            ["body_category", "status"],
            "SELECT body_category, status, count(*) AS n FROM referral_index "
            "GROUP BY body_category, status",
        )
    )
    REGISTRY.register(
        QueryGauge(
            service.pool,
            "kk_referral_referrals_overdue",
            "Accepted referrals whose service is past its completion deadline",
            ["centre_id"],
            "SELECT centre_id, count(*) AS n FROM referral_index "
            "WHERE overdue AND status IN ('accepted', 'in_service') GROUP BY centre_id",
        )
    )
    return app
