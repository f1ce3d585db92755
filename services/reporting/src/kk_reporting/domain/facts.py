"""What each event counts: one or more monthly facts, each a count of one at a centre, in a
month, of an indicator by a dimension (a code: the axis, the body's category, the outcome…),
dated by the fact itself (registered on, logged on, sent on…), not by when it reached
reporting. The live tallies and a rebuild's count the same way, through ``count``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from operator import attrgetter
from typing import Any

from kk_contracts import Envelope, IntegrationEvent
from kk_contracts.events.intake import (
    BeneficiaryErased,
    BeneficiaryInformed,
    BeneficiaryRegistered,
    BeneficiaryTransferred,
    RequestLogged,
    RequestOverdue,
    RequestStatusChanged,
)
from kk_contracts.events.referral import (
    ProgramEnrolled,
    ProgramExited,
    ProgramRejected,
    ReferralAccepted,
    ReferralCompleted,
    ReferralExpired,
    ReferralOverdue,
    ReferralRefused,
    ReferralSent,
    ReferralWithdrawn,
)

from kk_reporting.domain.geography import region_of

# A count one event adds one to: (centre, first day of the month, indicator, dimension).
# A plain tuple: millions are made in a rebuild. A dimension is a code's value, read as the
# enum's ``_value_`` attribute: ``.value`` is a property, run in Python (five times slower,
# and a rebuild reads some six million).
Fact = tuple[str, date, str, str]

# The files a centre holds change by +1 for each opened or transferred in, by -1 for each
# transferred out or erased: counted by month too, the files held at any month's end are
# the sum of its changes to then, read from a row a month.
HELD_CHANGE = "files_held_change"
# Days from a referral's sending to its acceptance and to its completion, counted as facts
# (the dimension is the number of days) in the month of the acceptance or completion: a
# median over any place and period is read from these counts, however many referrals.
DAYS = {"accepted_on": "days_to_acceptance", "completed_on": "days_to_completion"}
DAYS_INDICATORS = tuple(DAYS.values())
# Counts kept for reading the figures, not shown as indicators of their own.
NOT_SHOWN = (HELD_CHANGE, *DAYS_INDICATORS)


def month_of(on: date) -> date:
    """The first day of ``on``'s month: one object for each month, made once (a rebuild
    makes millions of facts)."""
    month = _MONTHS.get(on)
    if month is None:
        first = on.replace(day=1)
        month = _MONTHS[on] = _FIRSTS.setdefault(first, first)
    return month


_MONTHS: dict[date, date] = {}
_FIRSTS: dict[date, date] = {}


def days_fact(centre: str, sent_on: date, on: date, indicator: str) -> Fact:
    return (centre, month_of(on), indicator, str((on - sent_on).days))


def _registered(e: BeneficiaryRegistered) -> list[Fact]:
    c, m = e.centre_id, month_of(e.registered_on)
    facts = [
        (c, m, "beneficiaries_registered", ""),
        (c, m, "beneficiaries_by_sex", e.sex._value_),
        (c, m, "beneficiaries_by_age", e.age_band._value_),
    ]
    facts += [(c, m, "beneficiaries_by_group", g._value_) for g in e.vulnerable_groups]
    if e.mgi_recipient:
        facts.append((c, m, "mgi_recipients", ""))
    return facts


def _transferred(e: BeneficiaryTransferred) -> list[Fact]:
    """In at the centre the file moved to, out at the one it left, each by the region of the
    other: the flows between regions, and no pair of centres to single anyone out."""
    m = month_of(e.transferred_on)
    return [
        (e.to_centre, m, "transfers_in", region_of(e.from_centre)),
        (e.from_centre, m, "transfers_out", region_of(e.to_centre)),
    ]


def _logged(e: RequestLogged) -> list[Fact]:
    c, m = e.centre_id, month_of(e.logged_on)
    return [
        (c, m, "requests_by_axis", e.axis._value_),
        (c, m, "requests_by_category", e.category._value_),
    ]


def _informed(e: BeneficiaryInformed) -> list[Fact]:
    answer = "in_time" if e.within_deadline else "late"
    return [(e.centre_id, month_of(e.informed_on), "requests_answered", answer)]


def _one(on: str, indicator: str, code: str | None = None) -> Callable[[Any], list[Fact]]:
    """The one count an event of a kind adds: at its centre, in the month of its ``on``
    date, by the code in its ``code`` field (if any)."""
    date_of = attrgetter(on)
    code_of = attrgetter(code) if code else None

    def facts(e: Any) -> list[Fact]:
        dimension = code_of(e)._value_ if code_of else ""
        return [(e.centre_id, month_of(date_of(e)), indicator, dimension)]

    return facts


_FACTS: dict[type[IntegrationEvent], Callable[[Any], list[Fact]]] = {
    BeneficiaryRegistered: _registered,
    BeneficiaryErased: _one("erased_on", "beneficiaries_erased"),
    BeneficiaryTransferred: _transferred,
    RequestLogged: _logged,
    BeneficiaryInformed: _informed,
    RequestOverdue: _one("detected_on", "requests_overdue"),
    ReferralSent: _one("sent_on", "referrals_sent", "body_category"),
    ReferralAccepted: _one("accepted_on", "referrals_accepted", "body_category"),
    ReferralRefused: _one("refused_on", "referrals_refused", "reason"),
    ReferralCompleted: _one("completed_on", "referrals_completed", "outcome"),
    ReferralExpired: _one("expired_on", "referrals_expired", "body_category"),
    ReferralWithdrawn: _one("withdrawn_on", "referrals_withdrawn", "body_category"),
    ReferralOverdue: _one("flagged_on", "referrals_overdue", "body_category"),
    ProgramEnrolled: _one("start_date", "enrolments", "programme_category"),
    ProgramRejected: _one("decided_on", "enrolment_rejections", "reason"),
    ProgramExited: _one("exited_on", "enrolment_exits", "programme_category"),
}
_HELD: dict[type[IntegrationEvent], Callable[[Any], list[tuple[Fact, int]]]] = {
    BeneficiaryRegistered: lambda e: [
        ((e.centre_id, month_of(e.registered_on), HELD_CHANGE, ""), 1)
    ],
    BeneficiaryErased: lambda e: [((e.centre_id, month_of(e.erased_on), HELD_CHANGE, ""), -1)],
    BeneficiaryTransferred: lambda e: [
        ((e.to_centre, month_of(e.transferred_on), HELD_CHANGE, ""), 1),
        ((e.from_centre, month_of(e.transferred_on), HELD_CHANGE, ""), -1),
    ],
}


# The events the monthly read model keeps: those that count, and the changes of a request's
# status (a closed request is no longer overdue).
KEPT: tuple[type[IntegrationEvent], ...] = (*_FACTS, RequestStatusChanged)


def facts_of(e: IntegrationEvent) -> list[Fact]:
    """The counts one event adds one to, each dated by the month of the fact itself."""
    facts = _FACTS.get(type(e))
    return facts(e) if facts is not None else []


def count(
    counts: Counter[Fact], seen: dict[str, datetime], envelope: Envelope[IntegrationEvent]
) -> None:
    """Adds what one event counts, and when its centre was last heard of, to ``counts`` and
    ``seen``."""
    e = envelope.data
    facts = _FACTS.get(type(e))
    if facts is not None:
        for fact in facts(e):  # not Counter.update, whose checks cost more than the counting
            counts[fact] += 1
        held = _HELD.get(type(e))
        if held is not None:
            for key, change in held(e):
                counts[key] += change
    # the centre where it happened: every event kept here names one
    centre = e.to_centre if isinstance(e, BeneficiaryTransferred) else e.centre_id  # type: ignore[attr-defined]
    last = seen.get(centre)
    if last is None or last < envelope.time:
        seen[centre] = envelope.time


def months_between(first: date, last: date) -> list[date]:
    """The first day of each month from ``first``'s to ``last``'s."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return months
