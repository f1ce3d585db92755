"""The base of every service's one ``Settings`` class."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from servicekit.auth import AUDIENCE

_PLACEHOLDERS = {"changeme", "changethis", "secret", "password", "example", "test"}


class Environment(StrEnum):
    DEVELOPMENT = "development"
    """A developer's machine or a test session: ``make token``'s HS256 tokens are accepted."""
    PRODUCTION = "production"
    """Only the identity provider's tokens are accepted, and it must be configured."""


class WorkerMode(StrEnum):
    EMBEDDED = "embedded"
    """The relay and consumers run inside the API process (one process per service)."""
    OFF = "off"
    """Only the API runs; the worker runs as its own process (``python -m <pkg>.worker``)."""


class ServiceSettings(BaseSettings):
    """Settings shared by every service; each service subclasses it once.

    Required values have no default: a service refuses to start without them rather than
    run with a guess. Secrets refuse well-known placeholders.
    """

    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=True)

    database_url: str = Field(description="PostgreSQL URL, e.g. postgresql://user:pw@host/db")
    db_schema: str = Field(pattern=r"^[a-z_][a-z0-9_]{0,62}$")
    kafka_bootstrap_servers: str = Field(description="host:port[,host:port]")
    jwt_secret: SecretStr = Field(description="Key that signs and checks bearer tokens")
    jwt_algorithm: str = "HS256"
    kk_env: Environment = Field(
        default=Environment.DEVELOPMENT,
        description="`production` refuses the development tokens of `make token`",
    )
    oidc_issuer: str | None = Field(
        default=None,
        description="The identity provider's issuer URL, whose access tokens the API accepts",
    )
    oidc_audience: str = Field(
        default=AUDIENCE, description="The audience those access tokens must carry"
    )
    oidc_discovery_url: str | None = Field(
        default=None,
        description="Where to read the issuer's discovery document when this service reaches "
        "the provider by another address than browsers do (a container network); default: "
        "the issuer's own",
    )
    worker_mode: WorkerMode = WorkerMode.EMBEDDED
    worker_metrics_port: int = Field(default=0, description="Metrics port of a standalone worker")
    worker_metrics_host: str = Field(
        default="127.0.0.1", description="Address a standalone worker's metrics listen on"
    )
    worker_nice: int = Field(
        default=10,
        ge=0,
        le=19,
        description="How much a standalone worker yields the CPU to the APIs (Unix niceness): "
        "requests wait for nobody, the relay and consumers catch up a moment later",
    )
    relay_batch_size: int = Field(default=1000, ge=1, le=10_000)
    log_level: str = "INFO"

    @model_validator(mode="after")
    def _production_needs_the_identity_provider(self) -> ServiceSettings:
        if self.kk_env == Environment.PRODUCTION and not self.oidc_issuer:
            raise ValueError(
                "KK_ENV=production accepts only the identity provider's tokens: set OIDC_ISSUER"
            )
        return self

    @field_validator("jwt_secret")
    @classmethod
    def _refuse_placeholder(cls, value: SecretStr) -> SecretStr:
        return random_secret(value, "JWT_SECRET")


def random_secret(value: SecretStr, name: str) -> SecretStr:
    """``value``, unless it is a well-known placeholder or too short to be a random key."""
    secret = value.get_secret_value()
    if secret.lower() in _PLACEHOLDERS or len(secret) < 32:
        raise ValueError(
            f"{name} must be a random value of at least 32 characters "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )
    return value
