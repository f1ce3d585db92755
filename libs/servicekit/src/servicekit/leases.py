"""One replica at a time: the jobs that must not run twice at once (a service's outbox relay,
its periodic checks) hold a lease, a PostgreSQL session advisory lock on a connection of
their own.

Every replica of a service runs the same worker; each replica's copy of such a job waits
for the lease and runs only while it holds it. When the holder dies, its connection closes
and PostgreSQL releases the lock at once (a SIGKILLed process's socket is closed by the
kernel; a host that vanishes is noticed by the server's TCP keepalives within seconds), and
a waiting replica takes the job over at its next try. A holder that loses its connection
stops its job at its next check, so two copies overlap for at most that long, and then
only harmlessly: the relay's position only moves forward, its messages keep their ids
(consumers skip what they have), and the periodic checks append through optimistic
concurrency.

Who holds which lease is in ``pg_stat_activity``: the lease's connection is named
``kk-lease <schema>/<job> <host>:<pid>``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import socket
from typing import Any

import psycopg
from prometheus_client import Gauge

from servicekit.loops import Loop, sleep_unless

log = logging.getLogger(__name__)
LEASE_HELD = Gauge(
    "kk_worker_lease_held",
    "1 while this process holds the job's lease and runs it (one replica at a time)",
    ["service", "lease"],  # not "job": Prometheus keeps that label for the scrape
)
TRY_SECONDS = 2.0
"""How often a waiting replica tries for the lease: how soon it takes over from a dead one."""
TAKE_SECONDS = 10.0
"""How long a try for the lease may take: a connection half open would otherwise hang it."""
CHECK_SECONDS = 2.0
"""How often the holder checks that its lease's connection still stands."""
STOP_SECONDS = 10.0
"""How long a job that lost its lease may take to finish what it is doing: less than the
worker gives its loops to stop (``servicekit.loops``), so the job is ended here first."""
# The server notices a silent peer within idle + interval × count seconds, and ends its
# session, which releases the lock; the client notices as fast with its own keepalives.
KEEPALIVES: dict[str, Any] = {
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 3,
    "tcp_user_timeout": 10_000,  # ms: data unacknowledged that long ends the connection too
}
SERVER_KEEPALIVES = " ".join(  # the same, for the server's end of the session
    f"-c tcp_{name}={KEEPALIVES[name]}"
    for name in ("keepalives_idle", "keepalives_interval", "keepalives_count")
)


def lock_key(name: str) -> int:
    """The advisory lock's 64-bit key for ``name``: locks are per database, so the name
    carries the service's schema."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class Lease:
    """The lease called ``name`` (e.g. ``intake/relay``), on the database at ``database_url``."""

    def __init__(self, database_url: str, name: str) -> None:
        self.database_url = database_url
        self.name = name
        self.key = lock_key(name)
        self._conn: psycopg.AsyncConnection[Any] | None = None
        self._unreachable = False

    async def take(self) -> bool:
        """True once this process holds the lease; False while another does, or while the
        database cannot be reached."""
        try:
            async with asyncio.timeout(TAKE_SECONDS):
                taken = await self._try()
        except (psycopg.Error, OSError, TimeoutError) as exc:
            if not self._unreachable:  # once an outage, not at every try
                log.warning("lease %s: the database cannot be reached: %s", self.name, exc)
            self._unreachable = True
            await self.let_go()
            return False
        self._unreachable = False
        return taken

    async def _try(self) -> bool:
        if self._conn is None or self._conn.closed:
            self._conn = await psycopg.AsyncConnection.connect(
                self.database_url,
                autocommit=True,
                connect_timeout=5,
                application_name=f"kk-lease {self.name} {socket.gethostname()}:{os.getpid()}",
                options=SERVER_KEEPALIVES,
                **KEEPALIVES,
            )
        cursor = await self._conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,))
        row = await cursor.fetchone()
        return bool(row and row[0])

    async def still_held(self) -> bool:
        """True while the lease's connection stands (and with it, the lock)."""
        if self._conn is None or self._conn.closed:
            return False
        try:
            await asyncio.wait_for(self._conn.execute("SELECT 1"), timeout=5)
            return True
        except (psycopg.Error, OSError, TimeoutError):
            return False

    async def let_go(self) -> None:
        """Releases the lock, then closes the lease's connection. The server would release
        it with the session anyway, but only once its process has ended, a moment after the
        close: unlocking first frees it for another replica at once."""
        if self._conn is not None:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(2):
                    await self._conn.execute("SELECT pg_advisory_unlock_all()")  # its own only
            with contextlib.suppress(Exception):
                await self._conn.close()
            self._conn = None


def one_at_a_time(service: str, job: str, loop: Loop, *, database_url: str, schema: str) -> Loop:
    """``loop``, run only by the replica that holds the lease ``<schema>/<job>`` (the
    service's schema: two platforms may share a database)."""

    async def run(stop: asyncio.Event) -> None:
        lease = Lease(database_url, f"{schema}/{job}")
        try:
            while not stop.is_set():
                if await lease.take():
                    log.info("lease %s taken: running it here", lease.name)
                    await _hold(lease, loop, stop, LEASE_HELD.labels(service, job))
                else:
                    await sleep_unless(stop, TRY_SECONDS)
        finally:
            await lease.let_go()

    return run


async def _hold(lease: Lease, loop: Loop, stop: asyncio.Event, held: Gauge) -> None:
    """Runs ``loop`` while the lease holds; stops it when the lease is lost or ``stop`` set.
    A crash of the loop is raised once the lease is let go, for the worker to restart it."""
    stop_job = asyncio.Event()
    job: asyncio.Future[Any] = asyncio.ensure_future(loop(stop_job))
    stopping: asyncio.Future[Any] = asyncio.ensure_future(stop.wait())
    held.set(1)
    try:
        while not job.done() and not stop.is_set():
            await asyncio.wait({job, stopping}, timeout=CHECK_SECONDS)
            if not job.done() and not stop.is_set() and not await lease.still_held():
                log.warning("lease %s lost: stopping the job here", lease.name)
                break
    finally:
        held.set(0)
        stop_job.set()
        stopping.cancel()
        try:
            await asyncio.wait({job}, timeout=STOP_SECONDS)
        finally:  # cancelled meanwhile too: the job ends before the lease is let go
            if not job.done():
                job.cancel()
                await asyncio.gather(job, return_exceptions=True)
            await lease.let_go()
    if not job.cancelled() and (error := job.exception()) is not None:
        raise error
