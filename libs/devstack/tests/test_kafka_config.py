"""The local broker's configuration."""

from __future__ import annotations

import pytest
from devstack.kafka import new_cluster_id

pytestmark = pytest.mark.unit


def test_cluster_ids_are_22_characters_and_never_look_like_an_option() -> None:
    ids = [new_cluster_id() for _ in range(5000)]  # ~78 would start with '-' if unchecked
    assert all(len(i) == 22 and not i.startswith("-") for i in ids)
