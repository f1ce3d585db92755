"""A mobile unit retrying a write over a bad connection never creates a duplicate."""

from __future__ import annotations

import uuid

import httpx
import psycopg
import pytest
from servicekit.auth import Role
from servicekit.idempotency import UNKNOWN

from tests.e2e.conftest import Platform
from tests.support import (
    eventually,
    intake_events_since,
    last_intake_notification,
    person,
)

pytestmark = pytest.mark.e2e
CENTRE = "KK-6101"


def _post(platform: Platform, body: dict[str, object], key: str) -> httpx.Response:
    headers = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE) | {"Idempotency-Key": key}
    return httpx.post(
        platform.urls["intake"] + "/beneficiaries", json=body, headers=headers, timeout=10
    )


def test_a_retried_write_gets_the_first_answer_and_changes_nothing(platform: Platform) -> None:
    key, details = f"mobile-{uuid.uuid4()}", person(CENTRE)
    first = _post(platform, details, key)
    retry = _post(platform, details, key)  # a fresh token, as after a reconnect
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    # without the key, the same person is a second registration: a 409, not a second file
    again = httpx.post(
        platform.urls["intake"] + "/beneficiaries",
        json=details,
        headers=platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE),
        timeout=10,
    )
    assert again.status_code == 409


def test_the_same_key_for_a_different_request_is_refused(platform: Platform) -> None:
    key = f"mobile-{uuid.uuid4()}"
    assert _post(platform, person(CENTRE), key).status_code == 201
    reused = _post(platform, person(CENTRE), key)
    assert reused.status_code == 422
    assert reused.json()["error"] == "idempotency_key_reused"


def test_a_refused_write_is_not_kept_so_a_corrected_retry_runs(platform: Platform) -> None:
    key, details = f"mobile-{uuid.uuid4()}", person(CENTRE)
    bad = _post(platform, details | {"birth_date": "2999-01-01"}, key)
    assert bad.status_code == 422
    # the same key with the same (still bad) request runs again rather than replaying a 422
    assert _post(platform, details | {"birth_date": "2999-01-01"}, key).status_code == 422
    assert _post(platform, details, f"{key}-fixed").status_code == 201


def test_a_malformed_key_is_400(platform: Platform) -> None:
    assert _post(platform, person(CENTRE), "short").status_code == 400


def _as_if_the_answer_was_a_server_error(platform: Platform, key: str) -> None:
    """What a write that ended in a 5xx leaves behind (the database gone between the commit
    and the answer): its key kept as of unknown outcome."""
    with psycopg.connect(platform.stack.database_url, autocommit=True) as conn:
        changed = conn.execute(
            "UPDATE intake.idempotency_keys SET status = %s, body = NULL WHERE key = %s",
            (UNKNOWN, key),
        ).rowcount
    assert changed == 1


def test_a_write_of_unknown_outcome_is_found_by_its_retry_not_made_twice(
    platform: Platform,
) -> None:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    key, details = f"mobile-{uuid.uuid4()}", person(CENTRE)
    first = _post(platform, details, key)
    assert first.status_code == 201
    _as_if_the_answer_was_a_server_error(platform, key)
    mark = last_intake_notification(platform.stack.database_url)
    retry = _post(platform, details, key)
    assert retry.status_code == 201, retry.text
    assert retry.json()["beneficiary_id"] == first.json()["beneficiary_id"], "the same file"
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert intake_events_since(platform.stack.database_url, mark, "Beneficiary.Registered") == 0, (
        "nothing stored again"
    )

    # a request logged on the file, likewise
    file_id = first.json()["beneficiary_id"]
    path = f"{platform.urls['intake']}/beneficiaries/{file_id}/requests"
    body = {"axis": "C", "category": "housing", "channel": "phone"}
    request_key = f"mobile-{uuid.uuid4()}"
    mark = last_intake_notification(platform.stack.database_url)
    keyed = staff | {"Idempotency-Key": request_key}
    logged = httpx.post(path, json=body, headers=keyed, timeout=10)
    assert logged.status_code == 201, logged.text
    _as_if_the_answer_was_a_server_error(platform, request_key)
    again = httpx.post(path, json=body, headers=keyed, timeout=10)
    assert again.status_code == 201, again.text
    assert again.json()["request_id"] == logged.json()["request_id"]
    assert intake_events_since(platform.stack.database_url, mark, "Request.Logged") == 1, (
        "the first attempt's only"
    )

    # and a referral sent for the person, once referral has heard of them
    referral = {
        "beneficiary_id": file_id,
        "body_id": platform.ids["bodies"]["opeka"]["body_id"],
        "service": "application_support",
        "note": "Βοήθεια με την αίτηση.",
    }
    referral_key = f"mobile-{uuid.uuid4()}"
    keyed = staff | {"Idempotency-Key": referral_key}
    sent = eventually(
        lambda: (
            r
            if (r := httpx.post(platform.urls["referral"] + "/referrals", json=referral,
                                headers=keyed, timeout=10)).status_code == 201
            else None
        ),
        timeout=30,
    )  # fmt: skip
    with psycopg.connect(platform.stack.database_url, autocommit=True) as conn:
        conn.execute(
            "UPDATE referral.idempotency_keys SET status = %s, body = NULL WHERE key = %s",
            (UNKNOWN, referral_key),
        )
    resent = httpx.post(
        platform.urls["referral"] + "/referrals", json=referral, headers=keyed, timeout=10
    )
    assert resent.status_code == 201, resent.text
    assert resent.json()["referral_id"] == sent.json()["referral_id"]
    assert resent.headers["Idempotent-Replayed"] == "true"
