"""A rebuild's reading of fetched record batches, without a broker."""

from __future__ import annotations

from typing import Any

import aiokafka.errors as errors
import pytest
from aiokafka.record.default_records import DefaultRecordBatchBuilder
from kk_reporting.rebuild.fetching import _batches_of, _records_in

pytestmark = pytest.mark.unit
PARTITION = ("kk.intake.requests.v1", 0)


def _records_of(data: bytes, offset: int, end: int) -> tuple[list[Any], int]:
    """The records a response gives from ``offset`` up to ``end``, and where next to fetch."""
    batches, next_offset = _batches_of(data, PARTITION, offset, end)
    return list(_records_in(batches, offset, end)), next_offset


def _batch(count: int, base: int = 0) -> bytes:
    """One record batch of ``count`` records at offsets 0 to ``count - 1``."""
    builder = DefaultRecordBatchBuilder(2, 0, 0, -1, -1, -1, 1 << 20)
    for delta in range(count):
        builder.append(delta, None, b"k", f"value {base + delta}".encode(), [("ce_id", b"x")])
    built = builder.build()
    built[0:8] = base.to_bytes(8, "big")  # the batch's base offset (outside its CRC)
    return bytes(built)


def test_a_fetch_yields_the_records_from_its_offset_up_to_the_end() -> None:
    got, next_offset = _records_of(_batch(10), 3, 7)
    assert [r.offset for r in got] == [3, 4, 5, 6]
    assert [r.value for r in got] == [f"value {o}".encode() for o in range(3, 7)]
    assert [list(r.headers) for r in got] == [[("ce_id", b"x")]] * 4
    assert next_offset == 7


def test_a_fetch_past_the_batch_goes_on_after_it() -> None:
    got, next_offset = _records_of(_batch(10), 3, 100)
    assert [r.offset for r in got] == list(range(3, 10))
    assert next_offset == 10


def test_batches_outside_the_range_are_passed_over_and_those_inside_read_whole() -> None:
    data = _batch(5, base=0) + _batch(5, base=5) + _batch(5, base=10)
    batches, next_offset = _batches_of(data, PARTITION, 5, 10)
    assert [b.base_offset for b in batches] == [5]
    assert [r.offset for r in _records_in(batches, 5, 10)] == [5, 6, 7, 8, 9]
    assert next_offset == 10
    got, next_offset = _records_of(data, 3, 12)
    assert [r.offset for r in got] == list(range(3, 12))
    assert [r.value for r in got] == [f"value {o}".encode() for o in range(3, 12)]
    assert next_offset == 12


def test_an_empty_fetch_stays_where_it_was() -> None:
    assert _records_of(b"", 5, 9) == ([], 5)


def test_a_corrupt_batch_is_refused() -> None:
    data = bytearray(_batch(3))
    data[-1] ^= 0xFF  # a byte of the last record's header
    with pytest.raises(errors.CorruptRecordException, match="CRC"):
        _batches_of(bytes(data), PARTITION, 0, 3)
