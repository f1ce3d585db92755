from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict
from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    """Intake's settings. ``INTAKE_CIPHER_KEY`` (base64 of 16, 24 or 32 random bytes) encrypts
    the individual files at rest; it has no default."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    db_schema: str = "intake"
    cipher_key: SecretStr = Field(validation_alias="INTAKE_CIPHER_KEY")
    pseudonym_key: SecretStr = Field(
        validation_alias="INTAKE_PSEUDONYM_KEY",
        min_length=32,
        description="HMAC key of the AMKA index: one file per person across all centres",
    )
    overdue_check_seconds: float = Field(
        default=300.0, gt=0, description="How often the worker looks for overdue requests"
    )
