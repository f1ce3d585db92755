"""The identity provider's signing keys, as an API checks its access tokens with them.

The keys are found through the issuer's discovery document and kept: they are fetched
again when a token names a key not seen yet (the provider rotated its keys), at most once
in ``refetch_after`` seconds, so a flood of forged key ids cannot turn into a flood of
requests to the provider. When the provider cannot be reached and no kept key fits, the
answer is 503: the token may well be good, the platform cannot tell yet."""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
import jwt

from servicekit.errors import ApiError

PROVIDER_ALGORITHMS = ("RS256", "ES256")


def discovery_of(issuer: str) -> str:
    """The issuer's own discovery document (OpenID Connect Discovery 1.0, section 4)."""
    return f"{issuer.rstrip('/')}/.well-known/openid-configuration"


class OidcKeys:
    def __init__(
        self, issuer: str, audience: str, *, discovery_url: str | None = None,
        refetch_after: float = 30.0, timeout: float = 5.0,
    ) -> None:  # fmt: skip
        self.issuer = issuer.rstrip("/")
        self.discovery_url = discovery_url or discovery_of(self.issuer)
        self.audience = audience
        self._refetch_after = refetch_after
        self._timeout = timeout
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = float("-inf")
        self._lock = threading.Lock()

    def decode(self, token: str) -> dict[str, Any]:
        """The token's claims, once its signature, issuer, audience and expiry hold."""
        key_id = jwt.get_unverified_header(token).get("kid")
        key = self._key(str(key_id))
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=list(PROVIDER_ALGORITHMS),
            issuer=self.issuer,
            audience=self.audience,
            options={"require": ["sub", "exp", "iss", "aud"]},
            leeway=5,
        )
        return claims

    def _key(self, key_id: str) -> jwt.PyJWK:
        with self._lock:
            if key_id not in self._keys and time.monotonic() - self._fetched_at > (
                self._refetch_after
            ):
                self._fetch()
            key = self._keys.get(key_id)
        if key is None:
            raise jwt.InvalidTokenError(f"the identity provider has no key {key_id!r}")
        return key

    def _fetch(self) -> None:
        self._fetched_at = time.monotonic()
        try:
            with httpx.Client(timeout=self._timeout) as http:
                discovery = http.get(self.discovery_url)
                discovery.raise_for_status()
                published = http.get(discovery.json()["jwks_uri"])
                published.raise_for_status()
        except (httpx.HTTPError, KeyError, ValueError) as exc:
            if self._keys:
                return  # the keys kept still check every token signed before a rotation
            raise ApiError(
                503,
                "identity_provider_unavailable",
                f"The identity provider cannot be reached to check the token ({exc}); "
                "try again shortly.",
                message_el="Ο πάροχος ταυτότητας δεν είναι διαθέσιμος· δοκιμάστε ξανά σε λίγο.",
            ) from None
        key_set = jwt.PyJWKSet.from_dict(published.json())
        self._keys = {
            str(key.key_id): key
            for key in key_set.keys
            if key.public_key_use in (None, "sig") and key.algorithm_name in PROVIDER_ALGORITHMS
        }
