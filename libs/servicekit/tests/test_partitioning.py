"""The relay's partitioner sends every key where Kafka's default partitioner would."""

from __future__ import annotations

import os
import uuid

import pytest
from aiokafka.partitioner import DefaultPartitioner
from aiokafka.partitioner import murmur2 as reference_murmur2
from servicekit.partitioning import murmur2, partition_for

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("length", range(0, 41))
def test_murmur2_equals_the_java_compatible_reference_for_every_tail_length(length: int) -> None:
    for _ in range(50):
        key = os.urandom(length)
        assert murmur2(key) == reference_murmur2(key) & 0xFFFFFFFF


def test_aggregate_ids_land_on_the_default_partitioners_partition() -> None:
    reference = DefaultPartitioner()
    for partitions in ([0], [0, 1, 2], list(range(12))):
        for _ in range(2000):
            key = str(uuid.uuid4()).encode()
            assert partition_for(key, partitions) == reference(key, partitions, partitions)
