"""The public figures of an overview: counts from 1 to 4 hidden outside a centre's own view,
and no rate, share or median that would give such a count back."""

from __future__ import annotations

from typing import Any

import pytest
from kk_reporting.domain.public import present, summed

pytestmark = pytest.mark.unit


def raw(**figures: Any) -> dict[str, Any]:
    return {"centres": 2, "population": 40_000, **figures}


def test_a_centres_own_view_shows_every_count_rate_and_median() -> None:
    shown = present(
        raw(beneficiaries_registered=3, active=3, referrals_accepted=2, referrals_refused=1,
            days_to_acceptance={3: 1, 6: 1}),
        suppressed=False,
    )  # fmt: skip
    assert shown["beneficiaries_new"] == 3
    assert shown["new_per_1000"] == 0.07
    assert shown["acceptance_rate"] == round(2 / 3, 4)
    assert shown["median_days_to_acceptance"] == 4.5


def test_small_counts_are_hidden_and_nothing_gives_them_back() -> None:
    shown = present(
        raw(beneficiaries_registered=3, active=12, referrals_accepted=20, referrals_refused=2,
            days_to_acceptance={3: 4}, days_to_completion={8: 2, 10: 2, 12: 2}),
        suppressed=True,
    )  # fmt: skip
    assert shown["beneficiaries_new"] == "<5"
    assert shown["new_per_1000"] is None  # 3 × 1000 / population would be the count
    assert shown["beneficiaries_active"] == 12
    assert shown["active_per_1000"] == 0.3
    assert shown["referrals_refused"] == "<5"
    # 20 of 22 accepted: either rate would give the 2 refusals back
    assert shown["acceptance_rate"] is None
    assert shown["refusal_rate"] is None
    assert shown["median_days_to_acceptance"] is None  # four cases only
    assert shown["median_days_to_completion"] == 10.0


def test_rates_on_enough_cases_are_shown_and_zero_is_not_a_small_count() -> None:
    shown = present(
        raw(**{"requests_answered:in_time": 15, "requests_answered:late": 0,
               "referrals_accepted": 12, "referrals_refused": 8}),
        suppressed=True,
    )  # fmt: skip
    assert shown["share_answered_in_time"] == 1.0
    assert shown["requests_answered_late"] == 0
    assert shown["acceptance_rate"] == 0.6
    assert shown["refusal_rate"] == 0.4


def test_nothing_to_divide_gives_no_rate() -> None:
    shown = present(raw(population=0), suppressed=False)
    assert shown["share_answered_in_time"] is None
    assert shown["acceptance_rate"] is None
    assert shown["new_per_1000"] is None
    assert shown["median_days_to_completion"] is None


def test_a_whole_is_the_sum_of_its_parts_days_taken_too() -> None:
    whole = summed(
        [
            raw(beneficiaries_registered=3, days_to_acceptance={2: 1, 5: 2}),
            raw(beneficiaries_registered=4, days_to_acceptance={5: 1, 9: 1}),
        ]
    )
    assert whole["centres"] == 4
    assert whole["beneficiaries_registered"] == 7
    assert whole["days_to_acceptance"] == {2: 1, 5: 3, 9: 1}
    assert present(whole, suppressed=False)["median_days_to_acceptance"] == 5.0
