"""A rebuild's reading of fetched record batches, without a broker."""

from __future__ import annotations

import aiokafka.errors as errors
import pytest
from aiokafka.record.default_records import DefaultRecordBatchBuilder
from kk_reporting.rebuild.fetching import _records_of

pytestmark = pytest.mark.unit
PARTITION = ("kk.intake.requests.v1", 0)


def _batch(count: int) -> bytes:
    """One record batch of ``count`` records at offsets 0 to ``count - 1``."""
    builder = DefaultRecordBatchBuilder(2, 0, 0, -1, -1, -1, 1 << 20)
    for offset in range(count):
        builder.append(offset, None, b"k", f"value {offset}".encode(), [("ce_id", b"x")])
    return bytes(builder.build())


def test_a_fetch_yields_the_records_from_its_offset_up_to_the_end() -> None:
    got, next_offset = _records_of(_batch(10), PARTITION, 3, 7)
    assert [r.offset for r in got] == [3, 4, 5, 6]
    assert [r.value for r in got] == [f"value {o}".encode() for o in range(3, 7)]
    assert [list(r.headers) for r in got] == [[("ce_id", b"x")]] * 4
    assert next_offset == 7


def test_a_fetch_past_the_batch_goes_on_after_it() -> None:
    got, next_offset = _records_of(_batch(10), PARTITION, 3, 100)
    assert [r.offset for r in got] == list(range(3, 10))
    assert next_offset == 10


def test_an_empty_fetch_stays_where_it_was() -> None:
    assert _records_of(b"", PARTITION, 5, 9) == ([], 5)


def test_a_corrupt_batch_is_refused() -> None:
    data = bytearray(_batch(3))
    data[-1] ^= 0xFF  # a byte of the last record's header
    with pytest.raises(errors.CorruptRecordException, match="CRC"):
        _records_of(bytes(data), PARTITION, 0, 3)
