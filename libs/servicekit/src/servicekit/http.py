"""The ASGI middleware every service runs: correlation ids, request metrics, access logs."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from servicekit import correlation
from servicekit.metrics import HTTP_REQUEST_SECONDS

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("servicekit.http")
_QUIET = {"/metrics", "/health/live", "/health/ready"}


class RequestContextMiddleware:
    """Binds the request's correlation id, echoes it back, and times the request.

    The route label is the route's template (``/beneficiaries/{beneficiary_id}``), never the
    raw path, so the metric's cardinality stays bounded.
    """

    def __init__(self, app: ASGIApp, *, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        cid = correlation.accept_or_new(headers.get(correlation.HEADER.lower()))
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (correlation.HEADER.encode(), cid.encode()),
                ]
            await send(message)

        with correlation.bound(cid):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                self._observe(scope, status, time.perf_counter() - started)

    def _observe(self, scope: Scope, status: int, seconds: float) -> None:
        route = getattr(scope.get("route"), "path", None) or "(unmatched)"
        HTTP_REQUEST_SECONDS.labels(self.service, scope["method"], route, str(status)).observe(
            seconds
        )
        if route not in _QUIET:
            log.info(
                "%s %s -> %s",
                scope["method"],
                scope["path"],
                status,
                extra={"route": route, "status": status, "ms": round(seconds * 1000, 1)},
            )
