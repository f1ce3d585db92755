"""The observatory service's HTTP face: health, metrics, and the streams' documentation.
``uvicorn kk_observatory.entrypoints.api.app:create_app --factory``; the processor runs in
it unless ``WORKER_MODE=off`` (then ``python -m kk_observatory.worker`` runs it)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from servicekit import logs
from servicekit.kafka import kafka_reachable

from kk_observatory.adapters.running import Running
from kk_observatory.config import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    logs.configure("observatory", settings.log_level)
    running = Running(settings) if settings.worker_mode == "embedded" else None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if running:
            running.start()
        try:
            yield
        finally:
            if running:
                running.stop()

    app = FastAPI(
        title="Παρατηρητήρια / Observatories",
        description="Each region's stream of the platform's events, minimised and "
        "pseudonymised for its observatory alone",
        version="0.1.0",
        lifespan=lifespan,
    )

    @app.get("/health/live", tags=["health"])
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/health/ready", tags=["health"])
    async def ready() -> JSONResponse:
        checks = {"kafka": await kafka_reachable(settings.kafka_bootstrap_servers)}
        if running:
            checks["processor"] = running.alive
        status = 200 if all(checks.values()) else 503
        body = {"status": "ready" if status == 200 else "not_ready", "checks": checks}
        return JSONResponse(body, status_code=status)

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app
