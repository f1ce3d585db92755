from __future__ import annotations

from datetime import date

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict
from servicekit.settings import ServiceSettings


class Settings(ServiceSettings):
    """Referral's settings. ``REFERRAL_CIPHER_KEY`` wraps the per-person keys that seal
    referral notes at rest; ``REFERRAL_LINK_KEY`` signs the receiving bodies' links."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    db_schema: str = "referral"
    cipher_key: SecretStr = Field(validation_alias="REFERRAL_CIPHER_KEY")
    link_key: SecretStr = Field(validation_alias="REFERRAL_LINK_KEY", min_length=32)
    body_page_url: str = Field(
        default="http://127.0.0.1:8000/answer",
        description="Where receiving bodies answer in a browser (the staff workspace's "
        "page); a referral's body_page is this, then its link token",
    )
    deadline_check_seconds: float = Field(
        default=300.0,
        gt=0,
        description="How often the worker expires unanswered referrals and flags overdue ones",
    )
    today: date | None = Field(
        default=None,
        validation_alias="KK_TODAY",
        description="Pins the service's date, for acceptance tests and rehearsals of "
        "deadlines; never set in production",
    )
