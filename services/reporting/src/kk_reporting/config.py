from __future__ import annotations

from pydantic_settings import SettingsConfigDict
from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    """Reporting's settings; it keeps no event store and no personal data."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    db_schema: str = "reporting"
