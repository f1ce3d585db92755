"""Identity: tokens, roles and the messages a person sees when a token will not do."""

from __future__ import annotations

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from devstack.kafka import free_port
from pydantic import ValidationError
from servicekit.auth import Principal, Role, TokenCodec
from servicekit.errors import ApiError
from servicekit.oidc import OidcKeys
from servicekit.settings import ServiceSettings

pytestmark = pytest.mark.unit
SECRET = "k" * 48


def test_a_minted_token_reads_back_as_the_same_principal() -> None:
    codec = TokenCodec(SECRET, "HS256")
    who = Principal("maria", Role.SOCIAL_WORKER, centre_id="KK-6101")
    assert codec.read(codec.mint(who)) == who
    assert who.works_at("KK-6101")
    assert not who.works_at("KK-0201")


def test_an_expired_token_says_sign_in_again() -> None:
    codec = TokenCodec(SECRET, "HS256")
    token = codec.mint(Principal("a", Role.ADMIN), ttl_seconds=-10)
    with pytest.raises(ApiError, match="expired") as caught:
        codec.read(token)
    assert caught.value.status == 401


def test_a_token_signed_with_another_key_is_refused() -> None:
    token = TokenCodec("x" * 48, "HS256").mint(Principal("a", Role.ADMIN))
    with pytest.raises(ApiError, match="not valid"):
        TokenCodec(SECRET, "HS256").read(token)


@pytest.mark.parametrize(
    ("claims", "message"),
    [
        ({"role": "superuser"}, "no known role"),
        ({"role": "social_worker"}, "must name its centre_id"),
        ({"role": "regional_observatory"}, "must name its region"),
    ],
)
def test_tokens_without_a_role_or_its_scope_are_refused(
    claims: dict[str, str], message: str
) -> None:
    token = jwt.encode({"sub": "a", "iss": "kk-platform", "exp": 2**31, **claims}, SECRET, "HS256")
    with pytest.raises(ApiError, match=message):
        TokenCodec(SECRET, "HS256").read(token)


@pytest.mark.parametrize("secret", ["changeme", "short-but-not-placeholder"])
def test_settings_refuse_placeholder_or_short_secrets(secret: str) -> None:
    with pytest.raises(ValidationError, match="at least 32 characters"):
        ServiceSettings(
            database_url="postgresql://x",
            db_schema="s",
            kafka_bootstrap_servers="127.0.0.1:9092",
            jwt_secret=secret,
        )


def test_an_unreachable_identity_provider_is_a_503_not_a_refusal() -> None:
    closed = f"http://127.0.0.1:{free_port()}/realms/kk"
    codec = TokenCodec(SECRET, "HS256", provider=OidcKeys(closed, "kk-platform", timeout=1))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode(
        {"sub": "a", "iss": closed, "aud": "kk-platform", "exp": 2**31, "role": "admin"},
        key,
        algorithm="RS256",
        headers={"kid": "k1"},
    )
    with pytest.raises(ApiError, match="cannot be reached") as caught:
        codec.read(token)
    assert caught.value.status == 503


def test_production_refuses_development_tokens() -> None:
    token = TokenCodec(SECRET, "HS256").mint(Principal("a", Role.ADMIN))
    with pytest.raises(ApiError, match="development tokens are refused") as caught:
        TokenCodec(SECRET, "HS256", development_tokens=False).read(token)
    assert caught.value.status == 401


def test_production_settings_need_the_identity_provider() -> None:
    with pytest.raises(ValidationError, match="OIDC_ISSUER"):
        ServiceSettings(
            database_url="postgresql://x",
            db_schema="s",
            kafka_bootstrap_servers="127.0.0.1:9092",
            jwt_secret="k" * 48,
            kk_env="production",
        )
