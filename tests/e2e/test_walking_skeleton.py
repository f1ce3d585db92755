"""The mission's first path: a person registered, referred and enrolled, counted nationally."""

from __future__ import annotations

import pytest
from servicekit.auth import Role

from tests.e2e.conftest import Platform
from tests.support import eventually, person

pytestmark = pytest.mark.e2e
CENTRE, REGION = "KK-6101", "EL42"  # Kalymnos, South Aegean


def _counts(platform: Platform, path: str) -> dict[str, int]:
    response = platform.get("reporting", path)
    assert response.status_code == 200, response.text
    counts: dict[str, int] = response.json()["counts"]
    return counts


def test_registration_referral_and_enrolment_reach_every_level_of_the_counts(
    platform: Platform,
) -> None:
    # given the indicators as they stand
    platform.settle()
    paths = (
        "/indicators/national",
        f"/indicators/regions/{REGION}",
        f"/indicators/centres/{CENTRE}",
    )
    before = {path: _counts(platform, path) for path in paths}
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)

    # when a social worker opens a file, refers the person to ΔΥΠΑ and enrols them in ΕΕΕ
    registered = eventually(
        lambda: _created(platform.post("intake", "/beneficiaries", person(CENTRE), staff))
    )
    beneficiary_id = registered["beneficiary_id"]
    referral = {
        "beneficiary_id": beneficiary_id,
        "body_id": platform.ids["bodies"]["dypa"]["body_id"],
        "service": "employment_referral",
        "employment_type": "training",
        "urgency": "urgent",
        "note": "Ζητά πρόγραμμα κατάρτισης",
    }
    sent = eventually(lambda: _created(platform.post("referral", "/referrals", referral, staff)))
    enrolment = {
        "beneficiary_id": beneficiary_id,
        "start_date": "2026-12-01",
        "programme_id": platform.ids["programmes"]["eee"]["programme_id"],
    }
    enrolled = _created(platform.post("referral", "/enrolments", enrolment, staff))

    # then the referral and enrolment carry the centre and codes from the replicas
    assert sent["centre_id"] == CENTRE
    assert sent["body_category"] == "employment_service"
    assert enrolled is not None
    assert enrolled["programme_category"] == "income_support"
    # and the centre, its region and the nation each count one more of each
    grown = {"beneficiaries_registered", "referrals_sent", "programme_enrolments"}
    expected = {
        path: {k: v + (k in grown) for k, v in counts.items()} for path, counts in before.items()
    }
    eventually(lambda: all(_counts(platform, p) == expected[p] for p in paths))


def _created(response):  # type: ignore[no-untyped-def]
    """The body of a 201, or None while a replica has not caught up (422 unknown_…)."""
    if response.status_code == 201:
        return response.json()
    assert response.status_code == 422, response.text
    assert response.json()["error"].startswith("unknown_"), response.text
    return None
