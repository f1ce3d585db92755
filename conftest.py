"""Session fixtures shared by every test folder.

Integration and end-to-end tests run against a real Apache Kafka broker and a real
PostgreSQL, started once per test session in a fresh state folder (never the one of
``make run``) and stopped at the end. Unit tests never ask for them, so they never start them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from devstack.stack import Stack, throwaway_stack


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    with throwaway_stack("test-") as infra:
        yield infra
