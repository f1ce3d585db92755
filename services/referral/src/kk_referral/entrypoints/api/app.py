"""Referral's HTTP API: ``uvicorn kk_referral.entrypoints.api.app:create_app --factory``."""

from __future__ import annotations

from fastapi import FastAPI
from servicekit.api import create_service_app

from kk_referral.bootstrap import bootstrap
from kk_referral.config import Settings
from kk_referral.domain.exceptions import (
    BeneficiaryErasedError,
    BodyNotAcceptingReferralsError,
    InvalidReferralError,
    LinkGoneError,
    LinkInvalidError,
    NoConsentError,
    NotYourCentreError,
    ReferralNotFoundError,
    TransitionNotAllowedError,
    UnknownBeneficiaryError,
    UnknownBodyError,
    UnknownProgrammeError,
)
from kk_referral.entrypoints.api.routes import links, referrals


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        bootstrap(settings),
        title="Παραπομπές Κέντρων Κοινότητας / Community Centres referrals",
        description="Referrals to bodies and their outcomes; programme enrolments.",
        routers=[referrals.router, links.router],
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
        },
    )
