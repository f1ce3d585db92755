"""Reporting's worker runs the rebuilds requested through ``POST /rebuilds``, one at a time,
looking for one every few seconds."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from psycopg_pool import ConnectionPool
from servicekit.loops import Loop, sleep_unless

from kk_reporting.adapters.rebuild import Rebuild

log = logging.getLogger(__name__)
POLL_SECONDS = 2.0


def _requested(pool: ConnectionPool[Any]) -> bool:
    with pool.connection() as conn:
        found = conn.execute("SELECT FROM rebuild_runs WHERE state = 'requested'").fetchone()
    return found is not None


def rebuild_jobs(settings: Any, pool: ConnectionPool[Any]) -> Loop:
    """The worker's loop that runs each requested rebuild."""

    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            if await asyncio.to_thread(_requested, pool):
                rebuild = Rebuild.of(settings)
                claimed = await asyncio.to_thread(rebuild.claim, requested_only=True)
                if claimed is not None:
                    log.info("rebuild %s started", claimed)
                    try:
                        report = await rebuild.run()
                    except Exception:
                        log.exception("rebuild %s failed", claimed)
                    else:
                        log.info(
                            "rebuild %s done: %s events in %.1f s",
                            claimed, report.events, report.seconds,
                        )  # fmt: skip
            await sleep_unless(stop, POLL_SECONDS)

    return run
