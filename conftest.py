"""Session fixtures shared by every test folder.

Integration and end-to-end tests run against a real Apache Kafka broker and a real
PostgreSQL, started once per test session in a fresh state folder (never the one of
``make run``) and stopped at the end. Unit tests never ask for them, so they never start them.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from devstack.kafka import free_port
from devstack.paths import STATE_DIR
from devstack.stack import Stack


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    state = Path(tempfile.mkdtemp(prefix="test-", dir=STATE_DIR))
    infra = Stack(
        state,
        kafka_port=free_port(),
        kafka_controller_port=free_port(),
        delete_database_on_exit=True,
    )
    infra.start_infrastructure()
    try:
        yield infra
    finally:
        infra.stop()
        shutil.rmtree(state, ignore_errors=True)
