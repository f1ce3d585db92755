"""Bad input gets a clear 4xx naming the problem, and nothing is stored."""

from __future__ import annotations

import httpx
import pytest
from servicekit.auth import Role

from tests.e2e.conftest import Platform
from tests.support import person

pytestmark = pytest.mark.e2e
CENTRE = "KK-6101"


def _post_raw(platform: Platform, content: bytes, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(
        platform.urls["intake"] + "/beneficiaries",
        content=content,
        headers={**headers, "Content-Type": "application/json"},
        timeout=10,
    )


def test_malformed_json_is_422_saying_the_body_is_not_json(platform: Platform) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    response = _post_raw(platform, b'{"centre_id": "KK-6101", "amka": ', staff)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "validation_failed"
    assert "not valid JSON" in body["message"]
    assert body["message_el"]


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"amka": "12345"}, "amka"),
        ({"birth_date": "not-a-date"}, "birth_date"),
        ({"sex": "unknown"}, "sex"),
        ({"vulnerable_groups": ["astrology"]}, "vulnerable_groups.0"),
        ({"nickname": "Λένα"}, "nickname"),
        ({"municipality_code": "9999"}, "municipality_code"),
        ({"afm": "090000046"}, "afm"),
        ({"disability_percent": 50}, "disability_percent"),
        ({"household": [{"relation": "cousin", "given_name": "Α"}]}, "household.0.relation"),
        ({"contact": {"email": "not-an-address"}}, "contact.email"),
    ],
)
def test_schema_violations_are_422_naming_the_field(
    platform: Platform, override: dict[str, object], field: str
) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    response = platform.post("intake", "/beneficiaries", person(CENTRE, **override), staff)
    assert response.status_code == 422, response.text
    assert field in [p["field"] for p in response.json()["problems"]]


def test_wrong_amka_check_digit_is_422_naming_amka(platform: Platform) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    good = person(CENTRE)["amka"]
    wrong = good[:-1] + str((int(good[-1]) + 1) % 10)
    response = platform.post("intake", "/beneficiaries", person(CENTRE, amka=wrong), staff)
    assert response.status_code == 422
    assert response.json()["problems"] == [
        {
            "field": "amka",
            "message": "AMKA check digit is wrong: please re-check the number on the card",
            "message_el": "Ο ΑΜΚΑ δεν είναι έγκυρος: ελέγξτε τον ξανά στην κάρτα.",
        }
    ]


def test_future_birth_date_is_422(platform: Platform) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    response = platform.post(
        "intake", "/beneficiaries", person(CENTRE, birth_date="2999-01-01"), staff
    )
    assert response.status_code == 422
    assert response.json()["problems"][0]["field"] == "birth_date"


def test_unknown_centre_is_422(platform: Platform) -> None:
    # KK-0000 is well-formed but no municipality has code 0000
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id="KK-0000")
    response = platform.post(
        "intake", "/beneficiaries", person("KK-0000", municipality_code="6101"), staff
    )
    assert response.status_code == 422
    assert response.json()["error"] == "unknown_centre"


def test_registering_at_another_centre_is_403(platform: Platform) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id="KK-0201")
    response = platform.post("intake", "/beneficiaries", person(CENTRE), staff)
    assert response.status_code == 403
    assert "KK-6101" in response.json()["message"]


def test_no_token_is_401_and_a_wrong_role_is_403(platform: Platform) -> None:
    no_token = httpx.post(
        platform.urls["intake"] + "/beneficiaries", json=person(CENTRE), timeout=10
    )
    assert no_token.status_code == 401
    assert "Bearer" in no_token.json()["message"]
    analyst = platform.headers(Role.MINISTRY_ANALYST)
    forbidden = platform.post("intake", "/beneficiaries", person(CENTRE), analyst)
    assert forbidden.status_code == 403
    assert "social_worker" in forbidden.json()["message"]


def test_a_forged_token_is_401(platform: Platform) -> None:
    forged = {"Authorization": "Bearer " + "x" * 20 + ".e30.sig"}
    response = platform.post("intake", "/beneficiaries", person(CENTRE), forged)
    assert response.status_code == 401


def test_referral_to_an_unknown_body_is_422(platform: Platform) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    registered = platform.post("intake", "/beneficiaries", person(CENTRE), staff).json()
    referral = {
        "beneficiary_id": registered["beneficiary_id"],
        "body_id": "00000000-0000-4000-8000-000000000000",
        "service": "legal_information",
    }
    response = platform.post("referral", "/referrals", referral, staff)
    assert response.status_code == 422
    assert response.json()["error"] in {"unknown_body", "unknown_beneficiary"}


def test_reporting_answers_404_for_an_unknown_region_and_403_outside_ones_own(
    platform: Platform,
) -> None:
    assert platform.get("reporting", "/indicators/regions/EL99").status_code == 404
    observatory = platform.get(
        "reporting", "/indicators/regions/EL30", Role.REGIONAL_OBSERVATORY, region="EL42"
    )
    assert observatory.status_code == 403
    own = platform.get(
        "reporting", "/indicators/regions/EL42", Role.REGIONAL_OBSERVATORY, region="EL42"
    )
    assert own.status_code == 200
