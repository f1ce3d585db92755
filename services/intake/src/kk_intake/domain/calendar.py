"""The 10-working-day clock of every request, on the platform's working-day calendar."""

from __future__ import annotations

from datetime import date

from kk_contracts.calendar import WorkingCalendar, national_holidays, orthodox_easter

RESPONSE_WORKING_DAYS = 10
"""A beneficiary must be informed of a request's progress within 10 working days."""

__all__ = [
    "RESPONSE_WORKING_DAYS",
    "WorkingCalendar",
    "due_date",
    "national_holidays",
    "orthodox_easter",
]


def due_date(calendar: WorkingCalendar, logged_on: date) -> date:
    return calendar.add_working_days(logged_on, RESPONSE_WORKING_DAYS)
