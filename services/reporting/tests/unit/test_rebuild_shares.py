"""How a rebuild shares the partitions out between its processes."""

from __future__ import annotations

import pytest
from kk_reporting.rebuild import split

pytestmark = pytest.mark.unit


def test_the_partitions_are_shared_out_by_how_much_each_holds() -> None:
    partitions = {
        ("requests", 0): (0, 560_000),
        ("requests", 1): (0, 562_000),
        ("requests", 2): (10, 561_000),
        ("referrals", 0): (0, 168_000),
        ("referrals", 1): (0, 167_000),
        ("referrals", 2): (0, 169_000),
        ("beneficiaries", 0): (0, 118_000),
        ("centres", 0): (0, 0),
    }
    shares = split(partitions, 2)
    assert len(shares) == 2
    assert sorted(p for share in shares for p in share.begin) == sorted(partitions)
    sizes = sorted(share.size for share in shares)
    assert sizes[1] - sizes[0] <= 170_000  # no more apart than the smallest partition read
    assert sum(sizes) == sum(end - begin for begin, end in partitions.values())
    one = split(partitions, 1)
    assert len(one) == 1
    assert one[0].begin == {p: b for p, (b, _) in partitions.items()}
