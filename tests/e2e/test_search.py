"""Search before create, on the real platform: a person is found by AMKA or by names and
birth date at their own centre, only as existing elsewhere at another, and bad searches
say what to fix."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from servicekit.auth import Role

from tests.e2e.conftest import Platform
from tests.support import person, valid_amka

pytestmark = pytest.mark.e2e
CENTRE, OTHER = "KK-6101", "KK-4501"
NAMES = {"family_name": "Παππά", "given_name": "Ελένη"}


def _search(platform: Platform, centre: str, **terms: Any) -> Any:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=centre)
    return platform.post("intake", "/beneficiaries/search", {"centre_id": centre, **terms}, staff)


@pytest.fixture(scope="module")
def registered(platform: Platform) -> dict[str, Any]:
    details = person(CENTRE, given_name="Σταματία", family_name="Χατζηγεωργίου")
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    response = platform.post("intake", "/beneficiaries", details, staff)
    assert response.status_code == 201, response.text
    return {**details, "beneficiary_id": response.json()["beneficiary_id"]}


def test_a_person_is_found_by_amka_at_their_centre(
    platform: Platform, registered: dict[str, Any]
) -> None:
    response = _search(platform, CENTRE, amka=registered["amka"])
    assert response.status_code == 200, response.text
    [match] = response.json()["matches"]
    assert match["beneficiary_id"] == registered["beneficiary_id"]
    assert match["at_your_centre"] is True
    assert match["matched_by"] == "amka"
    assert (match["family_name"], match["birth_date"]) == (
        "Χατζηγεωργίου",
        registered["birth_date"],
    )


def test_names_match_whatever_their_case_accents_and_spacing(
    platform: Platform, registered: dict[str, Any]
) -> None:
    response = _search(
        platform,
        CENTRE,
        family_name="  ΧΑΤΖΗΓΕΩΡΓΙΟΥ ",
        given_name="σταματια",
        birth_date=registered["birth_date"],
    )
    assert response.status_code == 200, response.text
    [match] = response.json()["matches"]
    assert match["beneficiary_id"] == registered["beneficiary_id"]
    assert match["matched_by"] == "names"


def test_another_centre_learns_only_that_a_file_exists(
    platform: Platform, registered: dict[str, Any]
) -> None:
    response = _search(platform, OTHER, amka=registered["amka"])
    assert response.status_code == 200, response.text
    [match] = response.json()["matches"]
    assert match == {
        "matched_by": "amka",
        "at_your_centre": False,
        "beneficiary_id": None,
        "given_name": None,
        "family_name": None,
        "birth_date": None,
        "registered_on": None,
    }


def test_nobody_found_is_an_empty_list(platform: Platform) -> None:
    response = _search(platform, CENTRE, amka=valid_amka())
    assert response.status_code == 200, response.text
    assert response.json() == {"matches": []}


def test_a_search_that_shows_a_file_is_on_its_read_record(
    platform: Platform, registered: dict[str, Any]
) -> None:
    _search(platform, CENTRE, amka=registered["amka"])
    with psycopg.connect(platform.stack.database_url) as conn:
        reasons = [
            row[0]
            for row in conn.execute(
                "SELECT reason FROM intake.file_reads WHERE beneficiary_id = %s",
                (registered["beneficiary_id"],),
            )
        ]
    assert "αναζήτηση / search by amka" in reasons


@pytest.mark.parametrize(
    ("terms", "field", "says", "says_el"),
    [
        ({"amka": "12345"}, "amka", "pattern", "σωστή μορφή"),
        ({"amka": "01018012343"}, "amka", "check digit", "ελέγξτε τον ξανά στην κάρτα"),
        (NAMES, "", "together", "ημερομηνία γέννησης μαζί"),
        ({"amka": "01018012342", "family_name": "Παππά"}, "", "not both", "όχι και με τα δύο"),
        ({**NAMES, "birth_date": "1980-02-30"}, "birth_date", "date", "ΕΕΕΕ-ΜΜ-ΗΗ"),
        ({"amka": "01018012342", "nickname": "Λένα"}, "nickname", "not permitted", "Άγνωστο"),
    ],
)
def test_a_bad_search_says_what_to_fix_in_greek_and_english(
    platform: Platform, terms: dict[str, str], field: str, says: str, says_el: str
) -> None:
    response = _search(platform, CENTRE, **terms)
    assert response.status_code == 422, response.text
    body = response.json()
    assert says in body["message"]
    assert says_el in body["message_el"], "the Greek says what is wrong too"
    assert all(p["message_el"] in body["message_el"] for p in body["problems"])
    if field:
        assert any(p["field"] == field for p in body["problems"]), body


def test_only_the_centres_own_staff_may_search_there(platform: Platform) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=OTHER)
    response = platform.post(
        "intake", "/beneficiaries/search", {"centre_id": CENTRE, "amka": valid_amka()}, staff
    )
    assert response.status_code == 403, response.text
    analyst = platform.headers(Role.MINISTRY_ANALYST)
    response = platform.post(
        "intake", "/beneficiaries/search", {"centre_id": CENTRE, "amka": valid_amka()}, analyst
    )
    assert response.status_code == 403, response.text


def test_the_worklist_names_only_the_centres_own_files(
    platform: Platform, registered: dict[str, Any]
) -> None:
    elsewhere = person(OTHER)
    other_staff = platform.headers(Role.SOCIAL_WORKER, centre_id=OTHER)
    other_id = platform.post("intake", "/beneficiaries", elsewhere, other_staff).json()[
        "beneficiary_id"
    ]
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    ids = {"beneficiary_ids": [registered["beneficiary_id"], other_id]}
    answer = platform.post("intake", f"/centres/{CENTRE}/names", ids, staff)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        registered["beneficiary_id"]: {"family_name": "Χατζηγεωργίου", "given_name": "Σταματία"}
    }
    assert platform.post("intake", f"/centres/{OTHER}/names", ids, staff).status_code == 403
