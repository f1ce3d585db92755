"""Erasure (GDPR Art. 17): the person becomes unreadable everywhere while counts stay."""

from __future__ import annotations

import httpx
import psycopg
import pytest
from kk_contracts import Topic
from servicekit.auth import Role

from tests.e2e.conftest import Platform
from tests.support import eventually, person, read_topic

pytestmark = pytest.mark.e2e
CENTRE = "KK-6101"


def test_an_erased_person_is_unreadable_everywhere_and_the_counts_stay(platform: Platform) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    admin = platform.headers(Role.ADMIN)
    details = person(CENTRE, given_name="Ευανθία")
    beneficiary_id = platform.post("intake", "/beneficiaries", details, staff).json()[
        "beneficiary_id"
    ]
    request = {"axis": "C", "category": "housing", "channel": "phone", "notes": "Ευανθία: ενοίκιο"}
    logged = platform.post("intake", f"/beneficiaries/{beneficiary_id}/requests", request, staff)
    assert logged.status_code == 201
    path = f"/indicators/centres/{CENTRE}"
    counted = eventually(
        lambda: platform.get("reporting", path).json()["counts"]["beneficiaries_registered"]
    )
    with psycopg.connect(platform.stack.database_url) as conn:
        stored_before = conn.execute(
            "SELECT count(*) FROM intake.intakeapplication_events"
        ).fetchone()

    # when an administrator erases the person
    erased = platform.post(
        "intake",
        f"/beneficiaries/{beneficiary_id}/erasure",
        {"reason": "the person asked, GDPR Art. 17"},
        admin,
    )
    assert erased.status_code == 200, erased.text

    # then the file and its requests answer 410 Gone
    file = httpx.get(
        platform.urls["intake"] + f"/beneficiaries/{beneficiary_id}?reason=check",
        headers=staff,
        timeout=10,
    )
    assert file.status_code == 410
    assert file.json()["error"] == "erased"
    request_read = httpx.get(
        platform.urls["intake"] + f"/requests/{logged.json()['request_id']}?reason=check",
        headers=staff,
        timeout=10,
    )
    assert request_read.status_code == 410
    # and the key is gone while every stored event is still there (history is consistent)
    with psycopg.connect(platform.stack.database_url) as conn:
        key = conn.execute(
            "SELECT 1 FROM intake.subject_keys WHERE subject_id = %s", (beneficiary_id,)
        ).fetchone()
        stored_after = conn.execute(
            "SELECT count(*) FROM intake.intakeapplication_events"
        ).fetchone()
    assert key is None
    assert stored_after[0] >= stored_before[0] + 1  # the erasure itself was added, nothing removed
    # and the other services hear of it, while the published counts stay
    eventually(
        lambda: any(
            r.key == beneficiary_id.encode()
            and dict(r.headers)["ce_type"] == b"gr.kk.intake.BeneficiaryErased"
            for r in read_topic(platform.stack.bootstrap_servers, Topic.BENEFICIARIES)
        )
    )
    assert platform.get("reporting", path).json()["counts"]["beneficiaries_registered"] >= counted
    # and only an administrator may erase
    other = platform.post(
        "intake", f"/beneficiaries/{beneficiary_id}/erasure", {"reason": "tidy up"}, staff
    )
    assert other.status_code == 403
