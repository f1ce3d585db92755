"""What the processor must remember between events, and what it changed in the transaction
at hand: a change is seen by the events after it at once, and kept only when the
transaction that made it commits (the changelog's records are in that transaction)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar
from uuid import UUID

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Person:
    """What a person's later records need: where their file is, and their coded profile.
    ``regions``: every region that has had records of them (an erasure reaches each)."""

    centre: str
    region: str
    age_band: str
    sex: str
    municipality: str
    mgi_recipient: bool
    groups: tuple[str, ...]
    regions: tuple[str, ...]


class Staged(Generic[K, V]):
    """A table whose changes are staged until ``commit`` (``None``: deleted)."""

    def __init__(self) -> None:
        self.committed: dict[K, V] = {}
        self.staged: dict[K, V | None] = {}

    def get(self, key: K) -> V | None:
        if key in self.staged:
            return self.staged[key]
        return self.committed.get(key)

    def put(self, key: K, value: V | None) -> None:
        self.staged[key] = value

    def commit(self) -> None:
        for key, value in self.staged.items():
            if value is None:
                self.committed.pop(key, None)
            else:
                self.committed[key] = value
        self.staged.clear()

    def abort(self) -> None:
        self.staged.clear()


# A month's indicator in a region: region, month (YYYY-MM), indicator.
Row = tuple[str, str, str]


class State:
    """The people (by platform id) and the monthly counts (by row, then dimension), each
    staged."""

    def __init__(self) -> None:
        self.people: Staged[UUID, Person] = Staged()
        self.counts: Staged[Row, dict[str, int]] = Staged()

    def count(self, row: Row, dimension: str) -> None:
        counts = self.counts.staged.get(row)
        if counts is None:  # copied once a transaction, then counted in place
            counts = self.counts.staged[row] = dict(self.counts.committed.get(row, {}))
        counts[dimension] = counts.get(dimension, 0) + 1

    def changed_rows(self) -> dict[Row, dict[str, int]]:
        """The rows counted in this transaction, with their counts as they now stand."""
        return {row: counts for row, counts in self.counts.staged.items() if counts is not None}

    def commit(self) -> None:
        self.people.commit()
        self.counts.commit()

    def abort(self) -> None:
        self.people.abort()
        self.counts.abort()
