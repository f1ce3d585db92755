"""Which stored events hold a person's data, and so are sealed with that person's key:
the referral's note, a refusal's detail, a body's feedback, a withdrawal's reason."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from kk_referral.domain.referral import Referral


def subject_of(event: Any) -> UUID | None:
    if isinstance(
        event, Referral.Sent | Referral.Refused | Referral.Completed | Referral.Withdrawn
    ):
        return UUID(str(event.beneficiary_id))
    return None
