"""The monthly counts as the region's monthly topic shows them: counts from 1 to 4
withheld, and where a month's indicator would then withhold a single count, the next
smallest beside it too, so that no total (which a reader can make from the other
indicators) gives it back. The dashboards follow the same rule."""

from __future__ import annotations

from collections.abc import Mapping

from kk_contracts.minimisation import SMALL
from kk_contracts.observatory import MonthlyCount

from kk_observatory.domain.state import Row


def shown(counts: Mapping[str, int]) -> dict[str, int | None]:
    """One row's counts by dimension, as shown: ``None`` where withheld."""
    hidden = {d for d, n in counts.items() if 0 < n < SMALL}
    if len(hidden) == 1:
        others = [d for d in counts if d not in hidden]
        if others:  # the smallest other, a non-zero one if there is one
            hidden.add(min(others, key=lambda d: (counts[d] == 0, counts[d], d)))
    return {d: None if d in hidden else n for d, n in counts.items()}


def records(row: Row, counts: Mapping[str, int]) -> list[MonthlyCount]:
    """The row's records, a dimension each, in the dimensions' order."""
    _, month, indicator = row
    return [
        MonthlyCount(
            cell=f"{month}|{indicator}|{dimension}",
            month=month,
            indicator=indicator,
            dimension=dimension,
            count=n,
        )
        for dimension, n in sorted(shown(counts).items())
    ]
