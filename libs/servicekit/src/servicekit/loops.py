"""Long-running loops (relays, consumers) and the worker that owns them."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import Awaitable, Callable, Sequence

log = logging.getLogger(__name__)
Loop = Callable[[asyncio.Event], Awaitable[None]]


async def sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    """Sleeps ``seconds``, or less if ``stop`` is set meanwhile."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


class Worker:
    """Runs a service's loops until told to stop; a crashed loop is logged and restarted."""

    def __init__(self, loops: Sequence[Loop]) -> None:
        self.loops = list(loops)
        self.stop_event = asyncio.Event()
        self.tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self.tasks = [asyncio.create_task(self._guard(loop)) for loop in self.loops]

    async def stop(self, timeout: float = 15.0) -> None:
        self.stop_event.set()
        if not self.tasks:
            return
        _done, pending = await asyncio.wait(self.tasks, timeout=timeout)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def _guard(self, loop: Loop) -> None:
        while not self.stop_event.is_set():
            try:
                await loop(self.stop_event)
            except Exception:
                log.exception("worker loop crashed; restarting in 1s")
                await sleep_unless(self.stop_event, 1.0)


def freeze_start_up() -> None:
    """Moves what start-up made (modules, the app, pools: it lives as long as the process)
    out of the garbage collector's reach, so that a full collection no longer walks it:
    tens of milliseconds that some request, or the relay, would otherwise pay now and then."""
    gc.collect()
    gc.freeze()
