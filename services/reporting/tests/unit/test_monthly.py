"""Monthly facts and small-cell suppression, without a database."""

from __future__ import annotations

import random
from datetime import date
from uuid import uuid4

import pytest
from kk_contracts.codes import AgeBand, BodyCategory, ServiceOutcome, Sex, VulnerableGroup
from kk_contracts.events.intake import BeneficiaryRegistered, BeneficiaryTransferred
from kk_contracts.events.referral import ReferralCompleted
from kk_contracts.reference import regional_units
from kk_reporting.domain.facts import facts_of, months_between
from kk_reporting.domain.suppression import SUPPRESSED, suppress

pytestmark = pytest.mark.unit


def test_a_registration_counts_once_in_each_breakdown_in_its_own_month() -> None:
    registered = BeneficiaryRegistered(
        beneficiary_id=uuid4(),
        centre_id="KK-6101",
        municipality_code="6101",
        registered_on=date(2026, 3, 31),
        age_band=AgeBand.FROM_65,
        sex=Sex.FEMALE,
        vulnerable_groups=(VulnerableGroup.ELDERLY, VulnerableGroup.POVERTY),
        mgi_recipient=True,
    )
    march = date(2026, 3, 1)
    assert facts_of(registered) == [
        ("KK-6101", march, "beneficiaries_registered", ""),
        ("KK-6101", march, "beneficiaries_by_sex", "female"),
        ("KK-6101", march, "beneficiaries_by_age", "65-74"),
        ("KK-6101", march, "beneficiaries_by_group", "elderly"),
        ("KK-6101", march, "beneficiaries_by_group", "poverty"),
        ("KK-6101", march, "mgi_recipients", ""),
    ]


def test_a_transfer_counts_in_at_one_centre_and_out_at_the_other() -> None:
    moved = BeneficiaryTransferred(
        beneficiary_id=uuid4(),
        from_centre="KK-6101",
        to_centre="KK-0201",
        transferred_on=date(2026, 5, 2),
    )
    # each by the region of the other centre: unit 61 (Kalymnos) is in the South Aegean,
    # unit 02 (Drama) in Eastern Macedonia and Thrace
    assert {(centre, indicator, other) for centre, _, indicator, other in facts_of(moved)} == {
        ("KK-0201", "transfers_in", regional_units()["61"][1]),
        ("KK-6101", "transfers_out", regional_units()["02"][1]),
    }
    assert (regional_units()["61"][1], regional_units()["02"][1]) == ("EL42", "EL51")


def test_a_completed_referral_counts_by_its_outcome() -> None:
    completed = ReferralCompleted(
        referral_id=uuid4(),
        beneficiary_id=uuid4(),
        centre_id="KK-6101",
        body_id=uuid4(),
        body_category=BodyCategory.MENTAL_HEALTH,
        outcome=ServiceOutcome.PARTLY_PROVIDED,
        completed_on=date(2026, 7, 1),
    )
    assert facts_of(completed) == [
        ("KK-6101", date(2026, 7, 1), "referrals_completed", "partly_provided")
    ]


def test_months_run_across_the_year_end() -> None:
    assert months_between(date(2025, 11, 15), date(2026, 2, 1)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def test_a_small_count_is_hidden_and_so_is_what_would_give_it_back() -> None:
    table = suppress(
        {
            "female": {"2026-01": 3, "2026-02": 10},
            "male": {"2026-01": 7, "2026-02": 12},
        }
    )
    assert table["female"]["2026-01"] == SUPPRESSED
    # the female row's total (13) would give January back from February: February goes too,
    # and so does the male January (the month's total would give it back), and so on
    assert table["female"]["2026-02"] == SUPPRESSED
    assert table["male"]["2026-01"] == SUPPRESSED
    assert (table["female"]["total"], table["male"]["total"]) == (13, 19)


@pytest.mark.parametrize("seed", range(40))
def test_no_row_or_month_ever_hides_a_single_cell(seed: int) -> None:
    rng = random.Random(seed)
    months = [f"2026-{m:02d}" for m in range(1, rng.randint(2, 7))]
    rows = {
        f"d{d}": {m: rng.choice([0, 0, 1, 2, 3, 4, 5, 8, 20, 150]) for m in months}
        for d in range(rng.randint(1, 6))
    }
    table = suppress(rows)
    for row in table.values():
        assert not any(isinstance(v, int) and 0 < v < 5 for v in row.values())
        assert sum(v == SUPPRESSED for v in row.values()) != 1
    for m in [*months, "total"]:
        column = [table[d][m] for d in table]
        assert sum(v == SUPPRESSED for v in column) != 1 or len(column) == 1


def test_a_median_read_from_counts_is_the_median_of_the_values() -> None:
    import statistics
    from collections import Counter

    from kk_reporting.domain.public import median

    rng = random.Random(6)
    for size in (1, 2, 3, 10, 101, 1000):
        values = [rng.randint(0, 60) for _ in range(size)]
        counts = dict(Counter(values))
        counts[99] = 0  # a count moved away leaves a zero behind
        assert median(counts) == (size, float(statistics.median(values)))
    assert median({}) == (0, 0.0)
