"""The metrics the alerts and the dashboards read, scraped from the running services: each
service's dependencies as its readiness sees them, each centre's region, and when each
centre was last heard of."""

from __future__ import annotations

import time

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from servicekit.auth import Role

from tests.e2e.conftest import Platform
from tests.support import eventually, person

pytestmark = pytest.mark.e2e
CENTRE = "KK-6101"


def _samples(url: str, name: str) -> list[tuple[dict[str, str], float]]:
    text = httpx.get(url + "/metrics", timeout=10).text
    return [
        (sample.labels, sample.value)
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name
    ]


def test_every_service_says_its_database_and_kafka_are_up(platform: Platform) -> None:
    # no probe asked before: the scrape itself runs the readiness checks
    for service in ("registry", "intake", "referral", "reporting"):
        up = {
            labels["dependency"]: value
            for labels, value in _samples(platform.urls[service], "kk_dependency_up")
            if labels["service"] == service
        }
        assert up == {"postgresql": 1.0, "kafka": 1.0}, service


def test_the_workspace_says_the_services_and_the_identity_provider_are_up(
    workspace: str,
) -> None:
    up = {
        labels["dependency"]: value
        for labels, value in _samples(workspace, "kk_dependency_up")
        if labels["service"] == "workspace"
    }
    assert up == dict.fromkeys(
        ("registry", "intake", "referral", "reporting", "identity_provider"), 1.0
    )


def test_the_api_counts_what_no_relay_has_published_yet(platform: Platform) -> None:
    """From the database: it is there whichever process runs the relay, or none."""
    platform.settle()
    for service in ("registry", "intake", "referral"):
        backlog = _samples(platform.urls[service], "kk_outbox_unpublished_events")
        assert backlog == [({"service": service}, 0.0)], service


def test_a_relay_that_runs_nowhere_shows_as_a_backlog(platform: Platform) -> None:
    platform.intake_worker.kill()  # intake's only relay
    try:
        staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
        response = platform.post("intake", "/beneficiaries", person(CENTRE), staff)
        assert response.status_code == 201, response.text
        backlog = _samples(platform.urls["intake"], "kk_outbox_unpublished_events")
        assert backlog[0][1] >= 1
    finally:
        platform.start_intake_worker()
    eventually(lambda: _samples(platform.urls["intake"], "kk_outbox_unpublished_events")[0][1] == 0)


def test_the_workspace_does_not_show_its_metrics_through_the_ingress(workspace: str) -> None:
    relayed = httpx.get(workspace + "/metrics", headers={"X-Forwarded-For": "203.0.113.7"})
    assert relayed.status_code == 404
    assert "kk_" not in relayed.text


def test_each_centre_is_placed_in_its_region(platform: Platform) -> None:
    centre = platform.get("registry", f"/centres/{CENTRE}", Role.ADMIN).json()
    info = _samples(platform.urls["registry"], "kk_registry_centre_info")
    assert ({"centre_id": CENTRE, "region": centre["region_code"]}, 1.0) in info
    assert len({labels["centre_id"] for labels, _ in info}) == len(info)  # one per centre


def test_a_centres_latest_fact_is_exported_with_its_time(platform: Platform) -> None:
    region = platform.get("registry", f"/centres/{CENTRE}", Role.ADMIN).json()["region_code"]
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    before = time.time()
    registered = platform.post("intake", "/beneficiaries", person(CENTRE), staff)
    assert registered.status_code == 201, registered.text

    def heard_of() -> float:
        samples = _samples(
            platform.urls["reporting"], "kk_reporting_centre_last_activity_timestamp_seconds"
        )
        return next(
            (v for labels, v in samples if labels == {"centre_id": CENTRE, "region": region}),
            0.0,
        )

    at = eventually(lambda: (t := heard_of()) >= before - 1 and t, timeout=60)
    assert at <= time.time() + 1
