"""Working days in Greece, as every service counts them: a request's 10-working-day
clock (intake), a referral's deadlines (referral).

Weekends, the national public holidays (the movable ones follow the Orthodox Easter) and the
municipality's local holidays are not working days.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache


def orthodox_easter(year: int) -> date:
    """Orthodox Easter Sunday (Meeus' Julian algorithm, moved to the Gregorian calendar)."""
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    julian = date(year, month, day + 1)
    return julian + timedelta(days=_julian_gregorian_gap(year))


def _julian_gregorian_gap(year: int) -> int:
    century = year // 100
    return century - century // 4 - 2


@cache
def national_holidays(year: int) -> frozenset[date]:
    easter = orthodox_easter(year)
    fixed = [(1, 1), (1, 6), (3, 25), (5, 1), (8, 15), (10, 28), (12, 25), (12, 26)]
    movable = [
        easter - timedelta(days=48),  # Clean Monday (Καθαρά Δευτέρα)
        easter - timedelta(days=2),  # Good Friday (Μεγάλη Παρασκευή)
        easter + timedelta(days=1),  # Easter Monday (Δευτέρα του Πάσχα)
        easter + timedelta(days=50),  # Whit Monday (Αγίου Πνεύματος)
    ]
    return frozenset([date(year, m, d) for m, d in fixed] + movable)


class WorkingCalendar:
    """The working days of one centre: national holidays plus its local ones."""

    def __init__(self, local_holidays: Iterable[date] = ()) -> None:
        self.local_holidays = frozenset(local_holidays)

    def is_working_day(self, day: date) -> bool:
        return (
            day.weekday() < 5
            and day not in national_holidays(day.year)
            and day not in self.local_holidays
        )

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (``start`` itself is not counted)."""
        day, left = start, days
        while left > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day
