"""Reporting at national scale: rebuilding its read models from years of topics, and the
dashboards' JSON answers with those years in place."""

from __future__ import annotations

import asyncio
import gc
import statistics
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

import httpx
import kk_reporting.adapters.rebuild as rebuilding
import psutil
import psycopg
from kk_reporting.adapters.projections import ActivityTally
from kk_reporting.adapters.rebuild import Rebuild, applier
from kk_reporting.adapters.rebuild.runs import Runs
from kk_reporting.adapters.tally import MonthlyTally
from kk_reporting.bootstrap import MIGRATIONS, bootstrap, read_models
from kk_reporting.config import Settings
from servicekit.progress import Throttled

MB = 1024 * 1024
TABLES = (
    "centre_dim",
    "centre_activity",
    "monthly_facts",
    "place_facts",
    "place_months",
    "open_overdue",
    "overdue_counts",
    "referral_days",
)


def settings(env: dict[str, str]) -> Settings:
    return Settings(**{k.lower(): v for k, v in env.items()})


def prepare(env: dict[str, str]) -> Settings:
    """Reporting's schema, tracking tables and read models, as the service makes them at
    start (the rebuild's swap puts its tables in their place)."""
    s = settings(env)
    bootstrap(s).close()
    return s


class PeakRss:
    """The largest resident size of this process and the processes it starts while it runs
    (the rebuild's workers), together, sampled every 100 ms. Those it had started before
    (the broker and the identity provider of the bench's stack) are not counted. The
    processes are looked for once a second only: that walks every process of the machine,
    and the sampler must not take the CPU from what it measures."""

    def __init__(self) -> None:
        self.process = psutil.Process()
        self.children: list[psutil.Process] = []
        self.already = {p.pid for p in self.process.children(recursive=True)}
        self.peak = self.before = self._rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _rss(self) -> int:
        total = self.process.memory_info().rss
        for child in self.children:
            with suppress(psutil.NoSuchProcess):
                total += child.memory_info().rss
        return total

    def _sample(self) -> None:
        looked = 0.0
        while not self._stop.wait(0.1):
            if time.monotonic() - looked >= 1.0:
                self.children = [
                    p for p in self.process.children(recursive=True) if p.pid not in self.already
                ]
                looked = time.monotonic()
            self.peak = max(self.peak, self._rss())

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())


def rebuild(
    s: Settings, label: str = "  messages rebuilt", processes: int | None = None
) -> dict[str, Any]:
    """One rebuild of reporting's read models from the topics, started from this process
    (which shares the reading out between processes, as the service does)."""
    run = Rebuild(
        database_url=s.database_url,
        schema=s.db_schema,
        bootstrap_servers=s.kafka_bootstrap_servers,
        projections=read_models(),
        migrations=MIGRATIONS,
        processes=processes,
    )
    run.claim()
    bar = Throttled(label, 1, every=0.25)
    last = (-1, -1)

    def progress(done: int, total: int) -> None:
        nonlocal last
        if (done, total) != last:  # the end is reported twice: before and after the swap
            last = (done, total)
            bar.total = max(total, 1)
            bar(done)

    with PeakRss() as rss:
        report = asyncio.run(run.run(progress))
    return {
        "events": report.events,
        "duplicates": report.duplicates,
        "unreadable": report.unreadable,
        "parked": report.parked,
        "seconds": report.seconds,
        "events_per_s": report.events_per_s,
        "processes": report.processes,
        "steps": report.steps,
        "rss_before_mb": rss.before / MB,
        "peak_rss_mb": rss.peak / MB,
        "rows": table_rows(s),
    }


def table_rows(s: Settings) -> dict[str, int]:
    with psycopg.connect(s.database_url) as conn:
        return {
            t: int(conn.execute(f"SELECT count(*) FROM {s.db_schema}.{t}").fetchone()[0])  # type: ignore[index]
            for t in TABLES
        }


# Where a rebuild's time goes: wall-clock seconds in each part, measured by wrapping the
# functions the rebuild calls (not its code): waiting on Kafka, decoding, each read model's
# Python aggregation and its statements in PostgreSQL, and the commit and the rest.


TAKE, DECODE = "take", "decode"
WRITE, STATEMENTS, ENDS = "write", "statements", "transaction ends"
ADVANCE, VACUUM, SWAP = "advance", "vacuum", "swap"


class _Clock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, owner: Any, name: str, part: str) -> Callable[[], None]:
        original = getattr(owner, name)
        clock = self

        if asyncio.iscoroutinefunction(original):

            async def timed_async(*args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return await original(*args, **kwargs)
                finally:
                    clock.add(part, time.perf_counter() - started)

            setattr(owner, name, timed_async)
        else:

            def timed(*args: Any, **kwargs: Any) -> Any:
                started = time.perf_counter()
                try:
                    return original(*args, **kwargs)
                finally:
                    clock.add(part, time.perf_counter() - started)

            setattr(owner, name, timed)
        return lambda: setattr(owner, name, original)

    def sql(self) -> Callable[[], None]:
        original = psycopg.Cursor.execute
        clock = self

        def execute(cur: Any, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(cur, *args, **kwargs)
            finally:
                clock.add(STATEMENTS, time.perf_counter() - started)

        psycopg.Cursor.execute = execute  # type: ignore[method-assign,assignment]
        return lambda: setattr(psycopg.Cursor, "execute", original)

    def add(self, part: str, seconds: float) -> None:
        self.seconds[part] += seconds
        self.calls[part] += 1

    def collections(self) -> Callable[[], None]:
        """The cyclic garbage collector's pauses (they land inside whatever allocates)."""
        started = [0.0]

        def callback(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                started[0] = time.perf_counter()
            else:
                self.add(f"gc generation {info['generation']}", time.perf_counter() - started[0])

        gc.callbacks.append(callback)
        return lambda: gc.callbacks.remove(callback)


@contextmanager
def _clocked() -> Iterator[_Clock]:
    clock = _Clock()
    undo = [
        clock.wrap(applier.Applier, "take", TAKE),
        clock.wrap(applier, "decode_message", DECODE),
        clock.wrap(ActivityTally, "add", "ActivityTally.add"),
        clock.wrap(MonthlyTally, "add", "MonthlyTally.add"),
        clock.wrap(applier.Applier, "write", WRITE),
        clock.wrap(ActivityTally, "write", "ActivityTally.write"),
        clock.wrap(MonthlyTally, "write", "MonthlyTally.write"),
        clock.wrap(psycopg.Transaction, "__exit__", ENDS),
        clock.wrap(Runs, "advance", ADVANCE),
        clock.wrap(rebuilding, "finish", VACUUM),
        clock.wrap(Rebuild, "_swap", SWAP),
        clock.sql(),
        clock.collections(),
    ]
    try:
        yield clock
    finally:
        for u in reversed(undo):
            u()


def profiled_rebuild(s: Settings) -> dict[str, Any]:
    """A second rebuild, in one process so that its parts can be timed (slower than the
    measured one, which shares the reading out between processes)."""
    with _clocked() as clock:
        started = time.perf_counter()
        report = rebuild(s, "  messages rebuilt (one process, timed parts)", processes=1)
        total = time.perf_counter() - started
    t, n = clock.seconds, clock.calls
    reading = report["steps"]["reading"]
    parts = [
        ("waiting on Kafka (reading, less the records' applying)", reading - t[TAKE], 0),
        ("applying runs of records (decode, tallies, batch writes)", t[TAKE], n[TAKE]),
        ("  decode_message", t[DECODE], n[DECODE]),
    ]
    parts += [
        (f"  {model}.add", t[f"{model}.add"], n[f"{model}.add"])
        for model in ("ActivityTally", "MonthlyTally")
    ]
    parts += [
        ("  batches written", t[WRITE], n[WRITE]),
        *(
            (f"    {model}.write", t[f"{model}.write"], n[f"{model}.write"])
            for model in ("ActivityTally", "MonthlyTally")
        ),
        ("    their statements in PostgreSQL", t[STATEMENTS], n[STATEMENTS]),
        ("    transaction ends (commits, savepoints)", t[ENDS], n[ENDS]),
        ("progress row updates", t[ADVANCE], n[ADVANCE]),
        ("summaries made once, statistics, vacuum", t[VACUUM], n[VACUUM]),
        ("swap (late records, tables, offsets, inbox)", t[SWAP], n[SWAP]),
    ]
    parts += [
        (f"garbage collector pauses, generation {g} (any thread)", t[key], n[key])
        for g in range(3)
        if (key := f"gc generation {g}") in t
    ]
    return {
        "seconds": total,
        "events_per_s": report["events_per_s"],
        "parts": [{"part": p, "seconds": sec, "calls": c} for p, sec, c in parts],
    }


def latencies(
    base: str, headers: dict[str, str], paths: list[str], *, warm_up: int = 10, count: int = 200
) -> dict[str, dict[str, float]]:
    """p50, p99 and max of ``count`` sequential GETs of each path (one keep-alive
    connection, after ``warm_up`` unmeasured ones), with the size of the answer."""
    out: dict[str, dict[str, float]] = {}
    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        for path in paths:
            for _ in range(warm_up):
                client.get(path).raise_for_status()
            times, size = [], 0
            for _ in range(count):
                started = time.perf_counter()
                response = client.get(path)
                times.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
                size = len(response.content)
            ordered = sorted(times)
            out[path] = {
                "p50_ms": statistics.median(ordered),
                "p99_ms": ordered[max(int(len(ordered) * 0.99) - 1, 0)],
                "max_ms": ordered[-1],
                "bytes": size,
                "count": count,
            }
    return out
