"""A person without an AMKA is registered too, saying why, with any other identifier they
carry; they are found and matched by names and birth date."""

from __future__ import annotations

from typing import Any

import pytest
from servicekit.auth import Role

from tests.e2e.conftest import Platform
from tests.support import person, valid_amka

pytestmark = pytest.mark.e2e
CENTRE = "KK-6101"
NO_AMKA = {"reason": "awaiting", "other_id_kind": "paaypa", "other_id": "90112233445"}


def _without_amka(**overrides: Any) -> dict[str, Any]:
    details = person(CENTRE, given_name="Αμίνα", family_name="Χαλίλ", citizenship="SY")
    details.pop("amka")
    return details | {"no_amka": NO_AMKA} | overrides


def test_a_person_without_an_amka_gets_a_file_and_is_found_by_names(platform: Platform) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    details = _without_amka()
    opened = platform.post("intake", "/beneficiaries", details, staff)
    assert opened.status_code == 201, opened.text
    file_id = opened.json()["beneficiary_id"]
    file = platform.get(
        "intake", f"/beneficiaries/{file_id}?reason=test", Role.SOCIAL_WORKER, centre_id=CENTRE
    ).json()
    assert file["amka"] is None
    assert file["no_amka"] == NO_AMKA
    terms = {"centre_id": CENTRE, "family_name": "Χαλίλ", "given_name": "Αμίνα"}
    found = platform.post(
        "intake", "/beneficiaries/search", terms | {"birth_date": details["birth_date"]}, staff
    )
    assert [m["beneficiary_id"] for m in found.json()["matches"]] == [file_id]
    # the same person registered again without an AMKA is flagged, not silently doubled
    again = platform.post("intake", "/beneficiaries", details, staff)
    assert again.status_code == 201, again.text
    assert again.json()["likely_duplicate"] is True


@pytest.mark.parametrize(
    ("change", "field", "says_el"),
    [
        ({"no_amka": None}, "amka", "τον λόγο που το άτομο δεν έχει"),
        ({"amka": valid_amka()}, "no_amka", "όχι και τα δύο"),
        ({"no_amka": {"reason": "not_known", "other_id": "AB12345"}}, "no_amka.other_id", "είδος"),
        ({"no_amka": {"reason": "lost"}}, "no_amka.reason", "Μη αποδεκτή τιμή"),
    ],
)
def test_without_an_amka_the_reason_is_needed_and_says_so(
    platform: Platform, change: dict[str, Any], field: str, says_el: str
) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    answer = platform.post("intake", "/beneficiaries", _without_amka(**change), staff)
    assert answer.status_code == 422, answer.text
    problems = {p["field"]: p["message_el"] for p in answer.json()["problems"]}
    assert says_el in problems[field], problems
