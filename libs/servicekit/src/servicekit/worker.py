"""Runs a service's worker (relay and consumers) as a process of its own.

``python -m kk_intake.worker`` and the like call ``run_standalone``: SIGTERM or Ctrl-C stop
the loops cleanly; SIGKILL loses nothing either, by design of the relay and the consumer.

With ``WORKER_METRICS_PORT`` set, the worker also answers ``/metrics``, ``/health/live`` and
``/health/ready`` (PostgreSQL and Kafka) there, from its own event loop: a loop that hangs
stops answering its liveness probe, and the orchestrator restarts it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from typing import TYPE_CHECKING, Any

import uvicorn
from fastapi import FastAPI

from servicekit import logs
from servicekit.api import health_router
from servicekit.loops import freeze_start_up

if TYPE_CHECKING:
    from servicekit.compose import ComposedService

log = logging.getLogger(__name__)


def run_standalone(service: ComposedService[Any, Any]) -> None:
    settings = service.settings
    logs.configure(f"{service.name}-worker", settings.log_level)
    if settings.worker_nice:
        os.nice(settings.worker_nice)
    asyncio.run(_serve(service))


async def _serve(service: ComposedService[Any, Any]) -> None:
    worker = service.worker()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, worker.stop_event.set)
    health = _health_server(service)
    serving = asyncio.create_task(health.serve()) if health else None
    if serving is not None:
        # uvicorn takes SIGTERM and SIGINT while it serves, and ends: the worker with it
        serving.add_done_callback(lambda _: worker.stop_event.set())
    worker.start()
    freeze_start_up()
    log.info("worker started")
    await worker.stop_event.wait()
    await worker.stop()
    if health and serving:
        health.should_exit = True
        await serving
    log.info("worker stopped")


def _health_server(service: ComposedService[Any, Any]) -> uvicorn.Server | None:
    settings = service.settings
    if not settings.worker_metrics_port:
        return None
    app = FastAPI(title=f"{service.name} worker", openapi_url=None)
    app.include_router(health_router(service, runs_worker=True))
    config = uvicorn.Config(
        app,
        host=settings.worker_metrics_host,
        port=settings.worker_metrics_port,
        log_level="warning",
        access_log=False,
        lifespan="off",
    )
    return uvicorn.Server(config)
