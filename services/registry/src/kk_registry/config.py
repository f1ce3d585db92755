from __future__ import annotations

from typing import Literal

from pydantic_settings import SettingsConfigDict
from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    """The registry's settings; environment variables, e.g. ``CENSUS_YEAR=2021``."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    db_schema: str = "registry"
    census_year: Literal[2011, 2021] = 2011
