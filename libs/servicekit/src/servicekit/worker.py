"""Runs a service's worker (relay and consumers) as a process of its own.

``python -m kk_intake.worker`` and the like call ``run_standalone``: SIGTERM or Ctrl-C stop
the loops cleanly; SIGKILL loses nothing either, by design of the relay and the consumer.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Callable

from prometheus_client import start_http_server

from servicekit import logs
from servicekit.loops import Worker, freeze_start_up
from servicekit.settings import ServiceSettings

log = logging.getLogger(__name__)


def run_standalone(service: str, settings: ServiceSettings, build: Callable[[], Worker]) -> None:
    logs.configure(f"{service}-worker", settings.log_level)
    if settings.worker_nice:
        os.nice(settings.worker_nice)
    if settings.worker_metrics_port:
        start_http_server(settings.worker_metrics_port, addr=settings.worker_metrics_host)
    asyncio.run(_serve(build))


async def _serve(build: Callable[[], Worker]) -> None:
    worker = build()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, worker.stop_event.set)
    worker.start()
    freeze_start_up()
    log.info("worker started")
    await worker.stop_event.wait()
    await worker.stop()
    log.info("worker stopped")
