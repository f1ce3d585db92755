"""Reading a share of the topics into the read models' tallies.

Before the swap, a read model that offers ``bulk`` gathers the whole share in memory and
writes it once at the end (after the processes have traded what belongs to whom); the
others' tallies are written whenever they have grown large, by a thread of their own while
reading goes on. In the swap, every read model takes its live tally, written in the swap's
transaction.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import psycopg
from kk_contracts import ContractViolationError, decode_message
from servicekit.deadletters import park
from servicekit.projections import Projection, Tally

from kk_reporting.rebuild.shares import Outcome, Partition, Seen
from kk_reporting.tally import IdNumberDumper, copy_rows

log = logging.getLogger(__name__)
# Rows the other tallies may gather before they are written: the larger, the fewer rows
# written more than once.
WRITE_AT = 600_000
# A message is resent only by a relay that crashed before recording how far it had got, and
# then within its few unacknowledged batches (at most 10,000 events each) of the first
# sending: ids seen within this many messages of a partition are enough to know every
# resent one.
RESENT_WITHIN = 40_000
# What a bulk tally hands the other processes: per read model, per process, a blob.
Exchange = Callable[[dict[int, dict[int, bytes]]], Iterable[tuple[int, bytes]]]


def no_exchange(shares: dict[int, dict[int, bytes]]) -> Iterable[tuple[int, bytes]]:
    assert not any(shares.values()), "one process owns every place"
    return ()


class Reader:
    """Reads messages into the read models' tallies. ``bulk``: before the swap, each in its
    own transactions, one process (``part``) of ``parts``; else in the swap's transaction."""

    def __init__(
        self,
        projections: Sequence[Projection],
        conn: psycopg.Connection[Any],
        *,
        bulk: bool,
        part: int = 0,
        parts: int = 1,
        recent: dict[Partition, list[Seen]] | None = None,
    ) -> None:
        self.projections = projections
        self.conn = conn
        self.bulk = bulk
        self.outcome = Outcome(recent=recent if recent is not None else {})
        # the ids as numbers: hashed in C, where a UUID's hash is a call to Python
        self.seen = {i for window in self.outcome.recent.values() for _, i, _ in window}
        self.bulks: dict[int, Any] = {
            i: p.bulk(part, parts) for i, p in enumerate(projections) if bulk and hasattr(p, "bulk")
        }
        self.tallies = self._fresh()
        self.parked: list[tuple[Projection, Any, str]] = []
        # per topic and event type, the read models that keep it: indices, and groups
        self.routes: dict[tuple[str, type], tuple[list[int], tuple[str, ...]]] = {}
        self._writer: ThreadPoolExecutor | None = None
        self._writing: Future[None] | None = None

    def _fresh(self) -> list[Any]:
        """A tally for each read model: its bulk one, kept to the end, or a new one."""
        return [
            self.bulks[i] if i in self.bulks else p.tally()  # type: ignore[attr-defined]
            for i, p in enumerate(self.projections)
        ]

    def _gathered(self) -> int:
        return sum(len(t) for i, t in enumerate(self.tallies) if i not in self.bulks)

    def take(self, partition: Partition, records: Iterable[Any]) -> None:
        """A run of a partition's records (each with ``offset``, ``headers`` and
        ``value``), in their order."""
        outcome, tallies, routes, seen = self.outcome, self.tallies, self.routes, self.seen
        topic = partition[0]
        window = outcome.recent.get(partition)
        if window is None:
            window = outcome.recent[partition] = []
        for record in records:
            # Nearly every message is kept here, so each is decoded at once (a known event
            # no read model keeps is only skipped after, unlike the live consumers do).
            try:
                envelope = decode_message(record.headers, record.value)
            except ContractViolationError:
                outcome.unreadable += 1
                continue
            route = (topic, type(envelope.data))
            kept = routes.get(route)
            if kept is None:
                kept = routes[route] = self._targets(*route)
            targets, groups = kept
            if not targets:
                continue
            # A resent message: its id among the last ``RESENT_WITHIN`` of its partition (or
            # a few more: the older ones are forgotten a batch at a time).
            number = envelope.id.int
            if number in seen:
                outcome.duplicates += 1
                continue
            window.append((record.offset, number, groups))
            seen.add(number)
            outcome.events += 1
            for i in targets:
                try:
                    tallies[i].add(envelope)
                except Exception as exc:
                    outcome.parked += 1
                    reason = f"{envelope.type} could not be applied: {exc}"
                    self.parked.append((self.projections[i], _Parked.of(partition, record), reason))
        if len(window) > 2 * RESENT_WITHIN:
            seen.difference_update(i for _, i, _ in window[:-RESENT_WITHIN])
            del window[:-RESENT_WITHIN]
        if self._gathered() >= WRITE_AT:
            self.write(wait=False)
        # What it keeps lives to the end: the collector need not look at it again.
        gc.freeze()

    def _targets(self, topic: str, event: type) -> tuple[list[int], tuple[str, ...]]:
        targets = [
            i
            for i, p in enumerate(self.projections)
            if topic in p.topics and issubclass(event, tuple(getattr(p, "events", (object,))))
        ]
        return targets, tuple(self.projections[i].group for i in targets)

    def write(self, *, wait: bool = True) -> None:
        """Writes what the tallies gathered (after the write before, if one is under way),
        and starts them afresh. The bulk tallies wait for ``finish``."""
        tallies = [t for i, t in enumerate(self.tallies) if i not in self.bulks]
        parked = self.parked
        self.tallies, self.parked = self._fresh(), []
        if self._writing is not None:
            self._writing.result()
            self._writing = None
        if not self.bulk:
            with self.conn.transaction(), self.conn.cursor() as cur:  # savepoints in the swap
                for tally in tallies:
                    tally.write(cur)
                _park(cur, parked)
            return
        if self._writer is None:
            self._writer = ThreadPoolExecutor(1, thread_name_prefix="rebuild-writer")
        self._writing = self._writer.submit(self._write_each, tallies, parked)
        if wait:
            self._writing.result()
            self._writing = None

    def finish(self, exchange: Exchange = no_exchange) -> None:
        """The bulk tallies, once every message is in: what belongs to the other processes
        handed over and theirs taken in, twice (what each read, then what each made of it),
        then written, each read model in a transaction."""
        clock = _Clock(self.outcome.seconds)
        self.write()
        for window in self.outcome.recent.values():
            del window[:-RESENT_WITHIN]
        with self.conn.transaction(), self.conn.cursor() as cur:
            self._write_inbox(cur)
        shares = {i: bulk.shares() for i, bulk in self.bulks.items()}
        clock.lap("sharing out")
        for i, share in exchange(shares):
            self.bulks[i].merge(share)
        clock.lap("trading")
        # then what each makes of its own that another writes (the nation's sums, say)
        sums = {i: bulk.sums() for i, bulk in self.bulks.items()}
        for i, share in exchange(sums):
            self.bulks[i].merge_sums(share)
        clock.lap("adding up")
        for bulk in self.bulks.values():
            with self.conn.transaction(), self.conn.cursor() as cur:
                cur.execute("SET LOCAL synchronous_commit TO off")
                bulk.write(cur)
        clock.lap("writing")

    def _write_inbox(self, cur: psycopg.Cursor[Any]) -> None:
        """The ids seen last in each partition, into the rebuilt inbox of each read model
        that keeps their events (as a live consumer's inbox holds those it applied): the
        live consumer, carrying on from here, knows a resend of them."""
        rows = (
            (group, number)
            for window in self.outcome.recent.values()
            for _, number, groups in window
            for group in groups
        )
        cur.adapters.register_dumper(None, IdNumberDumper)  # for this COPY's uuid column
        copy_rows(cur, "consumer_inbox (group_id, event_id)", ["text", "uuid"], rows)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.shutdown(wait=True, cancel_futures=True)

    def _write_each(self, tallies: list[Tally], parked: list[tuple[Projection, Any, str]]) -> None:
        for tally in tallies:
            if not len(tally):
                continue
            for attempt in range(3):
                try:
                    with self.conn.transaction(), self.conn.cursor() as cur:
                        cur.execute("SET LOCAL synchronous_commit TO off")
                        tally.write(cur)
                except psycopg.errors.DeadlockDetected:
                    if attempt == 2:
                        raise
                    log.warning("two rebuild workers wrote the same rows; writing again")
                else:
                    break
        if parked:
            with self.conn.transaction(), self.conn.cursor() as cur:
                _park(cur, parked)


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
        return cls(topic, number, record.offset, record.key, record.value, list(record.headers))


class _Clock:
    """Records in ``seconds`` how long each step took since the one before."""

    def __init__(self, seconds: dict[str, float]) -> None:
        self.seconds = seconds
        self.at = time.monotonic()

    def lap(self, step: str) -> None:
        now = time.monotonic()
        self.seconds[step] = now - self.at
        self.at = now


def _park(cur: psycopg.Cursor[Any], parked: list[tuple[Projection, Any, str]]) -> None:
    for projection, record, reason in parked:
        park(cur, projection, record, reason)
