"""Dependencies of the workspace's routes, declared once."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.datastructures import FormData

from kk_workspace.platform import Platform
from kk_workspace.session import SignIn, Staff


class CsrfFailed(Exception):
    """A POST without this session's CSRF token: from another site, or a stale page."""


async def _staff(request: Request) -> Staff:
    sign_in: SignIn = request.app.state.sign_in
    return await sign_in.staff(request)


async def _platform(request: Request) -> Platform:
    platform: Platform = request.app.state.platform
    return platform


async def _checked_form(request: Request) -> FormData:
    form = await request.form()
    sent = str(form.get("csrf_token", ""))
    kept = str(request.session.get("csrf", ""))
    if not kept or not hmac.compare_digest(sent, kept):
        raise CsrfFailed()
    return form


SignedIn = Annotated[Staff, Depends(_staff)]
Services = Annotated[Platform, Depends(_platform)]
PostedForm = Annotated[FormData, Depends(_checked_form)]


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def local_path(candidate: Any, default: str = "/") -> str:
    """A path on this site to go back to, never another site (``//evil``, ``https:…``)."""
    value = str(candidate or "")
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default
