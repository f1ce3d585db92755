"""Time as the generator counts it: a day is its ordinal, a moment its day's ordinal times
``DAY`` plus the seconds into the day (UTC), so that moments sort and add as integers; the
working days of the years it spans, and the months, ending with the current one."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime

from kk_contracts.calendar import national_holidays

DAY = 86_400
UNIX_EPOCH = date(1970, 1, 1).toordinal() * DAY  # moments are ordinal days * DAY + s
OPENS, CLOSES = 6 * 3600, 14 * 3600  # 08:00-16:00 in Athens, as UTC seconds of the day


def key_of(moment: datetime) -> int:
    """``moment`` as the generator counts moments."""
    moment = moment.astimezone(UTC)
    return moment.toordinal() * DAY + moment.hour * 3600 + moment.minute * 60 + moment.second


def month_span(years: int, today: date) -> list[tuple[int, int]]:
    """``years`` years of months, ending with the current one."""
    months, y, m = [], today.year, today.month
    for _ in range(years * 12):
        months.append((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return months[::-1]


class WorkingDays:
    """The working days (no weekends, no national holidays) of a span of years, with O(1)
    "the n-th working day after" (``WorkingCalendar.add_working_days`` walks day by day)."""

    def __init__(self, first: date, last: date) -> None:
        self.first = first.toordinal()
        self.days: list[int] = []
        self.count: list[int] = []  # working days up to and including each day
        for ordinal in range(self.first, last.toordinal() + 1):
            day = date.fromordinal(ordinal)
            if day.weekday() < 5 and day not in national_holidays(day.year):
                self.days.append(ordinal)
            self.count.append(len(self.days))

    def after(self, ordinal: int, n: int) -> int:
        """The ``n``-th working day after ``ordinal`` (itself not counted), as an ordinal."""
        offset = ordinal - self.first
        if offset >= len(self.count):  # beyond the calendar: far in the future anyway
            return ordinal + n * 2
        index = self.count[offset] + n - 1
        return self.days[index] if index < len(self.days) else self.days[-1] + n * 2

    def in_month(self, year: int, month: int, until: int) -> list[int]:
        start = date(year, month, 1).toordinal()
        end = min(date(year, month, calendar.monthrange(year, month)[1]).toordinal(), until)
        lo = self.count[start - self.first - 1] if start > self.first else 0
        hi = self.count[end - self.first]
        return self.days[lo:hi]
