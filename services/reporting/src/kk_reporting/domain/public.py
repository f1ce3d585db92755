"""The public form of a place's figures: counts suppressed outside a centre's own view, and
rates, shares and medians only where enough cases stand behind them; and a whole's figures
from its parts'."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from kk_contracts.minimisation import SMALL

from kk_reporting.domain.facts import DAYS
from kk_reporting.domain.suppression import SUPPRESSED, Cell

Raw = dict[str, Any]  # a place's figures as read: counts, and referrals by days taken


def summed(parts: Iterable[Raw]) -> Raw:
    """The raw figures of a whole from those of its parts: every one is a count, or counts
    of referrals by days taken."""
    whole: Raw = defaultdict(int)
    for part in parts:
        for name, value in part.items():
            if isinstance(value, dict):
                days = whole.setdefault(name, defaultdict(int))
                for taken, n in value.items():
                    days[taken] += n
            else:
                whole[name] += value
    return whole


def present(raw: Raw, suppressed: bool) -> dict[str, Any]:
    """The public figures of raw ones: suppressed counts, and rates and medians only where
    enough cases stand behind them."""

    def count(n: int) -> Cell:
        return SUPPRESSED if suppressed and 0 < n < SMALL else n

    def enough(*ns: int) -> bool:
        return not suppressed or all(n == 0 or n >= SMALL for n in ns)

    def rate(part: int, whole: int) -> float | None:
        if whole == 0 or not enough(part, whole, whole - part):
            return None
        return round(part / whole, 4)

    def per_1000(n: int) -> float | None:
        if not population or not enough(n):
            return None
        return round(n * 1000 / float(population), 2)

    def median_of(indicator: str) -> float | None:
        n, m = median(raw.get(indicator, {}))
        return None if n == 0 or (suppressed and n < SMALL) else round(float(m), 1)

    population = raw.get("population", 0)
    new, active = raw.get("beneficiaries_registered", 0), max(raw.get("active", 0), 0)
    in_time = raw.get("requests_answered:in_time", 0)
    late = raw.get("requests_answered:late", 0)
    accepted, refused = raw.get("referrals_accepted", 0), raw.get("referrals_refused", 0)
    return {
        "centres": raw.get("centres", 0),
        "population": population,
        "beneficiaries_new": count(new),
        "beneficiaries_active": count(active),
        "new_per_1000": per_1000(new),
        "active_per_1000": per_1000(active),
        "requests_logged": count(raw.get("requests_by_axis", 0)),
        "requests_answered_in_time": count(in_time),
        "requests_answered_late": count(late),
        "share_answered_in_time": rate(in_time, in_time + late),
        "requests_overdue_now": count(raw.get("overdue_request", 0)),
        "referrals_sent": count(raw.get("referrals_sent", 0)),
        "referrals_accepted": count(accepted),
        "referrals_refused": count(refused),
        "acceptance_rate": rate(accepted, accepted + refused),
        "refusal_rate": rate(refused, accepted + refused),
        "median_days_to_acceptance": median_of(DAYS["accepted_on"]),
        "median_days_to_completion": median_of(DAYS["completed_on"]),
        "referrals_overdue_now": count(raw.get("overdue_referral", 0)),
        "enrolments": count(raw.get("enrolments", 0)),
        "exits": count(raw.get("enrolment_exits", 0)),
        "transfers_in": count(raw.get("transfers_in", 0)),
        "transfers_out": count(raw.get("transfers_out", 0)),
        "centres_silent_48h": raw.get("silent", 0),
        "centres_headed_by_social_worker": raw.get("headed", 0),
        "centres_roster_unreported": raw.get("unreported", 0),
        "staff_positions": raw.get("staff", 0),
        "staff_positions_foreseen": raw.get("foreseen", 0),
    }


def median(days: dict[int, int]) -> tuple[int, float]:
    """How many values, given as value → how many times, and their median (the mean of
    the middle two when they are even in number, as PostgreSQL's percentile_cont(0.5))."""
    ordered = sorted((value, count) for value, count in days.items() if count > 0)
    n = sum(count for _, count in ordered)

    def at(index: int) -> int:
        for value, count in ordered:
            if index < count:
                return value
            index -= count
        raise IndexError(index)

    if n == 0:
        return 0, 0.0
    if n % 2:
        return n, float(at(n // 2))
    return n, (at(n // 2 - 1) + at(n // 2)) / 2
