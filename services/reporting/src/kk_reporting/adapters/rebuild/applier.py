"""Applying a partition's records to the read models through their own tallies, the very
code the live consumers run, in batches hundreds of times larger than theirs.

A batch is written whenever its tallies have grown to ``WRITE_AT`` rows, in a transaction of
its own before the swap (or in the swap's, under the fences), so memory stays bounded
whatever the number of events.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from kk_contracts import ContractViolationError, decode_message
from servicekit.deadletters import park
from servicekit.projections import Projection, Tally

from kk_reporting.adapters.rebuild.shares import Outcome, Partition, Seen
from kk_reporting.adapters.tally import IdNumberDumper, copy_rows

log = logging.getLogger(__name__)
# Rows the tallies may gather before they are written: the larger, the fewer rows written
# more than once (a centre's month is counted in every batch that meets it).
WRITE_AT = 400_000
# A message is resent only by a relay that crashed before recording how far it had got, and
# then within its few unacknowledged batches (at most 10,000 events each) of the first
# sending: ids seen within this many messages of a partition are enough to know every
# resent one.
RESENT_WITHIN = 40_000
# Two processes write the same centres' rows, each in the keys' order; should they meet
# otherwise, the batch is written again.
ATTEMPTS = 3


class Applier:
    """Applies records to every read model that keeps them, once each. ``in_swap``: into
    the swap's transaction (each batch in a savepoint), else each batch committed."""

    def __init__(
        self,
        projections: Sequence[Projection],
        conn: psycopg.Connection[Any],
        *,
        in_swap: bool = False,
        recent: dict[Partition, list[Seen]] | None = None,
    ) -> None:
        self.projections = projections
        self.conn = conn
        self.in_swap = in_swap
        self.outcome = Outcome(recent=recent if recent is not None else {})
        # the ids as numbers: hashed in C, where a UUID's hash is a call to Python
        self.seen = {i for window in self.outcome.recent.values() for _, i, _ in window}
        self.tallies = self._fresh()
        self.parked: list[tuple[Projection, _Parked, str]] = []
        # per topic and event type, the read models that keep it: indices, and groups
        self.routes: dict[tuple[str, type], tuple[list[int], tuple[str, ...]]] = {}

    def _fresh(self) -> list[Tally]:
        """A tally for each read model; before the swap, as a rebuild's for those that
        leave some work to the end (``rebuilt``)."""
        return [
            p.tally(rebuilding=True)  # type: ignore[attr-defined]
            if hasattr(p, "rebuilt") and not self.in_swap
            else p.tally()  # type: ignore[attr-defined]
            for p in self.projections
        ]

    def take(self, partition: Partition, records: Iterable[Any]) -> None:
        """A run of a partition's records (confluent-kafka messages), in their order."""
        outcome, tallies, routes, seen = self.outcome, self.tallies, self.routes, self.seen
        topic = partition[0]
        window = outcome.recent.setdefault(partition, [])
        for record in records:
            try:
                envelope = decode_message(record.headers() or (), record.value())
            except ContractViolationError:
                outcome.unreadable += 1  # dead-lettered when the live consumer met it
                continue
            route = (topic, type(envelope.data))
            kept = routes.get(route)
            if kept is None:
                kept = routes[route] = self._targets(*route)
            targets, groups = kept
            if not targets:
                continue
            number = envelope.id.int
            if number in seen:  # a resent message
                outcome.duplicates += 1
                continue
            window.append((record.offset(), number, groups))
            seen.add(number)
            outcome.events += 1
            for i in targets:
                try:
                    tallies[i].add(envelope)
                except Exception as exc:
                    outcome.parked += 1
                    reason = f"{envelope.type} could not be applied: {exc}"
                    self.parked.append((self.projections[i], _Parked.of(partition, record), reason))
        if len(window) > 2 * RESENT_WITHIN:  # the older ids forgotten a run at a time
            seen.difference_update(i for _, i, _ in window[:-RESENT_WITHIN])
            del window[:-RESENT_WITHIN]
        if sum(len(t) for t in tallies) >= WRITE_AT:
            del tallies  # this run's hold on them: they are freed once written
            self.write()

    def _targets(self, topic: str, event: type) -> tuple[list[int], tuple[str, ...]]:
        targets = [
            i
            for i, p in enumerate(self.projections)
            if topic in p.topics and issubclass(event, tuple(getattr(p, "events", (object,))))
        ]
        return targets, tuple(self.projections[i].group for i in targets)

    def write(self) -> None:
        """Writes what the tallies gathered, each read model in a transaction of its own (a
        process holds another's rows no longer than it must), and starts them afresh."""
        started = time.monotonic()
        self._write_batch()
        # In a worker process the collector runs only here, once the written tallies are
        # freed (``_write_batch`` has returned): else it would look through their millions
        # of keys every time.
        if not gc.isenabled():
            gc.collect()
        seconds = self.outcome.seconds
        seconds["writing batches"] = (
            seconds.get("writing batches", 0.0) + time.monotonic() - started
        )

    def _write_batch(self) -> None:
        tallies, parked = self.tallies, self.parked
        self.tallies, self.parked = self._fresh(), []
        for tally in tallies:
            self._write(tally.write)
        if parked:

            def park_all(cur: psycopg.Cursor[Any]) -> None:
                for one in parked:
                    park(cur, *one)

            self._write(park_all)

    def _write(self, write: Callable[[psycopg.Cursor[Any]], object]) -> None:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with self.conn.transaction(), self.conn.cursor() as cur:
                    if not self.in_swap:
                        cur.execute("SET LOCAL synchronous_commit TO off")  # the swap's is not
                    write(cur)
            except psycopg.errors.DeadlockDetected:
                if attempt == ATTEMPTS or self.in_swap:
                    raise
                log.warning("two rebuild processes wrote the same rows; writing again")
            else:
                return

    def finish(self) -> None:
        """Writes the rest, then the ids seen last in each partition into the rebuilt inbox
        of each read model that keeps their events (as a live consumer's inbox holds those
        it applied), so that the live consumer, carrying on from here, knows a resend."""
        self.write()
        for window in self.outcome.recent.values():
            del window[:-RESENT_WITHIN]
        rows = (
            (group, number)
            for window in self.outcome.recent.values()
            for _, number, groups in window
            for group in groups
        )
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.adapters.register_dumper(None, IdNumberDumper)  # for this COPY's uuid column
            copy_rows(cur, "consumer_inbox (group_id, event_id)", ["text", "uuid"], rows)


@dataclass(frozen=True, slots=True)
class _Parked:
    """A record a read model could not take, as the dead letters keep it."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]]

    @classmethod
    def of(cls, partition: Partition, record: Any) -> _Parked:
        topic, number = partition
        return cls(
            topic, number, record.offset(), record.key(), record.value(), record.headers() or []
        )
