"""A relay killed with SIGKILL in the middle of a stream loses nothing and counts nothing twice."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from servicekit.auth import Role

from tests.e2e.conftest import Platform
from tests.support import eventually, person

pytestmark = pytest.mark.e2e
CENTRE = "KK-0201"  # Drama
WRITES = 240


def test_killed_relay_resumes_and_every_event_is_counted_exactly_once(platform: Platform) -> None:
    # given the centre's count before, and the relay publishing in small batches
    eventually(
        lambda: platform.get("reporting", f"/indicators/centres/{CENTRE}").status_code == 200
    )
    before = platform.get("reporting", f"/indicators/centres/{CENTRE}").json()["counts"]
    accepted: list[str] = []
    killed_at: list[int] = []

    # when the relay is SIGKILLed while the stream is being written and relayed
    writer = _stream_of_registrations(platform, CENTRE, accepted)
    eventually(lambda: len(accepted) >= WRITES // 3, every=0.01)
    eventually(lambda: _published(platform) > 0, every=0.01)
    platform.intake_worker.kill()
    killed_at.append(len(accepted))
    writer.join(timeout=120)
    # (writes keep being accepted while no relay runs at all)
    assert len(accepted) == WRITES
    assert killed_at[0] < WRITES
    platform.start_intake_worker()

    # then every accepted registration is counted, and none twice
    target = before["beneficiaries_registered"] + WRITES

    def counted() -> int:
        return int(
            platform.get("reporting", f"/indicators/centres/{CENTRE}").json()["counts"][
                "beneficiaries_registered"
            ]
        )

    eventually(lambda: counted() >= target, timeout=60)
    # a resent duplicate would arrive after the first events past the kill: look a while longer
    for _ in range(5):
        assert counted() == target
        time.sleep(0.3)


def _published(platform: Platform) -> float:
    """Messages the reporting consumer has applied from intake's topic so far."""
    text = httpx.get(platform.urls["reporting"] + "/metrics", timeout=5).text
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("kk_consumer_applied_total") and "kk.intake.beneficiaries" in line
    )


def test_killed_consumer_resumes_from_its_stored_offsets_and_counts_exactly_once(
    platform: Platform,
) -> None:
    # given reporting (API + embedded consumer) and its count for a centre
    centre = "KK-0202"  # Doxato
    path = f"/indicators/centres/{centre}"
    before = _counted(platform, path)
    accepted: list[str] = []

    # when reporting is SIGKILLed while it applies a stream of registrations, and restarted
    writer = _stream_of_registrations(platform, centre, accepted)
    eventually(lambda: _counted(platform, path) > before, every=0.01)
    platform.apis["reporting"].kill()
    killed_with = len(accepted)
    writer.join(timeout=120)
    assert len(accepted) == WRITES
    assert killed_with < WRITES
    platform.restart_api("reporting")

    # then every registration is counted once
    target = before + WRITES
    eventually(lambda: _counted(platform, path) >= target, timeout=60)
    for _ in range(5):
        assert _counted(platform, path) == target
        time.sleep(0.3)


def _stream_of_registrations(
    platform: Platform, centre: str, accepted: list[str]
) -> threading.Thread:
    """Starts writing WRITES registrations in the background, noting each one accepted."""
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=centre)

    def write() -> None:
        with httpx.Client(base_url=platform.urls["intake"], headers=staff, timeout=10) as client:
            for _ in range(WRITES):
                response = client.post("/beneficiaries", json=person(centre))
                assert response.status_code == 201, response.text
                accepted.append(response.json()["beneficiary_id"])

    writer = threading.Thread(target=write)
    writer.start()
    return writer


def _counted(platform: Platform, path: str) -> int:
    response = platform.get("reporting", path)
    return int(response.json()["counts"]["beneficiaries_registered"]) if response.is_success else -1
