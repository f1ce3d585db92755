"""A rebuild's reading: the partitions shared out between the processes of a standard
``ProcessPoolExecutor`` (one per core) when there is much to read, else read here, each
share by one consumer, its partitions together.

A partition is read whole, in order, by one process: what some events leave (a referral's
dates, an overdue item's fate) depends on the order of one partition's events. Its share's
partitions are read together, as a live consumer reads those assigned to it, so that a batch
holds some weeks of every one of them, and a centre's month is written once a batch rather
than once a partition. The processes count what they have read into one shared number,
which the parent reads for its progress."""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from servicekit.projections import Projection

from kk_reporting.adapters.rebuild.applier import Applier
from kk_reporting.adapters.rebuild.fetching import kafka_reader, read_partitions
from kk_reporting.adapters.rebuild.shadow import connect
from kk_reporting.adapters.rebuild.shares import Outcome, Partition

Advanced = Callable[[int], None]


@dataclass(frozen=True)
class Job:
    """Some partitions to read into the shadow schema (pickled to a worker process), each
    from ``begin`` up to ``end``."""

    database_url: str
    shadow: str
    bootstrap_servers: str
    client_id: str
    projections: Sequence[Projection]
    begin: dict[Partition, int]
    end: dict[Partition, int]

    @property
    def size(self) -> int:
        return sum(self.end[p] - self.begin[p] for p in self.begin)


def shares(
    begin: dict[Partition, int], end: dict[Partition, int], ways: int
) -> list[tuple[dict[Partition, int], dict[Partition, int]]]:
    """The partitions in ``ways`` shares: a topic's partitions kept together (its events
    count into the same rows, which two processes would otherwise take turns to lock), the
    topics each in turn, the largest first, to the smallest share so far."""
    topics: dict[str, list[Partition]] = {}
    for p in begin:
        topics.setdefault(p[0], []).append(p)

    def size(ps: list[Partition]) -> int:
        return sum(end[p] - begin[p] for p in ps)

    parts: list[list[Partition]] = [[] for _ in range(max(ways, 1))]
    sizes = [0] * len(parts)
    for topic in sorted(topics, key=lambda t: (size(topics[t]), t), reverse=True):
        smallest = sizes.index(min(sizes))
        parts[smallest] += sorted(topics[topic])
        sizes[smallest] += size(topics[topic])
    return [({p: begin[p] for p in ps}, {p: end[p] for p in ps}) for ps in parts if ps]


def read_share(job: Job, advanced: Advanced | None = None) -> Outcome:
    """The share's records applied and written; what that came to. ``advanced`` hears how
    many were read, a run at a time."""
    told = advanced or _count
    started = time.monotonic()
    with (
        connect(job.database_url, job.shadow) as conn,
        kafka_reader(job.bootstrap_servers, job.client_id) as consumer,
    ):
        applier = Applier(job.projections, conn)

        def take(partition: Partition, run: list[Any]) -> None:
            applier.take(partition, run)
            told(len(run))

        seconds = applier.outcome.seconds
        applier.outcome.next_offsets.update(
            read_partitions(consumer, job.begin, job.end, take, seconds)
        )
        applier.finish()
    seconds["reading (the slowest process)"] = time.monotonic() - started
    return applier.outcome


async def read_all(jobs: Sequence[Job], advanced: Advanced) -> Outcome:
    """Every job's share read, each by a process of its own (or here, if only one)."""
    read = Outcome()
    if len(jobs) <= 1:
        for job in jobs:
            read.merge(await asyncio.to_thread(read_share, job, advanced))
        return read
    context = multiprocessing.get_context("spawn")  # no threads or event loops inherited
    counter = context.Value("q", 0)
    with ProcessPoolExecutor(
        len(jobs), mp_context=context, initializer=_start, initargs=(counter,)
    ) as pool:
        pending: set[Future[Outcome]] = {pool.submit(read_share, job) for job in jobs}
        told = 0
        while pending:
            finished, pending = await asyncio.to_thread(wait, pending, 0.5, FIRST_COMPLETED)
            for future in finished:
                read.merge(future.result())  # a worker's failure raised here
            now = counter.value
            advanced(now - told)
            told = now
    return read


_counter: Any = None  # in a worker process: the number of records read, shared


def _start(counter: Any) -> None:
    global _counter
    _counter = counter
    # What a batch keeps makes no cycles, and is freed by reference counting once written:
    # the cyclic collector, which would look at the tallies again and again as they grow
    # (a fifth of the reading's time), runs only after each batch is written (``Applier``).
    gc.disable()


def _count(n: int) -> None:
    with _counter.get_lock():
        _counter.value += n
