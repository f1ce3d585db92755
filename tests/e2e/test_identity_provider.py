"""The services accept the identity provider's access tokens (the real Keycloak of the test
session), checked against its published keys; in production they refuse the development
tokens of ``make token``."""

from __future__ import annotations

from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from devstack.kafka import free_port
from devstack.realm import SCRIPTS_CLIENT
from servicekit.auth import AUDIENCE, Role
from servicekit.oidc import OidcKeys

from tests.e2e.conftest import SPECS, Platform
from tests.support import person

pytestmark = pytest.mark.e2e


def _provider_token(platform: Platform, username: str) -> str:
    """An access token from the identity provider, by the scripts' password grant."""
    answer = httpx.post(
        f"{platform.stack.issuer}/protocol/openid-connect/token",
        data={
            "grant_type": "password",
            "client_id": SCRIPTS_CLIENT,
            "username": username,
            "password": platform.stack.secrets["KK_DEV_USERS_PASSWORD"],
        },
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["access_token"]
    return token


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_social_worker_signed_in_at_the_provider_opens_a_file_at_their_centre(
    platform: Platform,
) -> None:
    token = _provider_token(platform, "kl.kalymnos")
    claims = jwt.decode(token, options={"verify_signature": False})
    assert (claims["role"], claims["centre_id"], claims["aud"]) == (
        "social_worker",
        "KK-6101",
        "kk-platform",
    )
    response = platform.post("intake", "/beneficiaries", person("KK-6101"), _bearer(token))
    assert response.status_code == 201, response.text
    elsewhere = platform.post("intake", "/beneficiaries", person("KK-4501"), _bearer(token))
    assert elsewhere.status_code == 403, elsewhere.text


def test_the_providers_roles_hold_in_every_service(platform: Platform) -> None:
    analyst = _bearer(_provider_token(platform, "analyst"))
    national = httpx.get(platform.urls["reporting"] + "/indicators/national", headers=analyst)
    assert national.status_code == 200, national.text
    worker = _bearer(_provider_token(platform, "kl.athens"))
    refused = httpx.get(platform.urls["reporting"] + "/indicators/national", headers=worker)
    assert refused.status_code == 403, refused.text


def _forged(platform: Platform, **changes: Any) -> str:
    """A token like the provider's, signed by a key the provider never published."""
    real = jwt.decode(_provider_token(platform, "kl.kalymnos"), options={"verify_signature": False})
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    header = {"kid": changes.pop("kid", "forged-key")}
    return jwt.encode({**real, **changes}, key, algorithm="RS256", headers=header)


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda p: _forged(p), "no key"),
        (lambda p: _forged(p, kid=_kid(p)), "Signature verification failed"),
    ],
)
def test_a_token_the_provider_did_not_sign_is_refused(
    platform: Platform, make: Any, says: str
) -> None:
    response = platform.post("intake", "/beneficiaries", person("KK-6101"), _bearer(make(platform)))
    assert response.status_code == 401, response.text
    assert says in response.json()["message"]


def _kid(platform: Platform) -> str:
    return str(jwt.get_unverified_header(_provider_token(platform, "kl.kalymnos"))["kid"])


def test_production_refuses_development_tokens_and_takes_the_providers(platform: Platform) -> None:
    intake, url = platform.stack.start_api(
        SPECS["intake"], port=free_port(), worker_mode="off", KK_ENV="production"
    )
    try:
        development = platform.headers(Role.SOCIAL_WORKER, centre_id="KK-6101")
        refused = httpx.post(url + "/beneficiaries", json=person("KK-6101"), headers=development)
        assert refused.status_code == 401, refused.text
        assert "development tokens are refused" in refused.json()["message"]
        token = _provider_token(platform, "kl.kalymnos")
        taken = httpx.post(url + "/beneficiaries", json=person("KK-6101"), headers=_bearer(token))
        assert taken.status_code == 201, taken.text
    finally:
        intake.stop()
        platform.stack.processes.remove(intake)


def test_keys_are_read_where_the_discovery_url_says_and_the_issuer_still_checked(
    platform: Platform,
) -> None:
    """In a container network the services reach the provider by another address than
    browsers do: the keys come from OIDC_DISCOVERY_URL, the issuer stays the tokens'."""
    issuer = platform.stack.issuer
    elsewhere = issuer.replace("127.0.0.1", "localhost") + "/.well-known/openid-configuration"
    assert elsewhere != f"{issuer}/.well-known/openid-configuration"
    token = _provider_token(platform, "kl.kalymnos")
    keys = OidcKeys(issuer, AUDIENCE, discovery_url=elsewhere)
    assert keys.decode(token)["role"] == "social_worker"
    assert keys.discovery_url == elsewhere
    wrong_issuer = OidcKeys(issuer.replace("/kk", "/master"), AUDIENCE, discovery_url=elsewhere)
    with pytest.raises(jwt.InvalidIssuerError):
        wrong_issuer.decode(token)
