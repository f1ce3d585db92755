"""Who is signed in: the identity provider's tokens, kept in the signed session cookie.

Signing in is OpenID Connect's authorization code flow with PKCE, done by Authlib (state,
nonce, code verifier, the ID token checked against the provider's keys). The session keeps
the access token the services are called with, the refresh token that renews it, and a
CSRF token; the cookie is signed, HttpOnly, SameSite=Lax, Secure in production, and lapses
after ``session_idle_minutes`` without a request (so does the provider's own session)."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.integrations.base_client import OAuthError
from authlib.integrations.starlette_client import OAuth
from fastapi import Request
from servicekit.auth import Principal, TokenCodec
from servicekit.errors import ApiError
from servicekit.oidc import OidcKeys, discovery_of

from kk_workspace.config import Settings

# A token this close to its expiry is renewed first: it must outlive the calls it makes.
RENEW_BEFORE_SECONDS = 30


class SignInRequired(Exception):
    """The person must sign in (again); ``expired`` says why they are asked."""

    def __init__(self, *, expired: bool = False) -> None:
        super().__init__("sign in required")
        self.expired = expired


@dataclass(frozen=True)
class Staff:
    """The signed-in person, as the pages and the service calls need them."""

    principal: Principal
    name: str
    access_token: str

    @property
    def centre_id(self) -> str | None:
        return self.principal.centre_id


class SignIn:
    """The workspace's client of the identity provider."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        oauth = OAuth()
        self.client: Any = oauth.register(
            "kk",
            client_id=settings.oidc_client_id,
            client_secret=settings.oidc_client_secret.get_secret_value(),
            server_metadata_url=settings.oidc_discovery_url or discovery_of(settings.oidc_issuer),
            client_kwargs={"scope": "openid", "code_challenge_method": "S256"},
        )
        self.codec = TokenCodec(
            "",
            "HS256",
            provider=OidcKeys(
                settings.oidc_issuer,
                settings.oidc_audience,
                discovery_url=settings.oidc_discovery_url,
            ),
            development_tokens=False,
        )

    async def start(self, request: Request, callback_url: str) -> Any:
        return await self.client.authorize_redirect(request, callback_url)

    async def finish(self, request: Request) -> None:
        """Takes the provider's answer; keeps the tokens in a fresh session."""
        token = await self.client.authorize_access_token(request)
        request.session.clear()
        self._keep(request, token)
        request.session["csrf"] = secrets.token_urlsafe(32)
        userinfo = token.get("userinfo") or {}
        request.session["name"] = str(userinfo.get("name") or userinfo.get("sub", ""))
        request.session["role"] = str(userinfo.get("role", ""))  # what the menu offers

    async def staff(self, request: Request) -> Staff:
        """The signed-in person, the access token renewed first if it is about to lapse."""
        session = request.session
        if "access_token" not in session:
            raise SignInRequired()
        if session.get("expires_at", 0) - RENEW_BEFORE_SECONDS < time.time():
            await self._renew(request)
        try:
            principal = self.codec.read(session["access_token"])
        except ApiError as exc:
            if exc.status == 503:
                raise
            session.clear()
            raise SignInRequired(expired=True) from None
        return Staff(principal, session.get("name", ""), session["access_token"])

    async def _renew(self, request: Request) -> None:
        try:
            token = await self.client.fetch_access_token(
                grant_type="refresh_token", refresh_token=request.session.get("refresh_token")
            )
        except OAuthError:  # the provider's session lapsed or was ended
            request.session.clear()
            raise SignInRequired(expired=True) from None
        self._keep(request, token)

    async def end(self, request: Request) -> None:
        """Ends the provider's session too, by the back channel, then forgets the tokens."""
        refresh = request.session.get("refresh_token")
        request.session.clear()
        if not refresh:
            return
        metadata = await self.client.load_server_metadata()
        async with httpx.AsyncClient(timeout=10) as http:
            await http.post(
                metadata["end_session_endpoint"],
                data={
                    "client_id": self.settings.oidc_client_id,
                    "client_secret": self.settings.oidc_client_secret.get_secret_value(),
                    "refresh_token": refresh,
                },
            )

    @staticmethod
    def _keep(request: Request, token: dict[str, Any]) -> None:
        request.session["access_token"] = token["access_token"]
        request.session["refresh_token"] = token.get("refresh_token")
        request.session["expires_at"] = int(token.get("expires_at") or time.time() + 60)
