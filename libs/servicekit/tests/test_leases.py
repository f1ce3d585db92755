"""Jobs that must not run twice at once, on the real PostgreSQL: one replica holds a job's
lease and runs it; another waits; when the holder's session ends, the other takes over
within seconds and the holder stops its copy. The relay's position only moves forward, so a
late write of a replica that lost the lease cannot take it back."""

from __future__ import annotations

import asyncio
import time
from typing import Any
from uuid import uuid4

import psycopg
import pytest
from devstack.stack import Stack
from prometheus_client import REGISTRY
from psycopg_pool import ConnectionPool
from servicekit import leases
from servicekit.leases import Lease, one_at_a_time
from servicekit.loops import Loop
from servicekit.outbox import RelayPosition

pytestmark = pytest.mark.integration


async def test_a_lease_is_held_by_one_at_a_time_and_free_once_let_go(stack: Stack) -> None:
    name = f"kit_{uuid4().hex[:8]}/relay"
    first, second = Lease(stack.database_url, name), Lease(stack.database_url, name)
    try:
        assert await first.take()
        assert await first.still_held()
        assert not await second.take()
        await first.let_go()
        assert not await first.still_held()
        assert await second.take()
        assert not await first.take()
    finally:
        await first.let_go()
        await second.let_go()


async def test_when_the_holder_dies_another_replica_takes_the_job_over(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(leases, "TRY_SECONDS", 0.2)
    monkeypatch.setattr(leases, "CHECK_SECONDS", 0.2)
    schema = f"kit_{uuid4().hex[:8]}"
    running: dict[str, bool] = {}

    def job(replica: str) -> Loop:
        async def loop(stop: asyncio.Event) -> None:
            running[replica] = True
            await stop.wait()
            running[replica] = False

        return one_at_a_time("kit", "relay", loop, database_url=stack.database_url, schema=schema)

    stop = asyncio.Event()
    replicas = {r: asyncio.create_task(job(r)(stop)) for r in ("a", "b")}
    try:
        await _until(lambda: any(running.values()))
        await asyncio.sleep(1.0)  # several tries of the other replica's
        holder = next(r for r, on in running.items() if on)
        other = "b" if holder == "a" else "a"
        assert not running.get(other), "both replicas run the job"
        assert _held_gauge("relay") == 1

        # the holder's session ends, as when its process is killed or its host vanishes
        with psycopg.connect(stack.database_url, autocommit=True) as conn:
            ended = conn.execute(
                "SELECT pg_terminate_backend(a.pid) FROM pg_stat_activity a"
                " JOIN pg_locks l ON l.pid = a.pid AND l.locktype = 'advisory' AND l.granted"
                " WHERE a.application_name LIKE %s",
                (f"kk-lease {schema}/relay %",),
            ).fetchall()
        assert len(ended) == 1  # the other replica's session waits without the lock

        await _until(lambda: running.get(other) is True and running.get(holder) is False)
    finally:
        stop.set()
        await asyncio.gather(*replicas.values())
    assert running == {"a": False, "b": False}


async def test_a_holder_cancelled_while_stopping_ends_its_job_before_letting_go(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker cancels loops that outstay its stop: even then, the job ends first."""
    monkeypatch.setattr(leases, "STOP_SECONDS", 30.0)
    schema = f"kit_{uuid4().hex[:8]}"
    started, ended = asyncio.Event(), asyncio.Event()

    async def stubborn(stop: asyncio.Event) -> None:
        started.set()
        try:
            await asyncio.sleep(3600)  # does not heed ``stop``
        finally:
            ended.set()

    running = asyncio.create_task(
        one_at_a_time("kit", "relay", stubborn, database_url=stack.database_url, schema=schema)(
            asyncio.Event()
        )
    )
    await asyncio.wait_for(started.wait(), 10)
    running.cancel()  # the holder starts stopping its job, and waits for it...
    await asyncio.sleep(0.2)
    assert not ended.is_set()
    running.cancel()  # ...and is cancelled again meanwhile
    await asyncio.gather(running, return_exceptions=True)
    assert ended.is_set()
    other = Lease(stack.database_url, f"{schema}/relay")
    try:
        assert await other.take()
    finally:
        await other.let_go()


def test_the_relay_position_only_moves_forward_unless_rewound(pool: ConnectionPool[Any]) -> None:
    position = RelayPosition(pool, "kit-outbox")
    position.set(10)
    position.set(5)  # a replica that lost the lease, writing late
    assert position.get() == 10
    position.rewind(3)
    assert position.get() == 3


async def _until(condition: Any, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "not within the time allowed"
        await asyncio.sleep(0.05)


def _held_gauge(job: str) -> float | None:
    return REGISTRY.get_sample_value("kk_worker_lease_held", {"service": "kit", "lease": job})
