"""A mobile unit retrying a write over a bad connection never creates a duplicate."""

from __future__ import annotations

import uuid

import httpx
import pytest
from servicekit.auth import Role

from tests.e2e.conftest import Platform
from tests.support import person

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
