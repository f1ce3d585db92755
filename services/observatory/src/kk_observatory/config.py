"""The observatory processor's settings, from the environment."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """``OBSERVATORY_MASTER_SECRET`` (at least 32 characters) is the secret every region's
    pseudonym key is derived from; it has no default, and whoever holds it can link the
    regions' pseudonyms back to the platform's ids, so it stays with the ministry."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    kafka_bootstrap_servers: str = Field(description="host:port[,host:port]")
    master_secret: SecretStr = Field(validation_alias="OBSERVATORY_MASTER_SECRET", min_length=32)
    key_version: int = Field(
        default=1,
        ge=1,
        validation_alias="OBSERVATORY_KEY_VERSION",
        description="The version of the regions' keys: a new one gives every id new pseudonyms",
    )
    group_id: str = Field(
        default="observatory.routing",
        pattern=r"^observatory\.[a-z0-9._-]+$",
        validation_alias="OBSERVATORY_GROUP",
        description="Its consumer group; its state's topics are named after it",
    )
    transactional_id: str = Field(
        default="observatory.routing",
        validation_alias="OBSERVATORY_TRANSACTIONAL_ID",
        description="One for all replicas: a new instance fences the one before it",
    )
    batch_events: int = Field(
        default=20_000,
        gt=0,
        validation_alias="OBSERVATORY_BATCH_EVENTS",
        description="Events at most in one transaction",
    )
    batch_seconds: float = Field(
        default=0.1,
        gt=0,
        validation_alias="OBSERVATORY_BATCH_SECONDS",
        description="How long a transaction waits for more events",
    )
    publish_at_least: int = Field(
        default=20,
        ge=1,
        validation_alias="OBSERVATORY_PUBLISH_AT_LEAST",
        description="Events a region's closed months gather before their counts are "
        "published again (a month's close publishes them whatever their number)",
    )
    log_level: str = "INFO"
    worker_mode: str = Field(default="embedded", pattern="^(embedded|off)$")
