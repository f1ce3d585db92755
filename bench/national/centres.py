"""The real centres: the municipalities that need one, as the registry seeds them; how many
new people each registers month by month; and the events of a centre's opening (registered,
staffed, then compliant or flagged for want of a head social worker)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from kk_contracts.codes import Region, StaffRole
from kk_contracts.events.registry import (
    CentreComplianceRestored,
    CentreFlaggedNonCompliant,
    CentreRegistered,
    CentreStaffChanged,
    StaffPosition,
)
from kk_registry.domain.geography import CensusYear, Municipality, staffing_band
from kk_registry.reference import municipalities

from bench.national.codes import ROSTER
from bench.national.distributions import SEASON
from bench.national.timeline import DAY

if TYPE_CHECKING:
    import random

    from kk_contracts import IntegrationEvent

    from bench.national.story import Story
    from bench.national.timeline import WorkingDays


@dataclass(frozen=True)
class Centre:
    """A real municipality's Community Centre, with the census its population comes from."""

    centre_id: str
    municipality: Municipality
    census: int
    population: int
    band: int
    share: float  # of the national registrations, relative to the average centre (mean 1)


def real_centres(count: int) -> list[Centre]:
    """The ``count`` largest municipalities that need a Community Centre (census 2021, or
    2011 for those that dropped under 10,000 inhabitants since), as the registry seeds them.
    There are 248 such municipalities: asking for more gives all of them."""
    eligible: list[tuple[int, str, Municipality, CensusYear]] = []
    for m in municipalities().values():
        census: CensusYear | None = (
            2021 if m.needs_centre(2021) else 2011 if m.needs_centre(2011) else None
        )
        if census is not None:
            eligible.append((m.population(census), m.code, m, census))
    eligible.sort(key=lambda e: (-e[0], e[1]))
    chosen = eligible[:count]
    weights = [math.sqrt(population) for population, *_ in chosen]
    mean = sum(weights) / len(weights)
    return [
        Centre(f"KK-{code}", m, census, population, staffing_band(population), w / mean)
        for (population, code, m, census), w in zip(chosen, weights, strict=True)
    ]


def registrations(
    rng: random.Random,
    centres: list[Centre],
    months: list[tuple[int, int]],
    days: WorkingDays,
    today: int,
    per_centre_year: float,
) -> list[list[list[int]]]:
    """For each month, for each centre, the days on which someone new registers."""
    plan = []
    n = len(months)
    for i, (year, month) in enumerate(months):
        # a little more each year: 0.8 of the average at the start, 1.2 at the end
        trend = 0.8 + 0.4 * (i / (n - 1) if n > 1 else 0.5)
        working = days.in_month(year, month, today)
        whole = len(days.in_month(year, month, date(year, month, 28).toordinal() + 10))
        share = len(working) / whole if whole else 0.0
        per_centre = []
        for c in centres:
            mean = per_centre_year / 12 * c.share * SEASON.get(month, 1.0) * trend * share
            count = int(mean) + (rng.random() < mean - int(mean))
            per_centre.append(sorted(rng.choice(working) for _ in range(count)) if working else [])
        plan.append(per_centre)
    return plan


def open_centre(story: Story, c: Centre, registered: int) -> None:
    """The centre registered at the moment ``registered``, then staffed, then found
    compliant or not."""
    m = c.municipality
    place = m.name_el.removeprefix("Δήμος ")
    story.emit(
        registered,
        lambda: CentreRegistered(
            centre_id=c.centre_id,
            name_el=f"Κέντρο Κοινότητας Δήμου {place}",
            name_en=f"Community Centre of {m.name_en}",
            municipality_code=m.code,
            regional_unit_code=m.regional_unit_code,
            region_code=Region(m.region_code),
            population=c.population,
            census_year=2021 if c.census == 2021 else 2011,
            staffing_band=c.band,
        ),
    )
    headed = story.rng.random() < 0.94
    head_role = StaffRole.SOCIAL_WORKER if headed else StaffRole.SOCIAL_SCIENCES
    others = story.rng.sample(ROSTER, story.rng.randint(1, c.band - 1))
    positions = (
        StaffPosition(role=head_role, head=True),
        *(StaffPosition(role=r) for r in others),
    )
    staffed = story.at(registered // DAY + story.rng.randint(1, 20), registered)
    story.emit(
        staffed,
        lambda: CentreStaffChanged(
            centre_id=c.centre_id, positions=positions, staffing_band=c.band
        ),
    )
    compliance: IntegrationEvent = (
        CentreComplianceRestored(centre_id=c.centre_id)
        if headed
        else CentreFlaggedNonCompliant(centre_id=c.centre_id, reason="no_head_social_worker")
    )
    story.emit(staffed + 1, lambda: compliance)
