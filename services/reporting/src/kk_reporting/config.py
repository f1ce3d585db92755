from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict
from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    """Reporting's settings; it keeps no event store and no personal data."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    db_schema: str = "reporting"
    workspace_url: str = Field(
        default="http://127.0.0.1:8000",
        validation_alias="WORKSPACE_URL",
        description="The staff workspace, where the dashboards are; their old addresses here "
        "redirect there",
    )
