"""The observatory service's HTTP face: health, metrics, and the streams' documentation.
``uvicorn kk_observatory.entrypoints.api.app:create_app --factory``; the processor runs in
it unless ``WORKER_MODE=off`` (then ``python -m kk_observatory.worker`` runs it)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
)
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from kk_contracts import asyncapi
from kk_contracts.schemas import SCHEMA_DIR
from servicekit import logs
from servicekit.api import kafka_check
from servicekit.metrics import Readiness, metrics_response

from kk_observatory.adapters.running import Running
from kk_observatory.config import Settings

PACKAGE = Path(__file__).resolve().parents[2]
PAGES = Environment(
    loader=FileSystemLoader(PACKAGE / "templates"), autoescape=select_autoescape(["html"])
)


@cache
def _streams_page() -> str:
    """The streams' page: a table of channels and messages that needs no script, and the
    whole AsyncAPI document rendered by the vendored AsyncAPI component where scripts run."""
    document = asyncapi.document()
    messages = document["components"]["messages"]
    channels: list[dict[str, Any]] = [
        {
            "address": channel["address"],
            "title": channel["title"],
            "messages": [
                {
                    "type": messages[name]["name"],
                    "file": messages[name]["payload"]["$ref"].removeprefix("schemas/"),
                }
                for name in channel["messages"]
            ],
        }
        for channel in document["channels"].values()
    ]
    return PAGES.get_template("streams.html").render(
        static="static",
        document_url="asyncapi.json",
        schemas_url="schemas",
        channels=channels,
        bundled=asyncapi.bundled(),
    )


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

    # Kafka is its one dependency (kk_dependency_up); the processor is its own part, whose
    # stalls KKObservatoryStuck reports
    kafka = kafka_check(settings.kafka_bootstrap_servers)
    readiness = Readiness("observatory", {"kafka": kafka.ok})

    @app.get("/health/ready", tags=["health"])
    async def ready() -> JSONResponse:
        checks = await readiness.check()
        if running:
            checks["processor"] = running.alive
        status = 200 if all(checks.values()) else 503
        body = {"status": "ready" if status == 200 else "not_ready", "checks": checks}
        return JSONResponse(body, status_code=status)

    app.mount("/static", StaticFiles(directory=PACKAGE / "static"), name="static")

    @app.get("/", include_in_schema=False)
    async def home() -> RedirectResponse:
        return RedirectResponse("streams")

    @app.get("/streams", response_class=HTMLResponse, summary="The streams, documented")
    async def streams() -> HTMLResponse:
        return HTMLResponse(_streams_page())

    @app.get("/asyncapi.json", summary="The AsyncAPI 3.0 document")
    async def document() -> FileResponse:
        return FileResponse(asyncapi.DOCUMENT, media_type="application/json")

    @app.get("/schemas/{name}", summary="A payload's JSON Schema")
    async def schema(name: str) -> Response:
        known = {p.name: p for p in SCHEMA_DIR.glob("*.schema.json")}
        if name not in known:
            return JSONResponse(
                {
                    "detail": f"no schema named {name!r}",
                    "detail_el": f"δεν υπάρχει σχήμα με όνομα {name!r}",
                },
                status_code=404,
            )
        return FileResponse(known[name], media_type="application/schema+json")

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return await metrics_response(readiness)

    return app
