"""PostgreSQL crashing under load: every service answers 503 with Retry-After, never 500; a
write answered with an error was either not stored or is found, not made twice, by its
retry with the same Idempotency-Key; and the platform carries on once PostgreSQL is back."""

from __future__ import annotations

import threading
import time
from typing import Any
from uuid import uuid4

import httpx
import pytest
from devstack.postgres import crash_embedded, restart_embedded
from servicekit.auth import Role

from tests.e2e.conftest import Platform
from tests.support import (
    eventually,
    intake_events_since,
    last_intake_notification,
    person,
)

pytestmark = pytest.mark.e2e
CENTRE = "KK-5301"  # Kozani: no other test writes there
WRITERS = 4
DOWN_SECONDS = 3.0


def test_a_postgres_crash_under_load_gives_503s_and_no_write_is_lost_or_doubled(
    platform: Platform,
) -> None:
    if platform.stack.external_database_url:
        pytest.skip("the session uses an external PostgreSQL, which a test must not crash")
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    url = platform.urls["intake"] + "/beneficiaries"
    before = last_intake_notification(platform.stack.database_url)
    platform.settle()
    path = f"/indicators/centres/{CENTRE}"
    counted_before = platform.get("reporting", path).json()["counts"]["beneficiaries_registered"]
    sent: dict[str, tuple[dict[str, Any], int]] = {}  # key → (body, first answer's status)
    lock, stop = threading.Lock(), threading.Event()

    def write() -> None:
        with httpx.Client(timeout=60) as http:  # answered, if late: nothing left in flight
            while not stop.is_set():
                key, body = uuid4().hex, person(CENTRE)
                try:
                    status = http.post(
                        url, json=body, headers={**staff, "Idempotency-Key": key}
                    ).status_code
                except httpx.HTTPError:
                    status = 0  # no answer at all: as unknown as a 503
                with lock:
                    sent[key] = (body, status)

    writers = [threading.Thread(target=write, daemon=True) for _ in range(WRITERS)]
    for writer in writers:
        writer.start()
    try:
        time.sleep(1.0)
        crash_embedded(platform.stack.pg_dir)
        try:
            # while it is down, readiness says so and reads answer 503, not 500
            for name in ("registry", "intake", "referral", "reporting"):
                ready = httpx.get(platform.urls[name] + "/health/ready", timeout=10)
                assert ready.status_code == 503, (name, ready.text)
            reads = platform.get("registry", "/centres")
            assert reads.status_code == 503, reads.text
            assert reads.headers["Retry-After"].isdigit()
            assert "message_el" in reads.json()
            # and so does a write, whatever the writers' timing made of the crash
            key, body = uuid4().hex, person(CENTRE)
            down = httpx.post(url, json=body, headers={**staff, "Idempotency-Key": key}, timeout=60)
            assert down.status_code == 503, down.text
            assert down.headers["Retry-After"].isdigit()
            with lock:
                sent[key] = (body, down.status_code)
            time.sleep(DOWN_SECONDS)
        finally:
            restart_embedded(platform.stack.pg_dir)
        time.sleep(2.0)  # writes go on against the restarted server for a moment
    finally:
        stop.set()
        for writer in writers:
            writer.join()

    statuses = {status for _, status in sent.values()}
    assert statuses <= {201, 503, 0}, f"no 500s, nor anything but stored or unavailable: {statuses}"
    unknown = [key for key, (_, status) in sent.items() if status != 201]
    assert unknown, "the write sent while PostgreSQL was down is among them"
    assert any(status == 201 for _, status in sent.values())

    # each write whose answer was an error, sent again with its key, is stored exactly once
    def retried(key: str) -> str | None:
        body, _ = sent[key]
        answer = httpx.post(url, json=body, headers={**staff, "Idempotency-Key": key}, timeout=60)
        return answer.json()["beneficiary_id"] if answer.status_code == 201 else None

    for key in unknown:
        eventually(lambda k=key: retried(k), timeout=120)
    registered = intake_events_since(platform.stack.database_url, before, "Beneficiary.Registered")
    assert registered == len(sent), "one file per write, none lost"

    # and the platform carries on: a new file is published, and reporting counts every file,
    # those whose counting the crash undid included (its commits do not wait for the disk)
    fresh = platform.post("intake", "/beneficiaries", person(CENTRE), staff)
    assert fresh.status_code == 201, fresh.text
    platform.settle()
    path = f"/indicators/centres/{CENTRE}"
    counted = platform.get("reporting", path).json()["counts"]["beneficiaries_registered"]
    assert counted == counted_before + len(sent) + 1
