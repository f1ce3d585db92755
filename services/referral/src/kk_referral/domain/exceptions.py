"""The referral service's errors; the API maps them to 4xx answers in one place."""

from __future__ import annotations


class ReferralError(Exception):
    """Base of the referral service's domain errors."""

    field: str | None = None


class UnknownBeneficiaryError(ReferralError):
    field = "beneficiary_id"


class UnknownBodyError(ReferralError):
    field = "body_id"


class BodyNotAcceptingReferralsError(ReferralError):
    field = "body_id"


class UnknownProgrammeError(ReferralError):
    field = "programme_id"


class NotYourCentreError(ReferralError):
    pass


class NoConsentError(ReferralError):
    """The person has not consented (or withdrew consent) to what the command needs (409)."""
