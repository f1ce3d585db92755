"""Which stored events hold a person's data, and so are sealed with that person's key."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from kk_intake.domain.beneficiary import Beneficiary
from kk_intake.domain.request import Request


def subject_of(event: Any) -> UUID | None:
    """The person whose data ``event`` holds: names, AMKA, AFM, birth date, contact,
    household, their proxy's details, notes, reasons."""
    if isinstance(
        event,
        Beneficiary.Registered | Beneficiary.SituationUpdated | Beneficiary.ProxyAuthorised,
    ):
        return UUID(str(event.originator_id))
    if isinstance(event, Request.Logged | Request.StatusChanged):
        return UUID(str(event.beneficiary_id))
    return None
