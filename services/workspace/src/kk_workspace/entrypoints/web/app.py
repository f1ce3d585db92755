"""The staff workspace: ``uvicorn kk_workspace.entrypoints.web.app:create_app --factory``."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlencode

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from servicekit import correlation, logs
from servicekit.errors import ApiError
from servicekit.http import RequestContextMiddleware
from servicekit.metrics import CachedCheck, Readiness, metrics_response
from servicekit.oidc import discovery_of
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from kk_workspace.config import Settings
from kk_workspace.drafts import Drafts
from kk_workspace.entrypoints.web.deps import CsrfFailed, is_htmx
from kk_workspace.entrypoints.web.routes import (
    answer,
    auth,
    bodies,
    consent,
    dashboards,
    edit,
    enrolments,
    files,
    household,
    people,
    proxy,
    referrals,
    registration,
    requests,
    work,
)
from kk_workspace.pages import render
from kk_workspace.platform import Forbidden, NotFound, Platform, ServiceUnavailable
from kk_workspace.session import SignIn, SignInRequired

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parents[2] / "static"
SESSION_COOKIE = "kk_workspace_session"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    logs.configure("workspace", settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with httpx.AsyncClient(timeout=settings.service_timeout_seconds) as http:
            app.state.platform = Platform(settings, http)
            yield

    app = FastAPI(
        title="Χώρος εργασίας / Staff workspace",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.sign_in = SignIn(settings)
    app.state.drafts = Drafts(
        settings.workspace_session_key.get_secret_value(), secure=settings.secure_cookies
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.workspace_session_key.get_secret_value(),
        session_cookie=SESSION_COOKIE,
        max_age=settings.session_idle_minutes * 60,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.add_middleware(RequestContextMiddleware, service="workspace")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    routers = [auth, work, people, registration, files, consent, edit, requests, referrals]
    routers += [household, proxy, bodies, answer, dashboards, enrolments]
    for module in routers:
        app.include_router(module.router)
    _install_error_pages(app)

    @app.get("/health/live", include_in_schema=False)
    async def live() -> JSONResponse:
        return JSONResponse({"status": "ok"})

    readiness = _readiness(app, settings)

    @app.get("/health/ready", include_in_schema=False)
    async def ready() -> JSONResponse:
        # ready whatever they answer: with a service away the workspace still serves its
        # pages and says which is unavailable, better than a gateway's error would
        return JSONResponse({"status": "ok", "checks": await readiness.check()})

    @app.get("/metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        # Prometheus scrapes the process directly; a request relayed by the ingress (the
        # public's way in) is not answered: the platform's workings are not the public's
        if "x-forwarded-for" in request.headers or "forwarded" in request.headers:
            return Response(status_code=404)
        return await metrics_response(readiness)

    return app


def _readiness(app: FastAPI, settings: Settings) -> Readiness:
    """What the workspace needs to be of use (``kk_dependency_up``): the four services,
    ready, and the identity provider staff sign in with."""

    def answers(url: str) -> CachedCheck:
        async def ok() -> bool:
            try:
                response = await app.state.platform.http.get(url, timeout=3)
            except httpx.HTTPError:
                return False
            return bool(response.status_code == 200)

        return CachedCheck(ok)

    services = {
        "registry": settings.registry_url,
        "intake": settings.intake_url,
        "referral": settings.referral_url,
        "reporting": settings.reporting_url,
    }
    checks = {name: answers(f"{url}/health/ready") for name, url in services.items()}
    checks["identity_provider"] = answers(
        settings.oidc_discovery_url or discovery_of(settings.oidc_issuer)
    )
    return Readiness("workspace", {name: check.ok for name, check in checks.items()})


def _install_error_pages(app: FastAPI) -> None:
    async def sign_in_first(request: Request, exc: SignInRequired) -> Response:
        query = {"next": request.url.path}
        if exc.expired:
            query["expired"] = "1"
        target = f"/sign-in?{urlencode(query)}"
        if is_htmx(request):  # a whole page's navigation: the provider is another site
            return Response(status_code=204, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)

    async def unavailable(request: Request, _: Exception) -> Response:
        return render(request, "pages/error.html", status=503, kind="unavailable")

    async def forbidden(request: Request, _: Exception) -> Response:
        return render(request, "pages/error.html", status=403, kind="forbidden")

    async def not_found(request: Request, _: Exception) -> Response:
        return render(request, "pages/error.html", status=404, kind="not_found_page")

    async def csrf(request: Request, _: Exception) -> Response:
        return render(request, "pages/error.html", status=403, kind="csrf")

    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return await not_found(request, exc)
        return render(request, "pages/error.html", status=exc.status_code, kind="not_found_page")

    async def failure(request: Request, exc: Exception) -> Response:
        # a fault of ours: logged with its trace, shown as a page that says what to do
        log.exception("unexpected failure", exc_info=exc)
        return render(request, "pages/error.html", status=500, kind="failure",
                      reference=correlation.current() or "")  # fmt: skip

    async def api_error(request: Request, exc: ApiError) -> Response:
        # only the identity provider's keys being out of reach gets here (a 503)
        return await unavailable(request, exc)

    app.add_exception_handler(SignInRequired, sign_in_first)  # type: ignore[arg-type]
    app.add_exception_handler(ServiceUnavailable, unavailable)
    app.add_exception_handler(Forbidden, forbidden)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(CsrfFailed, csrf)
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(ApiError, api_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, failure)
