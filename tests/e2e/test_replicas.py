"""Two replicas of intake's worker run side by side, as in a deployment of several: one holds
the outbox relay's lease and publishes; SIGKILLed under load, the other takes the relay over
within seconds, and every accepted registration is counted once."""

from __future__ import annotations

import signal
import time
from typing import Any

import httpx
import psycopg
import pytest
from devstack.kafka import free_port
from devstack.processes import wait_ready

from tests.e2e.conftest import SPECS, WORKER_ENV, Platform
from tests.e2e.test_crash_safety import WRITES, _counted, _published, _stream_of_registrations
from tests.support import eventually

pytestmark = pytest.mark.e2e
CENTRE = "KK-0501"  # Kavala
COUNTS = f"/indicators/centres/{CENTRE}"
TAKEOVER_S = 10.0


def test_the_relay_moves_to_the_other_replica_when_its_holder_is_killed(
    platform: Platform,
) -> None:
    # given two replicas of intake's worker, one of them holding the relay
    second = platform.stack.start_worker(SPECS["intake"], **WORKER_ENV)
    replicas = {_pid(platform.intake_worker): platform.intake_worker, _pid(second): second}
    holder_pid = eventually(lambda: (pid := _relay_holder(platform)) in replicas and pid)
    assert isinstance(holder_pid, int)
    holder = replicas.pop(holder_pid)
    (survivor_pid, survivor), *_ = replicas.items()
    eventually(lambda: platform.get("reporting", COUNTS).status_code == 200)
    before = _counted(platform, COUNTS)
    accepted: list[str] = []

    # when the holder is SIGKILLed while registrations stream in
    writer = _stream_of_registrations(platform, CENTRE, accepted)
    eventually(lambda: len(accepted) >= WRITES // 3, every=0.01)
    eventually(lambda: _published(platform) > 0, every=0.01)
    holder.kill()
    killed_at = time.monotonic()
    killed_with = len(accepted)

    # then the other replica takes the relay over within seconds
    eventually(lambda: _relay_holder(platform) == survivor_pid, timeout=TAKEOVER_S, every=0.1)
    took_over_in = time.monotonic() - killed_at
    writer.join(timeout=120)
    assert len(accepted) == WRITES
    assert killed_with < WRITES
    platform.intake_worker = survivor  # the session goes on with one replica, as before

    # and every registration is counted, none twice
    target = before + WRITES
    eventually(lambda: _counted(platform, COUNTS) >= target, timeout=60)
    for _ in range(5):
        assert _counted(platform, COUNTS) == target
        time.sleep(0.3)
    assert took_over_in < TAKEOVER_S


def test_a_standalone_worker_answers_its_probes_and_stops_on_sigterm(platform: Platform) -> None:
    port = free_port()
    worker = platform.stack.start_worker(
        SPECS["intake"], WORKER_METRICS_PORT=str(port), **WORKER_ENV
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(worker, url)
        ready = httpx.get(url + "/health/ready", timeout=10).json()
        assert ready["checks"] == {"postgresql": True, "kafka": True}
        assert httpx.get(url + "/health/live", timeout=10).json() == {"status": "ok"}
        metrics = httpx.get(url + "/metrics", timeout=10).text
        assert 'kk_dependency_up{dependency="kafka",service="intake"} 1.0' in metrics
        # another replica holds the relay's lease: this one waits, never having held it
        assert 'kk_worker_lease_held{lease="relay",service="intake"}' not in metrics
    finally:
        assert worker.process is not None
        worker.process.send_signal(signal.SIGTERM)
        assert worker.process.wait(timeout=20) == 0, worker.log_tail()


def _pid(process: Any) -> int:
    assert process.process is not None
    return int(process.process.pid)


def _relay_holder(platform: Platform) -> int | None:
    """The process whose lease session holds intake's relay lock, from PostgreSQL's view."""
    with psycopg.connect(platform.stack.database_url) as conn:
        row = conn.execute(
            "SELECT a.application_name FROM pg_stat_activity a"
            " JOIN pg_locks l ON l.pid = a.pid AND l.locktype = 'advisory' AND l.granted"
            " WHERE a.application_name LIKE 'kk-lease intake/relay %'"
        ).fetchone()
    return int(row[0].rsplit(":", 1)[1]) if row else None
