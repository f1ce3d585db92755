"""Breaking the glass: staff of another centre open a person's file in an emergency (the
person turned up at their centre, say). They state why; the access lasts a few hours; the
grant and every read are recorded, and the head of the file's centre sees them (DHIS2's
model)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from servicekit.auth import CENTRE_STAFF, Principal

from kk_intake.application import IntakeApplication
from kk_intake.domain.exceptions import NotYourCentreError

ACCESS_HOURS = 4.0


class GlassNotNeededError(NotYourCentreError):
    """The file is at the person's own centre: there is no glass to break."""

    message_el = "Ο φάκελος είναι στο κέντρο σας: ανοίξτε τον κανονικά."


def break_glass(
    app: IntakeApplication, *, beneficiary_id: UUID, staff: Principal, reason: str
) -> datetime:
    """Grants ``staff`` (of another centre) access to the file for ``ACCESS_HOURS``."""
    if staff.role not in CENTRE_STAFF:
        raise NotYourCentreError("only centre staff may break the glass")
    centre_id = app.centre_of(beneficiary_id)
    if staff.works_at(centre_id):
        raise GlassNotNeededError("the file is at your centre: open it as usual")
    until = app.audit.break_glass(
        beneficiary_id=beneficiary_id, by=staff, reason=reason, hours=ACCESS_HOURS
    )
    app.audit.file_read(
        beneficiary_id=beneficiary_id,
        by=staff,
        reason=f"σπάσιμο γυαλιού / break the glass: {reason}",
        allowed=True,
    )
    return until
