"""The workspace's one settings class: where the services and the identity provider are."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from servicekit.auth import AUDIENCE
from servicekit.settings import Environment, random_secret


class Settings(BaseSettings):
    """Required values have no default: the workspace refuses to start without them."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=True)

    registry_url: str = "http://127.0.0.1:8001"
    intake_url: str = "http://127.0.0.1:8002"
    referral_url: str = "http://127.0.0.1:8003"
    reporting_url: str = "http://127.0.0.1:8004"
    oidc_issuer: str = Field(description="The identity provider staff sign in with")
    oidc_audience: str = AUDIENCE
    oidc_discovery_url: str | None = Field(
        default=None,
        description="Where the workspace reads the issuer's discovery document when it reaches "
        "the provider by another address than browsers do (a container network)",
    )
    oidc_client_id: str = "kk-workspace"
    oidc_client_secret: SecretStr
    workspace_session_key: SecretStr = Field(description="Signs the session cookies")
    session_idle_minutes: int = Field(default=30, ge=5, le=480)
    kk_env: Environment = Environment.DEVELOPMENT
    service_timeout_seconds: float = Field(default=10.0, gt=0)
    log_level: str = "INFO"

    @field_validator("workspace_session_key")
    @classmethod
    def _random_key(cls, value: SecretStr) -> SecretStr:
        return random_secret(value, "WORKSPACE_SESSION_KEY")

    @property
    def secure_cookies(self) -> bool:
        """Cookies only over HTTPS: production is served behind TLS."""
        return self.kk_env == Environment.PRODUCTION
