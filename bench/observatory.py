"""The observatory processor: its backfill of the national activity, from the first
platform topic's record to the last committed with its offsets, as its own process; then,
carrying on from there, its freshness: registrations at a steady rate through intake's API,
each from its publication on the platform's topic (the relay's timestamp) to its record on
the region's topic, as a reader of committed records sees it."""

from __future__ import annotations

import statistics
import sys
import threading
import time
import uuid
from typing import Any

import httpx
from confluent_kafka import OFFSET_END, Consumer, TopicPartition
from devstack.kafka import free_port
from devstack.processes import SERVICES, ManagedProcess
from devstack.stack import Stack
from kk_contracts import Topic
from kk_contracts.observatory import Entity, observatory_topic
from kk_contracts.reference import regional_units
from kk_observatory.adapters.topics import INPUTS
from kk_observatory.domain.pseudonyms import Pseudonymiser
from servicekit.auth import Role
from servicekit.kafka import librdkafka_config
from servicekit.progress import bar

from bench.baselines import log_ends
from tests.support import eventually, person, token

POLL_SECONDS = 0.5


def _positions(consumer: Consumer, group: str) -> tuple[int, int]:
    """How many of the inputs' messages the group has committed, and how many there are."""
    ends = log_ends(consumer, [str(t) for t in INPUTS])
    committed = consumer.committed([TopicPartition(t, p) for t, p in ends], timeout=10)
    return sum(max(tp.offset, 0) for tp in committed), sum(ends.values())


def _processor(stack: Stack, group: str) -> ManagedProcess:
    return ManagedProcess(
        "observatory-bench",
        [sys.executable, "-m", "kk_observatory.worker"],
        stack.service_env(
            "observatory",
            OBSERVATORY_GROUP=group,
            OBSERVATORY_TRANSACTIONAL_ID=group,
            WORKER_NICE="0",
        ),
        stack.state_dir / "logs" / "observatory-bench.log",
    )


def backfill(stack: Stack, group: str) -> dict[str, Any]:
    """Events/s of a processor that starts with the whole history before it."""
    watcher = Consumer(librdkafka_config(stack.bootstrap_servers, **{"group.id": group}))
    _, total = _positions(watcher, group)
    process = _processor(stack, group)
    started = time.monotonic()
    process.start()
    try:
        done = 0
        while done < total:
            if not process.alive:
                raise RuntimeError(f"the processor stopped:\n{process.log_tail()}")
            time.sleep(POLL_SECONDS)
            done, total = _positions(watcher, group)
            bar("  routed to the regions' streams", done, total)
        seconds = time.monotonic() - started
    finally:
        process.stop()
        watcher.close()
    return {"events": total, "seconds": seconds, "events_per_s": total / seconds}


class _Arrivals:
    """When each key first appears on some topics, by the clock of this machine (or, with
    ``stamped``, by the records' own timestamps), read from their ends onwards."""

    def __init__(self, stack: Stack, topics: list[str], *, stamped: bool) -> None:
        self.consumer = Consumer(
            librdkafka_config(
                stack.bootstrap_servers,
                **{
                    "group.id": f"bench-{uuid.uuid4().hex[:8]}",
                    "isolation.level": "read_committed",
                },
            )
        )
        partitions = [
            TopicPartition(t, p, OFFSET_END)
            for t in topics
            for p in self.consumer.list_topics(t, timeout=10).topics[t].partitions
        ]
        self.consumer.assign(partitions)
        self.stamped = stamped
        self.seen: dict[bytes, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        while not self.stop.is_set():
            for message in self.consumer.consume(1000, 0.05):
                if message.error() is None and message.key() is not None:
                    at = message.timestamp()[1] / 1000 if self.stamped else time.time()
                    self.seen.setdefault(message.key(), at)
        self.consumer.close()


def freshness(
    stack: Stack, group: str, *, rate: float, seconds: float, centre: str
) -> dict[str, Any]:
    """Registrations at ``rate`` a second for ``seconds``; how long each took from the
    platform's topic to the region's (p50, p99, in ms), the processor carrying on from
    its backfill."""
    region = regional_units()[centre.removeprefix("KK-")[:2]][1]
    urls = {}
    for spec in SERVICES:
        if spec.name in ("registry", "intake"):
            _, urls[spec.name] = stack.start_api(spec, port=free_port())
    stack.run_once("registry-seed", [sys.executable, "-m", "kk_registry.entrypoints.seed"])
    processor = _processor(stack, group).start()
    published = _Arrivals(stack, [str(Topic.BENEFICIARIES)], stamped=True)
    arrived = _Arrivals(stack, [observatory_topic(region, Entity.PEOPLE)], stamped=False)
    pseudonyms = Pseudonymiser(stack.secrets["OBSERVATORY_MASTER_SECRET"].encode(), 1)
    headers = token(stack.secrets["JWT_SECRET"], Role.SOCIAL_WORKER, centre_id=centre)
    people: list[uuid.UUID] = []
    try:
        with httpx.Client(base_url=urls["intake"], headers=headers, timeout=10) as client:
            # measured once the processor has restored its state and routes as it goes
            eventually(
                lambda: client.post("/beneficiaries", json=person(centre)).status_code == 201,
                timeout=60,
            )
            first = client.post("/beneficiaries", json=person(centre)).json()["beneficiary_id"]
            warm = pseudonyms.of(region, uuid.UUID(first)).encode()
            eventually(lambda: warm in arrived.seen, timeout=180)
            total, started = int(rate * seconds), time.perf_counter()
            for i in range(total):
                delay = started + i / rate - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                answer = client.post("/beneficiaries", json=person(centre))
                answer.raise_for_status()
                people.append(uuid.UUID(answer.json()["beneficiary_id"]))
                if i % 50 == 0:
                    bar(f"  {rate:.0f} registrations/s", i, total)
        bar(f"  {rate:.0f} registrations/s", total, total)
        keys = {p: (str(p).encode(), pseudonyms.of(region, p).encode()) for p in people}

        def all_seen() -> bool:
            return all(k in published.seen and q in arrived.seen for k, q in keys.values())

        eventually(all_seen, timeout=120)
    finally:
        for watch in (published, arrived):
            watch.stop.set()
            watch.thread.join(5)
        processor.stop()
        for process in stack.processes:
            process.stop()
        stack.processes.clear()
    ms = sorted((arrived.seen[q] - published.seen[k]) * 1000 for k, q in keys.values())
    return {
        "count": len(ms),
        "p50_ms": statistics.median(ms),
        "p99_ms": ms[max(int(len(ms) * 0.99) - 1, 0)],
        "max_ms": ms[-1],
    }
