"""Kafka being down never blocks or fails a write: the event is stored, readiness says what
is wrong, and the event is published when Kafka returns."""

from __future__ import annotations

import httpx
import pytest
from servicekit.auth import Role

from tests.e2e.conftest import Platform
from tests.support import eventually, person

pytestmark = pytest.mark.e2e
# A centre no other test writes to: the count below must move by exactly this test's writes,
# and other tests' registrations may still be on their way to reporting when it starts.
CENTRE = "KK-4101"  # Nafplio


def test_writes_succeed_while_kafka_is_down_and_are_published_when_it_returns(
    platform: Platform,
) -> None:
    broker = platform.stack.broker
    if broker is None:
        pytest.skip("the session uses an external Kafka, which a test must not stop")
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    path = f"/indicators/centres/{CENTRE}"
    platform.settle()
    before = platform.get("reporting", path).json()["counts"]["beneficiaries_registered"]

    # when the broker stops
    broker.stop()
    try:
        # then registrations are still accepted
        for _ in range(5):
            response = platform.post("intake", "/beneficiaries", person(CENTRE), staff)
            assert response.status_code == 201, response.text
        # and readiness reports Kafka as the problem, PostgreSQL as fine: reporting, whose
        # consumers run in it, is not ready; intake's API alone (its worker runs apart)
        # writes to its outbox and stays ready, so that it stays in rotation
        ready = eventually(
            lambda: (
                (
                    r := httpx.get(platform.urls["reporting"] + "/health/ready", timeout=10)
                ).status_code
                == 503
                and r.json()["checks"]
            ),
            timeout=20,
        )
        assert ready == {"postgresql": True, "kafka": False}
        api_alone = eventually(
            lambda: (
                (r := httpx.get(platform.urls["intake"] + "/health/ready", timeout=10)).json()[
                    "checks"
                ]["kafka"]
                is False
                and r
            ),
            timeout=20,
        )
        assert api_alone.status_code == 200
        assert api_alone.json()["checks"] == {"postgresql": True, "kafka": False}
    finally:
        # when Kafka returns
        broker.start()

    # then the writes made during the outage reach the reporting counts
    def counted() -> int:
        return int(platform.get("reporting", path).json()["counts"]["beneficiaries_registered"])

    eventually(lambda: counted() == before + 5, timeout=90)
