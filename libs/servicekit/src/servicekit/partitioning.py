"""Kafka's default key -> partition mapping (murmur2, as the Java client and aiokafka do).

aiokafka's version reads the key a byte at a time; this one reads 32-bit words, which makes
it several times faster on the relay's hot path. A unit test holds the two equal.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence

_SEED = 0x9747B28C
_M = 0x5BD1E995
_MASK = 0xFFFFFFFF


def murmur2(data: bytes) -> int:
    length = len(data)
    h = (_SEED ^ length) & _MASK
    words = length // 4
    for k in struct.unpack_from(f"<{words}I", data):
        k = (k * _M) & _MASK
        k ^= k >> 24
        k = (k * _M) & _MASK
        h = ((h * _M) & _MASK) ^ k
    tail = data[words * 4 :]
    if len(tail) >= 3:
        h ^= tail[2] << 16
    if len(tail) >= 2:
        h ^= tail[1] << 8
    if tail:
        h ^= tail[0]
        h = (h * _M) & _MASK
    h ^= h >> 13
    h = (h * _M) & _MASK
    h ^= h >> 15
    return h


def partition_for(key: bytes, partitions: Sequence[int]) -> int:
    """The partition Kafka's default partitioner gives ``key`` (partitions sorted by id)."""
    return partitions[(murmur2(key) & 0x7FFFFFFF) % len(partitions)]
