"""Editing a file's situation on the real platform: what changes is kept, the published
event carries coded facts only, and bad input says what is wrong in Greek and English."""

from __future__ import annotations

import json
from typing import Any

import pytest
from kk_contracts import Topic
from servicekit.auth import Role

from tests.e2e.conftest import Platform
from tests.support import eventually, person, read_topic

pytestmark = pytest.mark.e2e
CENTRE = "KK-6101"
SITUATION = {
    "municipality_code": "6102",
    "contact": {"phone": "+30 6977123456", "address": "Οδός Αγίας Σοφίας 9"},
    "vulnerable_groups": ["disability", "unemployment"],
    "disability_percent": 67,
    "mgi_recipient": True,
}


@pytest.fixture
def file_id(platform: Platform) -> str:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    opened = platform.post("intake", "/beneficiaries", person(CENTRE), staff)
    assert opened.status_code == 201, opened.text
    return str(opened.json()["beneficiary_id"])


def _edit(platform: Platform, file_id: str, body: dict[str, Any], centre: str = CENTRE) -> Any:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=centre)
    return platform.put("intake", f"/beneficiaries/{file_id}/situation", body, staff)


def test_an_edited_situation_is_kept_and_published_as_coded_facts(
    platform: Platform, file_id: str
) -> None:
    answer = _edit(platform, file_id, SITUATION)
    assert answer.status_code == 200, answer.text
    file = platform.get(
        "intake", f"/beneficiaries/{file_id}?reason=test", Role.SOCIAL_WORKER, centre_id=CENTRE
    ).json()
    assert file["municipality_code"] == "6102"
    assert file["contact"] == SITUATION["contact"]
    assert (file["disability_percent"], file["mgi_recipient"]) == (67, True)

    def published() -> list[dict[str, Any]]:
        return [
            json.loads(r.value)
            for r in read_topic(platform.stack.bootstrap_servers, Topic.BENEFICIARIES.value)
            if r.key.decode() == file_id
            and dict(r.headers)["ce_type"] == b"gr.kk.intake.BeneficiarySituationChanged"
        ]

    [changed] = eventually(published, timeout=30)
    assert changed["vulnerable_groups"] == ["disability", "unemployment"]
    assert changed["municipality_code"] == "6102"
    assert "6977123456" not in json.dumps(changed), "contact details stay in intake"
    assert "Σοφίας" not in json.dumps(changed, ensure_ascii=False)


@pytest.mark.parametrize(
    ("change", "field", "says_el"),
    [
        ({"vulnerable_groups": [], "disability_percent": 50}, "disability_percent", "Αναπηρία"),
        ({"municipality_code": "9999"}, "municipality_code", "Δεν υπάρχει δήμος"),
        ({"contact": {"phone": "12"}}, "contact.phone", "σωστή μορφή"),
        ({"mgi_recipient": "perhaps"}, "mgi_recipient", "true ή false"),
    ],
)
def test_a_bad_edit_changes_nothing_and_says_why(
    platform: Platform, file_id: str, change: dict[str, Any], field: str, says_el: str
) -> None:
    answer = _edit(platform, file_id, {**SITUATION, **change})
    assert answer.status_code == 422, answer.text
    problems = {p["field"]: p["message_el"] for p in answer.json()["problems"]}
    assert says_el in problems[field]
    file = platform.get(
        "intake", f"/beneficiaries/{file_id}?reason=test", Role.SOCIAL_WORKER, centre_id=CENTRE
    ).json()
    assert file["municipality_code"] == CENTRE.removeprefix("KK-")


def test_another_centre_may_not_edit_the_file(platform: Platform, file_id: str) -> None:
    assert _edit(platform, file_id, SITUATION, centre="KK-4501").status_code == 403
