"""Identity: bearer JWTs with a role and the centre or region the holder works for.

Two kinds of token are read. Access tokens of the identity provider (``OIDC_ISSUER``),
signed RS256 or ES256 and checked against its published keys (issuer, audience, expiry);
and, outside production, the HS256 development tokens of ``make token``, signed with
``JWT_SECRET``. Both carry the same claims (docs/identity.md). ``require`` builds the FastAPI
dependency of an endpoint from the roles it admits; it answers 401 when there is no valid
token and 403 when the role does not fit, each with a message saying what to do.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from servicekit.errors import ApiError
from servicekit.oidc import PROVIDER_ALGORITHMS, OidcKeys

ISSUER = "kk-platform"
"""The issuer of the development tokens that ``make token`` mints (HS256)."""
AUDIENCE = "kk-platform"
"""The audience the identity provider puts in access tokens meant for the platform's APIs."""


class Role(StrEnum):
    SOCIAL_WORKER = "social_worker"
    CENTRE_HEAD = "centre_head"
    MUNICIPAL_SUPERVISOR = "municipal_supervisor"
    REGIONAL_OBSERVATORY = "regional_observatory"
    MINISTRY_ANALYST = "ministry_analyst"
    ADMIN = "admin"


CENTRE_STAFF = (Role.SOCIAL_WORKER, Role.CENTRE_HEAD)
_SCOPE_CLAIM = {
    Role.SOCIAL_WORKER: "centre_id",
    Role.CENTRE_HEAD: "centre_id",
    Role.MUNICIPAL_SUPERVISOR: "municipality",
    Role.REGIONAL_OBSERVATORY: "region",
}


@dataclass(frozen=True, slots=True)
class Principal:
    subject: str
    role: Role
    centre_id: str | None = None
    municipality: str | None = None
    region: str | None = None
    name: str | None = None
    """The person's name, when the identity provider gives it: what audit trails show."""

    def works_at(self, centre_id: str) -> bool:
        return self.role in CENTRE_STAFF and self.centre_id == centre_id


class TokenCodec:
    def __init__(
        self,
        secret: str,
        algorithm: str,
        *,
        provider: OidcKeys | None = None,
        development_tokens: bool = True,
    ) -> None:
        self.secret = secret
        self.algorithm = algorithm
        self.provider = provider
        self.development_tokens = development_tokens

    def mint(self, principal: Principal, *, ttl_seconds: int = 8 * 3600) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": ISSUER,
            "sub": principal.subject,
            "role": principal.role.value,
            "iat": now,
            "exp": now + ttl_seconds,
        }
        for claim in ("centre_id", "municipality", "region"):
            if getattr(principal, claim):
                claims[claim] = getattr(principal, claim)
        return jwt.encode(claims, self.secret, algorithm=self.algorithm)

    def read(self, token: str) -> Principal:
        try:
            algorithm = jwt.get_unverified_header(token).get("alg")
            if algorithm in PROVIDER_ALGORITHMS and self.provider is not None:
                claims = self.provider.decode(token)
            elif not self.development_tokens:
                raise _unauthenticated(
                    "development tokens are refused here; sign in through the identity provider"
                )
            else:
                claims = jwt.decode(
                    token,
                    self.secret,
                    algorithms=[self.algorithm],
                    issuer=ISSUER,
                    options={"require": ["sub", "exp", "iss"]},
                )
        except jwt.ExpiredSignatureError:
            raise _unauthenticated("the token has expired; sign in again") from None
        except jwt.InvalidTokenError as exc:
            raise _unauthenticated(f"the token is not valid ({exc})") from None
        return _principal_from(claims)


def _principal_from(claims: dict[str, Any]) -> Principal:
    try:
        role = Role(str(claims.get("role")))
    except ValueError:
        known = ", ".join(r.value for r in Role)
        raise _unauthenticated(f"the token has no known role (one of: {known})") from None
    scope_claim = _SCOPE_CLAIM.get(role)
    if scope_claim and not claims.get(scope_claim):
        raise _unauthenticated(f"a {role.value} token must name its {scope_claim}")
    return Principal(
        subject=str(claims["sub"]),
        role=role,
        centre_id=claims.get("centre_id"),
        municipality=claims.get("municipality"),
        region=claims.get("region"),
        name=claims.get("name"),
    )


def _unauthenticated(why: str) -> ApiError:
    return ApiError(
        401,
        "unauthenticated",
        f"Authentication failed: {why}. Send 'Authorization: Bearer <token>'.",
        message_el="Η ταυτοποίηση απέτυχε: στείλτε έγκυρο διακριτικό (Authorization: Bearer).",
    )


_bearer = HTTPBearer(auto_error=False, description="JWT minted by `make token`")


# The dependencies here and ``api.the_service`` are coroutines, though they never wait: a
# plain function would be run in the thread pool, a hop there and back for each, each
# request, before the endpoint's own.
async def _authenticate(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None:
        raise _unauthenticated("no bearer token was sent")
    codec: TokenCodec = request.app.state.token_codec
    return codec.read(credentials.credentials)


def require(*roles: Role) -> Any:
    """The dependency of an endpoint that admits only ``roles``."""

    async def check(principal: Annotated[Principal, Depends(_authenticate)]) -> Principal:
        if principal.role not in roles:
            allowed = ", ".join(r.value for r in roles)
            raise ApiError(
                403,
                "forbidden",
                f"The role {principal.role.value} may not do this; allowed roles: {allowed}.",
                message_el="Ο ρόλος σας δεν επιτρέπει αυτή την ενέργεια.",
            )
        return principal

    return Depends(check)
