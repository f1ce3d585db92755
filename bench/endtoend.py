"""End to end: HTTP command accepted -> event store -> relay -> Kafka -> reporting read model."""

from __future__ import annotations

import statistics
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import psycopg
from confluent_kafka import Consumer
from devstack.processes import SERVICES
from devstack.stack import Stack
from psycopg import sql
from servicekit.kafka import librdkafka_config
from servicekit.outbox import event_id
from servicekit.progress import bar

from bench.baselines import log_ends
from tests.support import eventually, person

POLL_SECONDS = 0.01
WARM_UP = 100


@dataclass
class Latencies:
    count: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    throughput: float
    request_p50_ms: float
    request_p99_ms: float
    commit_p50_ms: float = 0.0
    commit_p99_ms: float = 0.0


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(int(len(ordered) * 0.99) - 1, 0)]


class VisibilityWatch:
    """Notes when each event becomes visible in reporting (its inbox row commits with the
    read model update, so its presence means the count includes it)."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.pending: dict[uuid.UUID, float] = {}
        self.visible: dict[uuid.UUID, float] = {}
        self.request_ms: list[float] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)

    def expect(self, beneficiary_id: str, sent_at: float, accepted_at: float) -> None:
        with self.lock:
            self.pending[event_id(uuid.UUID(beneficiary_id), 1)] = accepted_at
            self.request_ms.append((accepted_at - sent_at) * 1000)

    def _poll(self) -> None:
        with psycopg.connect(self.database_url, autocommit=True) as conn:
            while not self.stop.is_set():
                with self.lock:
                    waiting = [k for k in self.pending if k not in self.visible]
                if waiting:
                    rows = conn.execute(
                        "SELECT event_id FROM reporting.consumer_inbox WHERE event_id = ANY(%s)",
                        (waiting,),
                    ).fetchall()
                    now = time.perf_counter()
                    with self.lock:
                        for (found,) in rows:
                            self.visible.setdefault(found, now)
                time.sleep(POLL_SECONDS)

    def wait_all(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.visible) >= len(self.pending):
                    return
            time.sleep(0.05)
        raise RuntimeError(f"{len(self.pending) - len(self.visible)} events never became visible")

    def latencies(self, started: float) -> Latencies:
        delays = sorted((self.visible[k] - t) * 1000 for k, t in self.pending.items())
        last = max(self.visible.values())
        return Latencies(
            count=len(delays),
            p50_ms=statistics.median(delays),
            p99_ms=_p99(delays),
            max_ms=delays[-1],
            throughput=len(delays) / (last - started),
            request_p50_ms=statistics.median(self.request_ms),
            request_p99_ms=_p99(self.request_ms),
        )


class CommitProbe:
    """The raw baseline of a registration's latency: one durable single-row INSERT and
    COMMIT (what every acknowledged write must wait for: the WAL reaching the disk) every
    ``interval`` seconds, on a connection of its own, while the load runs."""

    def __init__(self, database_url: str, interval: float = 0.05) -> None:
        self.database_url = database_url
        self.interval = interval
        self.ms: list[float] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._probe, daemon=True)

    def _probe(self) -> None:
        with psycopg.connect(self.database_url, autocommit=True) as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS public.bench_commit_probe "
                "(id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), pad text)"
            )
            pad = "x" * 400
            while not self.stop.is_set():
                started = time.perf_counter()
                conn.execute("INSERT INTO public.bench_commit_probe (pad) VALUES (%s)", (pad,))
                self.ms.append((time.perf_counter() - started) * 1000)
                time.sleep(self.interval)

    def __enter__(self) -> CommitProbe:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.thread.join()


def _register(client: httpx.Client, watch: VisibilityWatch, centre: str) -> None:
    body = person(centre)
    sent = time.perf_counter()
    response = client.post("/beneficiaries", json=body)
    accepted = time.perf_counter()
    response.raise_for_status()
    watch.expect(response.json()["beneficiary_id"], sent, accepted)


def paced(
    intake_url: str,
    headers: dict[str, str],
    database_url: str,
    *,
    rate: float,
    seconds: float,
    centre: str,
) -> Latencies:
    """Commands at a steady ``rate`` per second; freshness of each. The first ``WARM_UP``
    commands (cold connections and caches) are sent but not measured."""
    with httpx.Client(base_url=intake_url, headers=headers, timeout=10) as client:
        for _ in range(WARM_UP):
            client.post("/beneficiaries", json=person(centre)).raise_for_status()
    watch = VisibilityWatch(database_url)
    watch.thread.start()
    total = int(rate * seconds)
    started = time.perf_counter()
    with (
        CommitProbe(database_url) as probe,
        httpx.Client(base_url=intake_url, headers=headers, timeout=10) as client,
        ThreadPoolExecutor(max_workers=8) as pool,
    ):
        for i in range(total):
            delay = started + i / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(_register, client, watch, centre)
            if i % 50 == 0:
                bar(f"  {rate:.0f} commands/s", i, total)
    bar(f"  {rate:.0f} commands/s", total, total)
    watch.wait_all()
    watch.stop.set()
    latencies = watch.latencies(started)
    latencies.commit_p50_ms = statistics.median(probe.ms)
    latencies.commit_p99_ms = _p99(probe.ms)
    return latencies


def burst(
    intake_url: str,
    headers: dict[str, str],
    database_url: str,
    *,
    total: int,
    clients: int,
    centre: str,
) -> Latencies:
    """As many commands as ``clients`` concurrent callers can send; end-to-end rate."""
    watch = VisibilityWatch(database_url)
    watch.thread.start()
    started = time.perf_counter()
    with (
        httpx.Client(
            base_url=intake_url,
            headers=headers,
            timeout=30,
            limits=httpx.Limits(max_connections=clients),
        ) as client,
        ThreadPoolExecutor(max_workers=clients) as pool,
    ):
        futures = [pool.submit(_register, client, watch, centre) for _ in range(total)]
        for i, future in enumerate(futures, start=1):
            future.result()
            if i % 100 == 0 or i == total:
                bar(f"  burst, {clients} clients", i, total)
    watch.wait_all()
    watch.stop.set()
    return watch.latencies(started)


def replica_ready(stack: Stack) -> bool:
    """Whether intake has heard of the registry's centres."""
    with psycopg.connect(stack.database_url) as conn:
        try:
            row = conn.execute("SELECT count(*) FROM intake.centre_replica").fetchone()
        except psycopg.errors.UndefinedTable:  # intake not started yet in this run
            return False
    return bool(row and row[0] > 0)


def seed_centres(stack: Stack, *, timeout: float = 60) -> None:
    """The registry's centres seeded, and heard of by intake (whose worker must run)."""
    stack.run_once("registry-seed", [sys.executable, "-m", "kk_registry.entrypoints.seed"])
    eventually(lambda: replica_ready(stack), timeout=timeout)


def seed_centres_alone(stack: Stack) -> None:
    """``seed_centres`` for a section that runs no service: the registry's and intake's
    workers run meanwhile, to relay the centres and to hear of them."""
    print("▸ the registry's centres, for intake", file=sys.stderr)
    workers = [stack.start_worker(s) for s in SERVICES if s.name in ("registry", "intake")]
    try:
        seed_centres(stack, timeout=120)
    finally:
        for worker in workers:
            worker.stop()
            stack.processes.remove(worker)


def wait_caught_up(
    stack: Stack, schema: str, group: str, topic: str, *, stall_s: float = 120
) -> None:
    """Waits, showing how far it has got, until a service's tracked consumer ``group`` has
    applied every record of ``topic`` there is now: a section that starts the services after
    the national activity was produced must not ask them about people they have not yet
    heard of. Fails if it makes no progress for ``stall_s`` seconds."""
    watcher = Consumer(librdkafka_config(stack.bootstrap_servers, **{"group.id": "bench-watch"}))
    try:
        total = sum(log_ends(watcher, [topic]).values())
    finally:
        watcher.close()
    label = f"  {schema} reads {topic}"
    done, moved = -1, time.monotonic()
    while True:
        with psycopg.connect(stack.database_url) as conn:
            try:
                row = conn.execute(
                    sql.SQL(
                        "SELECT coalesce(sum(next_offset), 0) FROM {}.consumer_offsets"
                        " WHERE group_id = %s AND topic = %s"
                    ).format(sql.Identifier(schema)),
                    (group, topic),
                ).fetchone()
            except psycopg.errors.UndefinedTable:  # the service has not made its tables yet
                row = None
        now = int(row[0]) if row else 0
        bar(label, min(now, total), total)
        if now >= total:
            return
        if now != done:
            done, moved = now, time.monotonic()
        elif time.monotonic() - moved > stall_s:
            raise TimeoutError(f"{group} stopped at {now:,} of {total:,} records of {topic}")
        time.sleep(1)
