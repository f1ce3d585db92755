"""The FastAPI application every service builds on: middleware, errors, health, metrics,
identity and the lifecycle of the embedded worker."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import REGISTRY
from pydantic import BaseModel

from servicekit import logs
from servicekit.auth import TokenCodec
from servicekit.errors import DomainErrorMap, install_error_handlers
from servicekit.http import RequestContextMiddleware
from servicekit.idempotency import IdempotencyMiddleware
from servicekit.kafka import kafka_reachable
from servicekit.loops import freeze_start_up
from servicekit.metrics import CachedCheck, Readiness, metrics_response
from servicekit.oidc import OidcKeys
from servicekit.outbox import outbox_backlog
from servicekit.settings import Environment, ServiceSettings, WorkerMode

if TYPE_CHECKING:
    from servicekit.compose import ComposedService

ReadinessCheck = Callable[[], bool]


class ModelResponse(Response):
    """A model's JSON, written by pydantic's serialiser straight from the model. FastAPI's
    own way, for a route that returns a model, first validates it against the response
    model again (for a plain-function route, in its thread pool: a hop there and back), a
    pass over an answer the model already holds valid. A route that returns one keeps
    ``response_model`` for its OpenAPI schema."""

    media_type = "application/json"

    def __init__(self, model: BaseModel, status_code: int = 200) -> None:
        super().__init__(type(model).__pydantic_serializer__.to_json(model), status_code)


def kafka_check(bootstrap_servers: str) -> CachedCheck:
    """Kafka's readiness, asked at most every 5 s."""
    return CachedCheck(lambda: kafka_reachable(bootstrap_servers))


_PROBES = ThreadPoolExecutor(max_workers=1, thread_name_prefix="readiness")


def in_probe_thread(check: ReadinessCheck) -> Callable[[], Awaitable[bool]]:
    """A blocking check run in a thread of its own: requests waiting on a database that is
    down must not hold back the probe that says it is down."""

    async def ok() -> bool:
        return await asyncio.get_running_loop().run_in_executor(_PROBES, check)

    return ok


def health_router(service: ComposedService[Any, Any], *, runs_worker: bool) -> APIRouter:
    """``/health/live``, ``/health/ready`` and ``/metrics``, for a service's API and its
    standalone worker alike. Both dependencies are asked (and exported, ``kk_dependency_up``),
    but only a process that ``runs_worker`` needs Kafka to be ready: an API alone writes to
    PostgreSQL, its outbox, and must stay in rotation while Kafka is away."""
    readiness = Readiness(
        service.name,
        {
            "postgresql": in_probe_thread(database_check(service.pool)),
            "kafka": kafka_check(service.settings.kafka_bootstrap_servers).ok,
        },
    )
    router = APIRouter(tags=["health"])

    @router.get("/health/live", summary="The process is up")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    needed = ("postgresql", "kafka") if runs_worker else ("postgresql",)

    @router.get("/health/ready", summary="PostgreSQL (and Kafka, for a worker) are reachable")
    async def ready() -> JSONResponse:
        checks = await readiness.check()
        status = 200 if all(checks[name] for name in needed) else 503
        body = {"status": "ready" if status == 200 else "not_ready", "checks": checks}
        return JSONResponse(body, status_code=status)

    @router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
    async def metrics() -> Response:
        return await metrics_response(readiness)

    return router


def create_service_app(
    service: ComposedService[Any, Any],
    *,
    title: str,
    description: str,
    routers: Sequence[APIRouter],
    domain_errors: DomainErrorMap,
) -> FastAPI:
    """A service's FastAPI app: its routes, plus what every service has (errors, identity,
    health, metrics, correlation ids) and its embedded worker unless ``WORKER_MODE=off``."""
    settings = service.settings
    logs.configure(service.name, settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        running = service.worker() if settings.worker_mode == WorkerMode.EMBEDDED else None
        if running:
            running.start()
        freeze_start_up()
        try:
            yield
        finally:
            if running:
                await running.stop()
            service.close()

    app = FastAPI(title=title, description=description, version="0.1.0", lifespan=lifespan)
    app.state.service = service
    app.state.token_codec = token_codec(settings)
    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(RequestContextMiddleware, service=service.name)
    install_error_handlers(app, domain_errors)
    app.include_router(
        health_router(service, runs_worker=settings.worker_mode == WorkerMode.EMBEDDED)
    )
    if (outbox := service.outbox()) is not None:
        REGISTRY.register(outbox_backlog(service.name, *outbox))
    for router in routers:
        app.include_router(router)
    return app


def token_codec(settings: ServiceSettings) -> TokenCodec:
    """What the settings say about tokens: the identity provider's, and the development
    tokens of ``make token`` except in production."""
    provider = (
        OidcKeys(
            settings.oidc_issuer,
            settings.oidc_audience,
            discovery_url=settings.oidc_discovery_url,
        )
        if settings.oidc_issuer
        else None
    )
    return TokenCodec(
        settings.jwt_secret.get_secret_value(),
        settings.jwt_algorithm,
        provider=provider,
        development_tokens=settings.kk_env != Environment.PRODUCTION,
    )


async def the_service(request: Request) -> Any:
    """The dependency that gives a route its composed service (a coroutine that never
    waits, so that FastAPI does not run it in its thread pool: ``auth``)."""
    return request.app.state.service


def database_check(pool: Any) -> ReadinessCheck:
    def ok() -> bool:
        try:
            with pool.connection(timeout=3) as conn:
                conn.execute("SELECT 1")
            return True
        except Exception:
            return False

    return ok
