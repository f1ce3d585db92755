"""Reporting's monthly read model on the real PostgreSQL: referrals sent, accepted and
completed (some completed twice) over months in three centres of two regions, fed in batches
of every size, so that a referral's events fall in one tally or in several. The medians of
days to acceptance and to completion, read for a centre, its region and the nation, are
those the test works out itself from each referral's last dates; and the sums kept for the
regions and the nation equal the centres' own counts."""

from __future__ import annotations

import random
import statistics
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import psycopg
import pytest
from devstack.stack import Stack
from kk_contracts import Envelope, IntegrationEvent
from kk_contracts.codes import (
    AgeBand,
    Axis,
    BodyCategory,
    Channel,
    ReferralStatus,
    RequestCategory,
    RequestStatus,
    ServiceOutcome,
    Sex,
    Urgency,
    VulnerableGroup,
)
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
    ReferralAccepted,
    ReferralCompleted,
    ReferralOverdue,
    ReferralSent,
)
from kk_contracts.reference import regional_units
from kk_reporting.adapters.monthly import MonthlyFacts
from kk_reporting.adapters.overview import Scope, overview
from kk_reporting.bootstrap import MIGRATIONS

from tests.support import scratch_schema

pytestmark = pytest.mark.integration
CENTRES = ("KK-6101", "KK-6102", "KK-4501")  # two in one region, one in another
FIRST, LAST = date(2026, 3, 1), date(2026, 5, 31)


@pytest.fixture
def cur(stack: Stack) -> Iterator[psycopg.Cursor[Any]]:
    with scratch_schema(stack.database_url, "reporting", MIGRATIONS) as cursor:
        MonthlyFacts().refresh_reference(cursor)
        for centre in CENTRES:
            unit = centre[3:5]
            cursor.execute(
                """INSERT INTO centre_dim (centre_id, municipality_code, region_code, name_el,
                       name_en, regional_unit_code, population)
                   VALUES (%s, %s, %s, %s, %s, %s, 10000)""",
                (centre, centre[3:], regional_units()[unit][1], centre, centre, unit),
            )
        yield cursor


def _scenario(rng: random.Random) -> tuple[list[IntegrationEvent], dict[str, Any]]:
    """The events, in the order a partition keeps them, and each referral's last dates."""
    timeline: list[tuple[date, int, IntegrationEvent]] = []
    final: dict[str, Any] = {}
    for i in range(400):
        centre = rng.choice(CENTRES)
        sent_on = date(2026, 1, 1) + timedelta(days=rng.randrange(150))
        common = {
            "referral_id": uuid4(),
            "beneficiary_id": uuid4(),
            "centre_id": centre,
            "body_id": uuid4(),
            "body_category": BodyCategory.EMPLOYMENT_SERVICE,
        }
        sent = ReferralSent(
            **common,
            urgency=Urgency.ROUTINE,
            sent_on=sent_on,
            service=RequestCategory.EMPLOYMENT_REFERRAL,
            respond_by=sent_on + timedelta(days=14),
        )
        timeline.append((sent_on, i, sent))
        dates: dict[str, Any] = {"centre": centre, "sent": sent_on}
        if rng.random() < 0.8:
            accepted_on = sent_on + timedelta(days=rng.randrange(15))
            accepted = ReferralAccepted(
                **common, accepted_on=accepted_on, complete_by=accepted_on + timedelta(days=30)
            )
            timeline.append((accepted_on, i, accepted))
            dates["accepted"] = accepted_on
            if rng.random() < 0.4:  # overdue until completed, if it ever is
                flagged_on = accepted_on + timedelta(days=1)
                late = ReferralOverdue(
                    **common,
                    status=ReferralStatus.ACCEPTED,
                    complete_by=accepted_on,
                    flagged_on=flagged_on,
                )
                timeline.append((flagged_on, i, late))
                dates["overdue"] = True
            completed_on = accepted_on
            for _ in range(rng.choice((0, 1, 1, 2))):  # a second completion moves the date
                completed_on += timedelta(days=rng.randrange(1, 40))
                done = ReferralCompleted(
                    **common, outcome=ServiceOutcome.PROVIDED, completed_on=completed_on
                )
                timeline.append((completed_on + timedelta(days=1), i, done))
                dates["completed"] = completed_on
                dates["overdue"] = False
        final[str(common["referral_id"])] = dates
    timeline.sort(key=lambda item: (item[0], item[1]))
    return [event for _, _, event in timeline], final


def _expected(final: dict[str, Any], which: str, centres: tuple[str, ...]) -> float | None:
    days = [
        (d[which] - d["sent"]).days
        for d in final.values()
        if d["centre"] in centres and which in d and FIRST <= d[which] <= LAST
    ]
    return round(float(statistics.median(days)), 1) if days else None


def test_medians_and_sums_at_every_level_whatever_the_batches(
    cur: psycopg.Cursor[Any],
) -> None:
    rng = random.Random(2026)
    events, final = _scenario(rng)
    model, at = MonthlyFacts(), datetime.now(UTC)
    while events:
        size = rng.randint(1, 120)
        batch, events = events[:size], events[size:]
        tally = model.tally()
        for event in batch:
            tally.add(Envelope(uuid4(), "/test", at, event))
        tally.write(cur)

    region = regional_units()["61"][1]
    for scope, centres in (
        (Scope("centre", "KK-6101", own_centre=True), ("KK-6101",)),
        (Scope("region", region), ("KK-6101", "KK-6102")),
        (Scope("national", None), CENTRES),
    ):
        figures = overview(cur, scope, FIRST, LAST).figures
        assert figures.median_days_to_acceptance == _expected(final, "accepted", centres)
        assert figures.median_days_to_completion == _expected(final, "completed", centres)
        assert figures.median_days_to_completion is not None
        overdue = sum(1 for d in final.values() if d["centre"] in centres and d.get("overdue"))
        assert figures.referrals_overdue_now == overdue > 0

    cur.execute(
        """SELECT p.level, p.code, p.indicator, p.month, p.dimension, p.n, c.n AS centres
           FROM place_facts p FULL JOIN (
               SELECT 'region' AS level, d.region_code AS code, f.indicator, f.month,
                      f.dimension, sum(f.n) AS n
               FROM monthly_facts f JOIN centre_dim d USING (centre_id) GROUP BY 1, 2, 3, 4, 5
               UNION ALL
               SELECT 'national', '', indicator, month, dimension, sum(n)
               FROM monthly_facts GROUP BY 1, 2, 3, 4, 5
           ) c USING (level, code, indicator, month, dimension)
           WHERE p.level IS DISTINCT FROM 'regional_unit'
             AND p.n IS DISTINCT FROM c.n"""
    )
    assert cur.fetchall() == []


def _lives(rng: random.Random) -> list[tuple[int, IntegrationEvent]]:
    """People registered, some transferred or erased, their requests logged, flagged
    overdue (some twice), answered or closed: each event with its partition (by the id of
    what it is about, as the relays key them), in the order of their dates."""
    timeline: list[tuple[date, int, int, IntegrationEvent]] = []

    def at(on: date, about: Any, event: IntegrationEvent) -> None:
        timeline.append((on, len(timeline), hash(about) % 3, event))

    for _ in range(300):
        centre = rng.choice(CENTRES)
        person, on = uuid4(), date(2026, 1, 1) + timedelta(days=rng.randrange(150))
        at(on, person, BeneficiaryRegistered(
            beneficiary_id=person, centre_id=centre, municipality_code=centre[3:],
            registered_on=on, age_band=rng.choice(list(AgeBand)), sex=rng.choice(list(Sex)),
            vulnerable_groups=tuple(rng.sample(list(VulnerableGroup), rng.randint(0, 2))),
            mgi_recipient=rng.random() < 0.3,
        ))  # fmt: skip
        if rng.random() < 0.1:
            to = rng.choice([c for c in CENTRES if c != centre])
            at(on + timedelta(days=5), person, BeneficiaryTransferred(
                beneficiary_id=person, from_centre=centre, to_centre=to,
                transferred_on=on + timedelta(days=5),
            ))  # fmt: skip
            centre = to
        if rng.random() < 0.05:
            at(on + timedelta(days=9), person, BeneficiaryErased(
                beneficiary_id=person, centre_id=centre, erased_on=on + timedelta(days=9),
            ))  # fmt: skip
            continue
        for _ in range(rng.randint(0, 3)):
            request, logged = uuid4(), on + timedelta(days=rng.randrange(20))
            common = {"request_id": request, "beneficiary_id": person, "centre_id": centre}
            at(logged, request, RequestLogged(
                **common, axis=rng.choice(list(Axis)), category=rng.choice(list(RequestCategory)),
                channel=Channel.IN_PERSON, logged_on=logged, due_on=logged + timedelta(days=14),
            ))  # fmt: skip
            late = logged + timedelta(days=15)
            for flag in range(rng.choice((0, 1, 1, 2))):  # flagged again: keeps its date
                at(late + timedelta(days=flag), request, RequestOverdue(
                    **common, due_on=logged + timedelta(days=14),
                    detected_on=late + timedelta(days=flag),
                ))  # fmt: skip
            answered = logged + timedelta(days=rng.randrange(30))
            if rng.random() < 0.6:
                at(answered, request, BeneficiaryInformed(
                    **common, informed_on=answered, channel=Channel.PHONE,
                    within_deadline=answered < logged + timedelta(days=14),
                ))  # fmt: skip
            elif rng.random() < 0.5:
                at(answered, request, RequestStatusChanged(
                    **common, status=rng.choice(list(RequestStatus)), changed_on=answered,
                ))  # fmt: skip
    timeline.sort(key=lambda item: (item[0], item[1]))
    return [(partition, event) for _, _, partition, event in timeline]
