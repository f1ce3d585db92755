"""Running the generator: ``produce`` deals the shards out to one process per CPU (at most
``SHARDS``), each spawned with a producer of its own, hears from them through a queue how
they are getting on, and adds up what they produced. With one process, it all runs in this
one."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
import traceback
from collections import Counter
from datetime import UTC, datetime
from queue import Empty
from typing import TYPE_CHECKING, Any

from servicekit.kafka import ensure_topics
from servicekit.progress import Throttled

from bench.national.centres import real_centres
from bench.national.codes import SOURCES
from bench.national.generated import Generated
from bench.national.sending import produce_shards
from bench.national.shards import SHARDS, Params
from bench.national.timeline import month_span

if TYPE_CHECKING:
    from collections.abc import Callable


def produce(
    bootstrap_servers: str,
    *,
    seed: int = 2026,
    centres: int = 250,
    years: int = 10,
    per_centre_year: float = 150,
    now: datetime | None = None,
    processes: int | None = None,
    progress: bool = True,
) -> Generated:
    """Produces the national activity to the topics; what it produced, and how fast.

    Building and encoding the events is pure Python work: ``processes`` (by default one per
    CPU, at most ``SHARDS``) share the shards, each with a producer of its own, and wait for
    each other at the end of every month, so the topics hold the months in order."""
    params = Params(
        bootstrap_servers,
        seed,
        centres,
        years,
        per_centre_year,
        (now or datetime.now(UTC)).astimezone(UTC),
    )
    chosen = real_centres(centres)
    months = month_span(years, params.now.date())
    asyncio.run(ensure_topics(bootstrap_servers, sorted(SOURCES)))
    count = max(1, min(processes or os.cpu_count() or 1, SHARDS))
    groups = [list(range(SHARDS))[p::count] for p in range(count)]
    bar = Throttled("  people's files written", 1, every=0.25)
    parts: list[dict[str, Any]] = []
    started: list[float] = []
    planned, done = [], 0

    def note(kind: str, value: Any) -> None:
        nonlocal done
        if kind == "planned":
            planned.append(value)
            bar.total = max(sum(planned), 1)
        elif kind == "started":
            started.append(value)
        elif kind == "progress":
            done += value
            if progress and len(planned) == count:
                bar(done)
        elif kind == "done":
            parts.append(value)
        elif kind == "failed":
            raise RuntimeError(f"the national generator failed:\n{value}")

    if count == 1:
        asyncio.run(produce_shards(params, groups[0], _NoBarrier(), note))
    else:
        _in_processes(params, groups, note, lambda: len(parts) == count)
    finished = time.time()
    result = Generated(
        centres=[c.centre_id for c in chosen],
        beneficiaries=sum(p["beneficiaries"] for p in parts),
        first_month=f"{months[0][0]}-{months[0][1]:02d}",
        last_month=f"{months[-1][0]}-{months[-1][1]:02d}",
        per_topic=dict(sorted(sum((Counter(p["per_topic"]) for p in parts), Counter()).items())),
        per_type=dict(sorted(sum((Counter(p["per_type"]) for p in parts), Counter()).items())),
        seconds=finished - min(started),
        bytes=sum(p["bytes"] for p in parts),
        processes=count,
    )
    if progress and done < bar.total:
        bar(bar.total)
    return result


class _NoBarrier:
    """The barrier of a single process: nobody to wait for."""

    def wait(self) -> int:
        return 0

    def abort(self) -> None:
        pass


def _in_processes(
    params: Params,
    groups: list[list[int]],
    note: Callable[[str, Any], None],
    finished: Callable[[], bool],
) -> None:
    context = multiprocessing.get_context("spawn")  # no inherited threads or event loops
    queue = context.Queue()
    barrier = context.Barrier(len(groups), timeout=600)
    workers = [
        context.Process(
            target=_work, args=(params, group, barrier, queue), name=f"bench-national-{i}"
        )
        for i, group in enumerate(groups)
    ]
    for w in workers:
        w.start()
    try:
        while not finished():
            try:
                kind, value = queue.get(timeout=1)
            except Empty:
                dead = [w for w in workers if w.exitcode not in (None, 0)]
                if dead:
                    died = f"{dead[0].name} died (exit code {dead[0].exitcode})"
                    raise RuntimeError(died) from None
                continue
            note(kind, value)
    finally:
        for w in workers:
            w.join(timeout=30)
            if w.is_alive():
                w.terminate()
                w.join()


def _work(params: Params, shards: list[int], barrier: Any, queue: Any) -> None:
    """One process of the generator."""
    try:
        asyncio.run(produce_shards(params, shards, barrier, lambda k, v: queue.put((k, v))))
    except BaseException:
        barrier.abort()
        queue.put(("failed", traceback.format_exc()))
