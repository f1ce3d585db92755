"""Consent is recorded with the file, and its withdrawal is honoured by the other services."""

from __future__ import annotations

import pytest
from servicekit.auth import Role

from tests.e2e.conftest import Platform
from tests.support import eventually, person

pytestmark = pytest.mark.e2e
CENTRE = "KK-6101"


def test_withdrawing_consent_to_share_blocks_new_referrals(platform: Platform) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    registered = platform.post("intake", "/beneficiaries", person(CENTRE), staff).json()
    beneficiary_id = registered["beneficiary_id"]
    referral = {
        "beneficiary_id": beneficiary_id,
        "body_id": platform.ids["bodies"]["dypa"]["body_id"],
        "service": "employment_referral",
        "employment_type": "training",
    }
    eventually(lambda: platform.post("referral", "/referrals", referral, staff).status_code == 201)

    # when the person withdraws consent to share with other bodies
    withdrawn = platform.post(
        "intake",
        f"/beneficiaries/{beneficiary_id}/consent/withdrawal",
        {"purposes": ["referral_sharing"]},
        staff,
    )
    assert withdrawn.status_code == 200, withdrawn.text
    assert "referral_sharing" not in withdrawn.json()["purposes"]

    # then, once the referral service hears of it, new referrals are refused with the reason
    def refused() -> dict[str, str] | None:
        response = platform.post("referral", "/referrals", referral, staff)
        return response.json() if response.status_code == 409 else None

    assert eventually(refused)["error"] == "no_consent"
    # and recording the consent again lets referrals through again
    again = platform.post(
        "intake",
        f"/beneficiaries/{beneficiary_id}/consent",
        {"legal_basis": "consent", "purposes": ["referral_sharing"]},
        staff,
    )
    assert again.status_code == 200
    eventually(lambda: platform.post("referral", "/referrals", referral, staff).status_code == 201)


def test_consent_to_share_with_some_kinds_of_body_only_is_honoured(platform: Platform) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    consent = {
        "legal_basis": "consent",
        "purposes": ["case_management", "referral_sharing"],
        "sharing_with": ["welfare_benefits"],
    }
    registered = platform.post("intake", "/beneficiaries", person(CENTRE, consent=consent), staff)
    assert registered.status_code == 201, registered.text
    beneficiary_id = registered.json()["beneficiary_id"]
    welfare = {
        "beneficiary_id": beneficiary_id,
        "body_id": platform.ids["bodies"]["opeka"]["body_id"],
        "service": "application_support",
    }
    eventually(lambda: platform.post("referral", "/referrals", welfare, staff).status_code == 201)
    employment = {
        "beneficiary_id": beneficiary_id,
        "body_id": platform.ids["bodies"]["dypa"]["body_id"],
        "service": "employment_referral",
        "employment_type": "job_vacancy",
    }
    refused = platform.post("referral", "/referrals", employment, staff)
    assert refused.status_code == 409
    assert "employment_service" in refused.json()["message"]


def test_a_registration_without_consent_is_refused_naming_the_field(platform: Platform) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    details = person(CENTRE)
    del details["consent"]
    response = platform.post("intake", "/beneficiaries", details, staff)
    assert response.status_code == 422
    assert "consent" in [p["field"] for p in response.json()["problems"]]
