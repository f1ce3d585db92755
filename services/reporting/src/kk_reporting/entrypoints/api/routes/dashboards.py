"""The dashboards moved to the staff workspace (one sign-in, one design system): their old
addresses here send the browser on, path and query kept, so bookmarks keep working."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

router = APIRouter(prefix="/dashboards", include_in_schema=False)


@router.get("")
@router.get("/{rest:path}")
def moved(request: Request, rest: str = "") -> RedirectResponse:
    workspace: str = request.app.state.service.settings.workspace_url.rstrip("/")
    query = f"?{request.url.query}" if request.url.query else ""
    target = f"{workspace}/dashboards{'/' + rest if rest else ''}{query}"
    return RedirectResponse(target, status_code=301)
