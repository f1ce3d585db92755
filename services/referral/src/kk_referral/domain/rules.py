"""The rules a referral follows: which steps each status allows, and the working days a
body has to answer and to complete the service."""

from __future__ import annotations

from datetime import date

from kk_contracts.calendar import WorkingCalendar
from kk_contracts.codes import BodyCategory, ReferralStatus

S = ReferralStatus

# Working days a body has to answer (accept, refuse or redirect), by its category: shelters
# and protection answer within two, everybody else within ten.
RESPONSE_WORKING_DAYS: dict[str, int] = {
    BodyCategory.HOMELESS_SHELTER: 2,
    BodyCategory.WOMEN_SHELTER: 2,
    BodyCategory.TRAFFICKING_VICTIMS: 2,
}
DEFAULT_RESPONSE_WORKING_DAYS = 10
SERVICE_WORKING_DAYS = 60
"""Working days from acceptance until the service should be completed."""

ALLOWED: dict[str, frozenset[str]] = {
    S.SENT: frozenset({"received", "accepted", "refused", "redirected", "withdrawn", "expired"}),
    S.RECEIVED: frozenset({"accepted", "refused", "redirected", "withdrawn", "expired"}),
    S.ACCEPTED: frozenset({"in_service", "completed", "withdrawn"}),
    S.IN_SERVICE: frozenset({"completed", "withdrawn"}),
    S.REFUSED: frozenset(),
    S.COMPLETED: frozenset(),
    S.EXPIRED: frozenset(),
    S.WITHDRAWN: frozenset(),
}
OPEN = frozenset({S.SENT, S.RECEIVED, S.ACCEPTED, S.IN_SERVICE})
BODY_STEPS = frozenset({"accepted", "refused", "redirected", "in_service", "completed"})
"""The steps a receiving body takes; the others are the centre's or the clock's."""


def respond_by(category: str, sent_on: date, calendar: WorkingCalendar) -> date:
    days = RESPONSE_WORKING_DAYS.get(category, DEFAULT_RESPONSE_WORKING_DAYS)
    return calendar.add_working_days(sent_on, days)
