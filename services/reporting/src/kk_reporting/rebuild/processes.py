"""A rebuild's reading shared out between worker processes (one per core): each asks the
parent for a partition to read, the largest first, until none is left (so that one that
reads faster reads more), then the bulk tallies trade what each read of the places the
others write, through the parent, then what each made of its own that another writes (the
nation's sums, of each one's regions), and each writes its own.

The workers are spawned (no threads or event loops inherited) and end with the process that
started them. Each keeps what it reads to the end, or throws it away whole: the cyclic
garbage collector, which would look at all of it again and again, is off in them."""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import os
import queue
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row
from servicekit.projections import Projection

from kk_reporting.rebuild.fetching import kafka_reader, read_into
from kk_reporting.rebuild.reader import Reader
from kk_reporting.rebuild.shares import Outcome, Share


@dataclass
class Work:
    """What a worker process is given (it is pickled to it)."""

    database_url: str
    shadow: str
    bootstrap_servers: str
    client_id: str
    projections: Sequence[Projection]
    topics: Sequence[str]  # the projections' topics
    part: int
    parts: int


def connect(database_url: str, schema: str) -> psycopg.Connection[Any]:
    conn: psycopg.Connection[Any] = psycopg.connect(
        database_url, autocommit=True, row_factory=dict_row
    )
    conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))
    return conn


def _worker(work: Work, reports: Any, assigned: Any, traded: Any) -> None:
    """Reads partitions into the shadow tables while there are any, then says what it
    came to."""
    gc.disable()
    try:
        with connect(work.database_url, work.shadow) as conn:
            reader = Reader(work.projections, conn, bulk=True, part=work.part, parts=work.parts)
            try:
                started = time.monotonic()
                _read_assigned(work, reader, reports, assigned)
                seconds = reader.outcome.seconds
                seconds["reading"] = seconds[f"reading in process {work.part}"] = (
                    time.monotonic() - started
                )
                reader.finish(lambda shares: _trade(work.part, shares, reports, traded))
            finally:
                reader.close()
        reports.put(("done", reader.outcome))
    except BaseException:
        reports.put(("failed", traceback.format_exc()))
        raise
    # Once the parent has the outcome, the process ends at once: freeing what it read (a
    # gigabyte of small objects, one at a time) would hold up the parent, which waits for it,
    # by a second or so. Its connection is closed; nothing else of it outlives it.
    reports.close()
    reports.join_thread()
    logging.shutdown()
    os._exit(0)


def _read_assigned(work: Work, reader: Reader, reports: Any, assigned: Any) -> None:
    with ExitStack() as stack:
        fetcher = None
        while True:
            reports.put(("next", work.part))
            message = assigned.get()
            if message[0] == "nothing more":
                return
            _, partition, begin, end = message
            reader.outcome.next_offsets[partition] = begin
            if end <= begin:
                continue
            if fetcher is None:
                fetcher = stack.enter_context(
                    kafka_reader(work.bootstrap_servers, work.client_id, work.topics)
                )
            share = Share({partition: begin}, {partition: end})
            read_into(fetcher, share, reader, lambda n: reports.put(("advanced", n)))


def _trade(
    part: int, shares: dict[int, dict[int, bytes]], reports: Any, traded: Any
) -> Iterable[tuple[int, bytes]]:
    """Sends the parent what belongs to the other processes (per read model, per process),
    then takes what they send this one, until the parent says all is sent."""
    for model, blobs in shares.items():
        for to, blob in blobs.items():
            reports.put(("share", to, model, blob))
    reports.put(("shared", part))
    while True:
        message = traded.get()
        if message[0] == "all shared":
            return
        yield message[1], message[2]


async def in_processes(
    whole: Share, ways: int, make: Callable[[int], Work], advanced: Callable[[int], None]
) -> Outcome:
    """The partitions read by ``ways`` processes, each taking the largest left whenever it
    is free; what they came to, together."""
    context = multiprocessing.get_context("spawn")
    reports = context.Queue()
    # to each process: the partitions it is to read, and (once it has read them) its trades
    assigned = [context.Queue() for _ in range(ways)]
    traded = [context.Queue() for _ in range(ways)]
    left = sorted(whole.begin, key=lambda p: whole.end[p] - whole.begin[p])
    workers = [
        context.Process(
            target=_worker,
            args=(make(i), reports, assigned[i], traded[i]),
            name=f"rebuild-{i}",
            daemon=True,  # they end with the process that started them
        )
        for i in range(ways)
    ]
    for w in workers:
        w.start()
    read, finished, shared = Outcome(), 0, 0
    try:
        while finished < len(workers):
            try:
                kind, *value = await asyncio.to_thread(reports.get, True, 0.5)
            except queue.Empty:
                dead = [w for w in workers if w.exitcode not in (None, 0)]
                if dead:
                    raise RuntimeError(f"{dead[0].name} ended with {dead[0].exitcode}") from None
                continue
            if kind == "advanced":
                advanced(value[0])
            elif kind == "next":
                if left:
                    p = left.pop()
                    assigned[value[0]].put(("read", p, whole.begin[p], whole.end[p]))
                else:
                    assigned[value[0]].put(("nothing more",))
            elif kind == "share":
                to, model, blob = value
                traded[to].put(("share", model, blob))
            elif kind == "shared":
                shared += 1
                if shared == len(workers):  # every share is in the queues before this
                    for trades in traded:
                        trades.put(("all shared",))
                    shared = 0  # (the workers trade twice)
            elif kind == "done":
                read.merge(value[0])
                finished += 1
            else:
                raise RuntimeError(f"a rebuild worker failed:\n{value[0]}")
    finally:
        for w in workers:
            w.join(timeout=5)
            if w.is_alive():
                w.terminate()
    return read
