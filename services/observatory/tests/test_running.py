"""The processor's liveness: a loop that has stopped turning fails it (and the process is
restarted); a state still being restored at start does not."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from kk_observatory.adapters.running import HUNG_AFTER, Running
from kk_observatory.config import Settings

pytestmark = pytest.mark.unit


def test_liveness_and_readiness_follow_the_loops_heartbeat(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(kafka_bootstrap_servers="127.0.0.1:1", OBSERVATORY_MASTER_SECRET="k" * 40)
    running = Running(settings)
    monkeypatch.setattr(running.thread, "is_alive", lambda: True)
    assert running.healthy()
    assert not running.routing()

    current = SimpleNamespace(beat=None)
    monkeypatch.setattr(running, "current", current)
    assert running.healthy()
    assert not running.routing()

    current.beat = time.monotonic()
    assert running.healthy()
    assert running.routing()

    current.beat = time.monotonic() - HUNG_AFTER - 1  # the loop has not turned since
    assert not running.healthy()
    assert not running.routing()

    monkeypatch.setattr(running.thread, "is_alive", lambda: False)
    current.beat = time.monotonic()
    assert not running.healthy()
