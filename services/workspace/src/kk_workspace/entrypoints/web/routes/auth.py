"""Signing in and out through the identity provider, and the choice of language."""

from __future__ import annotations

from authlib.integrations.base_client import OAuthError
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from kk_workspace.entrypoints.web.deps import PostedForm, local_path
from kk_workspace.pages import LANG_COOKIE, render
from kk_workspace.session import SignIn

router = APIRouter()
YEAR = 365 * 24 * 3600


def _sign_in(request: Request) -> SignIn:
    sign_in: SignIn = request.app.state.sign_in
    return sign_in


@router.get("/sign-in", name="sign_in")
async def sign_in(request: Request) -> Response:
    """Straight to the identity provider; after a lapsed session, a page that says so."""
    next_path = local_path(request.query_params.get("next"))
    if request.query_params.get("expired") and not request.query_params.get("go"):
        return render(request, "pages/sign_in.html", next_path=next_path, expired=True)
    request.session["next"] = next_path
    response: Response = await _sign_in(request).start(request, str(request.url_for("signed_in")))
    return response


@router.get("/signed-in", name="signed_in")
async def signed_in(request: Request) -> Response:
    next_path = local_path(request.session.get("next"))
    try:
        await _sign_in(request).finish(request)
    except OAuthError:
        request.session.clear()
        return render(request, "pages/sign_in.html", status=400, next_path=next_path, failed=True)
    return RedirectResponse(next_path, status_code=303)


@router.post("/sign-out")
async def sign_out(request: Request, _: PostedForm) -> Response:
    await _sign_in(request).end(request)
    return RedirectResponse("/signed-out", status_code=303)


@router.get("/signed-out")
async def signed_out(request: Request) -> Response:
    return render(request, "pages/signed_out.html")


@router.get("/language/{lang}")
async def language(request: Request, lang: str) -> Response:
    """Switches the language and goes back: a preference, not a change to any record."""
    response = RedirectResponse(local_path(request.query_params.get("next")), status_code=303)
    response.set_cookie(
        LANG_COOKIE, "en" if lang == "en" else "el", max_age=YEAR, httponly=True, samesite="lax"
    )
    return response
