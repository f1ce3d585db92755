from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict
from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    """Referral's settings. ``REFERRAL_CIPHER_KEY`` encrypts referral notes at rest."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    db_schema: str = "referral"
    cipher_key: SecretStr = Field(validation_alias="REFERRAL_CIPHER_KEY")
