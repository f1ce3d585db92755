"""What the processor must remember between events, and what it changed in the transaction
at hand: a change is seen by the events after it at once, and kept only when the
transaction that made it commits (the changelog's records are in that transaction)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar
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
    erased: bool = False  # kept, so that no later event of theirs makes a record


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
    """The people (by platform id); the monthly counts (by row, then dimension); the rows
    changed since they were last published (``pending``) and the events counted into each
    region's month since then (``events``); the calendar month of the last publication
    (``meta``). Each staged."""

    def __init__(self) -> None:
        self.people: Staged[UUID, Person] = Staged()
        self.counts: Staged[Row, dict[str, int]] = Staged()
        self.pending: Staged[Row, bool] = Staged()
        self.events: Staged[tuple[str, str], int] = Staged()
        self.meta: Staged[str, str] = Staged()

    def count(self, row: Row, dimension: str) -> None:
        counts = self.counts.staged.get(row)
        if counts is None:  # copied once a transaction, then counted in place
            counts = self.counts.staged[row] = dict(self.counts.committed.get(row, {}))
        counts[dimension] = counts.get(dimension, 0) + 1
        if not self.pending.get(row):
            self.pending.put(row, True)

    def counted(self, region: str, month: str) -> None:
        """One more event counted into the region's month (into one or more rows)."""
        self.events.put((region, month), (self.events.get((region, month)) or 0) + 1)

    def changed_rows(self) -> dict[Row, dict[str, int]]:
        """The rows counted in this transaction, with their counts as they now stand."""
        return {row: counts for row, counts in self.counts.staged.items() if counts is not None}

    def publishable(self, month: str, at_least: int) -> list[Row]:
        """The rows to publish now, marked published. Never those of ``month`` (the calendar
        month at hand, whose counts would tell of each event as it comes); those of a
        region's earlier months once ``at_least`` events are pending in them, or a month
        has closed since the last publication. A reader comparing two publications then
        learns of a batch of events, not of one person."""
        closed_since = self.meta.get("published_month") != month
        if closed_since:
            self.meta.put("published_month", month)
        waiting: dict[str, int] = {}
        for key in {*self.events.committed, *self.events.staged}:
            n = self.events.get(key)
            if n and key[1] < month:
                waiting[key[0]] = waiting.get(key[0], 0) + n
        due = {region for region, n in waiting.items() if closed_since or n >= at_least}
        if not due:
            return []
        for key in [k for k in {*self.events.committed, *self.events.staged} if k[0] in due]:
            if key[1] < month:
                self.events.put(key, None)
        rows = [
            row
            for row in {*self.pending.committed, *self.pending.staged}
            if row[0] in due and row[1] < month and self.pending.get(row)
        ]
        for row in rows:
            self.pending.put(row, None)
        return sorted(rows)

    def tables(self) -> tuple[Staged[Any, Any], ...]:
        return (self.people, self.counts, self.pending, self.events, self.meta)

    def commit(self) -> None:
        for table in self.tables():
            table.commit()

    def abort(self) -> None:
        for table in self.tables():
            table.abort()
