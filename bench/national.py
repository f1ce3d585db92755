"""Synthetic national activity: years of Community Centres' work, as real contract events,
produced straight to the platform's topics (no services in between).

Deterministic from a seed. The centres are real: the municipalities that need one (census
2021, or 2011 for the few that fell under the threshold since), the largest first, with their
regional unit, region, census population and staffing band, as the registry seeds them. Each
centre registers new people every month, more in big municipalities (in proportion to the
square root of the population), fewer in August and at Christmas, a little more each year.
Each person's file then lives its life: requests answered (mostly in time) or overdue,
referrals accepted, refused or expired and completed weeks later, programmes joined, left or
refused, a few transfers and erasures. Every date follows the one before it and none is in
the future; the events go out in the order of their time, each keyed by its subject as the
outbox relay keys it, in large record batches per partition.

``python -m bench.national --bootstrap 127.0.0.1:9092 [--centres 20 --years 1]`` runs it
alone, against a broker of your own.
"""

from __future__ import annotations

import argparse
import asyncio
import calendar
import gc
import math
import multiprocessing
import os
import random
import sys
import time
import traceback
import uuid
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from queue import Empty
from typing import Any

from aiokafka import AIOKafkaProducer
from kk_contracts import Envelope, IntegrationEvent, Topic, encode_message
from kk_contracts.calendar import national_holidays
from kk_contracts.codes import (
    AgeBand,
    Axis,
    BodyCategory,
    Channel,
    EmploymentReferralType,
    ExitReason,
    ProgrammeCategory,
    ReferralStatus,
    RefusalReason,
    Region,
    RejectionReason,
    RequestCategory,
    RequestStatus,
    ServiceOutcome,
    Sex,
    StaffRole,
    Urgency,
    VulnerableGroup,
)
from kk_contracts.envelope import KafkaMessage
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
from kk_contracts.events.registry import (
    CentreComplianceRestored,
    CentreFlaggedNonCompliant,
    CentreRegistered,
    CentreStaffChanged,
    StaffPosition,
)
from kk_registry.domain.catalogue import Body, Programme
from kk_registry.domain.geography import CensusYear, Municipality, staffing_band
from kk_registry.reference import municipalities
from servicekit.kafka import ensure_topics
from servicekit.partitioning import partition_for
from servicekit.progress import Throttled

MAX_BATCH_BYTES = 512 * 1024  # well under the broker's 1 MB message.max.bytes
DAY = 86_400
UNIX_EPOCH = date(1970, 1, 1).toordinal() * DAY  # moments are ordinal days * DAY + s
OPENS, CLOSES = 6 * 3600, 14 * 3600  # 08:00-16:00 in Athens, as UTC seconds of the day
SEASON = {8: 0.55, 12: 0.8, 1: 0.9, 7: 0.9}  # August and the holidays are quieter
ANSWERED = 0.96  # requests the beneficiary hears back on (the rest go overdue)
IN_TIME = 0.88  # of those, within the 10 working days
REFERRED = 0.5  # people referred to a body at least once


def _weighted(pairs: dict[Any, float]) -> tuple[list[Any], list[float]]:
    items = list(pairs)
    weights = list(pairs.values())
    return items, list(_cumulative(weights))


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


AGE = _weighted(
    {
        AgeBand.UNDER_18: 4,
        AgeBand.FROM_18: 7,
        AgeBand.FROM_25: 14,
        AgeBand.FROM_35: 18,
        AgeBand.FROM_45: 18,
        AgeBand.FROM_55: 15,
        AgeBand.FROM_65: 13,
        AgeBand.FROM_75: 11,
    }
)
SEX = _weighted({Sex.FEMALE: 57, Sex.MALE: 41, Sex.OTHER: 0.3, Sex.NOT_STATED: 1.7})
# (group, chance for anyone); elderly and children at risk follow the age band instead
GROUPS = (
    (VulnerableGroup.POVERTY, 0.42),
    (VulnerableGroup.UNEMPLOYMENT, 0.30),
    (VulnerableGroup.DISABILITY, 0.11),
    (VulnerableGroup.SINGLE_PARENT_FAMILY, 0.07),
    (VulnerableGroup.MIGRANT, 0.07),
    (VulnerableGroup.ROMA, 0.04),
    (VulnerableGroup.INTERNATIONAL_PROTECTION, 0.025),
    (VulnerableGroup.HOMELESSNESS, 0.025),
    (VulnerableGroup.DOMESTIC_VIOLENCE, 0.02),
    (VulnerableGroup.TRAFFICKING, 0.002),
)
ELDERLY_BANDS = {AgeBand.FROM_65, AgeBand.FROM_75}
CHANNEL = _weighted(
    {Channel.IN_PERSON: 70, Channel.PHONE: 21, Channel.PROXY: 5, Channel.MOBILE_UNIT: 4}
)
# The categories of each axis: A reception, information, applications; B cooperation with
# services and structures; C services that raise living standards.
AXIS = _weighted({Axis.A: 62, Axis.B: 23, Axis.C: 15})
CATEGORIES: dict[Axis, tuple[list[Any], list[float]]] = {
    Axis.A: _weighted(
        {
            RequestCategory.PROGRAMME_INFORMATION: 30,
            RequestCategory.APPLICATION_SUPPORT: 35,
            RequestCategory.LEGAL_INFORMATION: 10,
            RequestCategory.REFERRAL_TO_STRUCTURE: 12,
            RequestCategory.EMPLOYMENT_REFERRAL: 8,
            RequestCategory.OTHER: 5,
        }
    ),
    Axis.B: _weighted(
        {
            RequestCategory.REFERRAL_TO_STRUCTURE: 40,
            RequestCategory.EMPLOYMENT_REFERRAL: 20,
            RequestCategory.HOUSING: 15,
            RequestCategory.HEALTH_PREVENTION: 15,
            RequestCategory.BASIC_GOODS: 10,
        }
    ),
    Axis.C: _weighted(
        {
            RequestCategory.PSYCHOSOCIAL_SUPPORT: 30,
            RequestCategory.LEARNING_SUPPORT: 20,
            RequestCategory.EMPLOYMENT_COUNSELLING: 20,
            RequestCategory.BASIC_GOODS: 15,
            RequestCategory.HEALTH_PREVENTION: 10,
            RequestCategory.OTHER: 5,
        }
    ),
}
# The kind of body a request of each category is referred to
BODY_FOR: dict[RequestCategory, tuple[BodyCategory, ...]] = {
    RequestCategory.PROGRAMME_INFORMATION: (BodyCategory.WELFARE_BENEFITS,),
    RequestCategory.APPLICATION_SUPPORT: (BodyCategory.WELFARE_BENEFITS,),
    RequestCategory.LEGAL_INFORMATION: (BodyCategory.LEGAL_AID,),
    RequestCategory.REFERRAL_TO_STRUCTURE: (
        BodyCategory.ELDERLY_PROGRAMMES,
        BodyCategory.DISABILITY_STRUCTURE,
        BodyCategory.NURSERY_DAY_CARE,
        BodyCategory.SOCIAL_TUTORING,
        BodyCategory.MENTAL_HEALTH,
    ),
    RequestCategory.EMPLOYMENT_REFERRAL: (
        BodyCategory.EMPLOYMENT_SERVICE,
        BodyCategory.EMPLOYMENT_SERVICE,
        BodyCategory.VOCATIONAL_TRAINING,
    ),
    RequestCategory.EMPLOYMENT_COUNSELLING: (
        BodyCategory.EMPLOYMENT_SERVICE,
        BodyCategory.VOCATIONAL_TRAINING,
    ),
    RequestCategory.HOUSING: (BodyCategory.HOMELESS_SHELTER, BodyCategory.WELFARE_BENEFITS),
    RequestCategory.BASIC_GOODS: (BodyCategory.SOCIAL_GROCERY_PHARMACY,),
    RequestCategory.HEALTH_PREVENTION: (BodyCategory.HEALTH_SERVICES,),
    RequestCategory.PSYCHOSOCIAL_SUPPORT: (BodyCategory.MENTAL_HEALTH,),
    RequestCategory.LEARNING_SUPPORT: (BodyCategory.SOCIAL_TUTORING,),
    RequestCategory.OTHER: (BodyCategory.WELFARE_BENEFITS, BodyCategory.HEALTH_SERVICES),
}
# A vulnerable group that calls for a body of its own, whatever the request says
BODY_OF_GROUP = {
    VulnerableGroup.DOMESTIC_VIOLENCE: BodyCategory.WOMEN_SHELTER,
    VulnerableGroup.TRAFFICKING: BodyCategory.TRAFFICKING_VICTIMS,
    VulnerableGroup.ROMA: BodyCategory.ROMA_PROGRAMMES,
    VulnerableGroup.MIGRANT: BodyCategory.MIGRANTS_REFUGEES,
    VulnerableGroup.INTERNATIONAL_PROTECTION: BodyCategory.MIGRANTS_REFUGEES,
    VulnerableGroup.HOMELESSNESS: BodyCategory.HOMELESS_SHELTER,
}
QUICK_ANSWER = {
    BodyCategory.HOMELESS_SHELTER,
    BodyCategory.WOMEN_SHELTER,
    BodyCategory.TRAFFICKING_VICTIMS,
}  # two working days to answer; the others ten (as the referral service counts)
NATIONAL_BODY = {
    BodyCategory.EMPLOYMENT_SERVICE: "dypa",
    BodyCategory.WELFARE_BENEFITS: "opeka",
    BodyCategory.TRAFFICKING_VICTIMS: "ekka",
}
URGENCY = _weighted({Urgency.ROUTINE: 80, Urgency.URGENT: 17, Urgency.EMERGENCY: 3})
EMPLOYMENT = _weighted(
    {
        EmploymentReferralType.JOB_VACANCY: 40,
        EmploymentReferralType.TRAINING: 35,
        EmploymentReferralType.EMPLOYMENT_PROGRAMME: 25,
    }
)
ANSWER = _weighted({"accepted": 70, "refused": 19, "expired": 11})
REFUSAL = _weighted(
    {
        RefusalReason.NO_CAPACITY: 35,
        RefusalReason.NOT_ELIGIBLE: 30,
        RefusalReason.OUT_OF_SCOPE: 15,
        RefusalReason.UNREACHABLE: 12,
        RefusalReason.OTHER: 8,
    }
)
OUTCOME = _weighted(
    {
        ServiceOutcome.PROVIDED: 70,
        ServiceOutcome.PARTLY_PROVIDED: 18,
        ServiceOutcome.NOT_PROVIDED: 12,
    }
)
REJECTION = _weighted(
    {
        RejectionReason.INCOME_OVER_LIMIT: 30,
        RejectionReason.INCOMPLETE_DOCUMENTS: 25,
        RejectionReason.NOT_ELIGIBLE: 20,
        RejectionReason.NO_PLACES: 15,
        RejectionReason.WITHDRAWN_BY_APPLICANT: 6,
        RejectionReason.OTHER: 4,
    }
)
EXIT = _weighted(
    {
        ExitReason.NOT_RENEWED: 30,
        ExitReason.NO_LONGER_ELIGIBLE: 25,
        ExitReason.COMPLETED: 20,
        ExitReason.MOVED_AWAY: 10,
        ExitReason.VOLUNTARY: 8,
        ExitReason.DECEASED: 4,
        ExitReason.OTHER: 3,
    }
)
# The registry's starter programmes (their ids are the registry's), by who they are for
PROGRAMMES: dict[str, ProgrammeCategory] = {
    "eee": ProgrammeCategory.INCOME_SUPPORT,
    "teva": ProgrammeCategory.FOOD_MATERIAL_AID,
    "child-benefit": ProgrammeCategory.CHILD_FAMILY,
    "housing-allowance": ProgrammeCategory.HOUSING,
    "uninsured-elderly": ProgrammeCategory.ELDERLY,
    "disability-allowances": ProgrammeCategory.DISABILITY,
    "help-at-home": ProgrammeCategory.ELDERLY,
    "social-grocery": ProgrammeCategory.FOOD_MATERIAL_AID,
}
ROSTER = (
    StaffRole.PSYCHOLOGIST,
    StaffRole.SOCIAL_SCIENCES,
    StaffRole.HEALTH_VISITOR_NURSE,
    StaffRole.ECONOMIST,
    StaffRole.LEARNING_SUPPORT,
    StaffRole.ROMA_MEDIATOR,
)
SOURCES = {
    Topic.CENTRES.value: "/kk/registry",
    Topic.BENEFICIARIES.value: "/kk/intake",
    Topic.REQUESTS.value: "/kk/intake",
    Topic.REFERRALS.value: "/kk/referral",
    Topic.ENROLMENTS.value: "/kk/referral",
}


@dataclass(frozen=True)
class Centre:
    centre_id: str
    municipality: Municipality
    census: int
    population: int
    band: int
    share: float  # of the national registrations, relative to the average centre (mean 1)


@dataclass
class Generated:
    """What one run produced."""

    centres: list[str]
    beneficiaries: int
    first_month: str
    last_month: str
    per_topic: dict[str, int] = field(default_factory=dict)
    per_type: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    bytes: int = 0
    processes: int = 1

    @property
    def events(self) -> int:
        return sum(self.per_topic.values())

    @property
    def events_per_s(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


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


class _Story:
    """Turns people's lives into encoded messages, filed by month (of their time) to be
    sorted and sent when that month's turn comes."""

    def __init__(
        self,
        rng: random.Random,
        days: WorkingDays,
        months: list[tuple[int, int]],
        now: datetime,
        centres: list[Centre],
    ) -> None:
        self.rng = rng
        self.days = days
        self.month_index = {m: i for i, m in enumerate(months)}
        self.buckets: list[list[tuple[int, int, KafkaMessage]]] = [[] for _ in months]
        self.now_key = _key_of(now)
        self.seq = 0
        self.types: Counter[str] = Counter()
        self.by_region: dict[str, list[Centre]] = {}
        for c in centres:
            self.by_region.setdefault(c.municipality.region_code, []).append(c)
        self.centres = centres

    # plumbing

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def pick(self, table: tuple[list[Any], list[float]]) -> Any:
        items, cumulative = table
        return items[bisect_right(cumulative, self.rng.random() * cumulative[-1])]

    def at(self, ordinal: int, after: int = 0) -> int:
        """A moment in working hours of the day, no earlier than ``after``."""
        return max(ordinal * DAY + self.rng.randint(OPENS, CLOSES), after + 1)

    def emit(self, key: int, build: Callable[[], IntegrationEvent]) -> bool:
        """Files the event built by ``build`` at the moment ``key``; nothing in the future."""
        if key > self.now_key:
            return False
        day = date.fromordinal(key // DAY)
        # what happened before the first month (the centres' opening) goes out first
        index = self.month_index.get((day.year, day.month), 0)
        event = build()
        when = datetime.fromtimestamp(key - UNIX_EPOCH, UTC)
        topic = event.topic.value
        correlation = f"{self.rng.getrandbits(128):032x}" if topic != Topic.CENTRES else None
        envelope = Envelope(
            id=self.new_id(),
            source=SOURCES[topic],
            time=when,
            data=event,
            correlation_id=correlation,
        )
        self.seq += 1
        self.buckets[index].append((key, self.seq, encode_message(envelope)))
        self.types[event.event_type] += 1
        return True

    # the centres

    def centre(self, c: Centre, registered: int) -> None:
        m = c.municipality
        place = m.name_el.removeprefix("Δήμος ")
        self.emit(
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
        headed = self.rng.random() < 0.94
        head_role = StaffRole.SOCIAL_WORKER if headed else StaffRole.SOCIAL_SCIENCES
        others = self.rng.sample(ROSTER, self.rng.randint(1, c.band - 1))
        positions = (
            StaffPosition(role=head_role, head=True),
            *(StaffPosition(role=r) for r in others),
        )
        staffed = self.at(registered // DAY + self.rng.randint(1, 20), registered)
        self.emit(
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
        self.emit(staffed + 1, lambda: compliance)

    # a person's file

    def person(self, c: Centre, registered_on: int) -> None:
        rng = self.rng
        person = self.new_id()
        age = self.pick(AGE)
        groups = [g for g, chance in GROUPS if rng.random() < chance]
        if age in ELDERLY_BANDS and rng.random() < 0.6:
            groups.append(VulnerableGroup.ELDERLY)
        if age == AgeBand.UNDER_18 and rng.random() < 0.5:
            groups.append(VulnerableGroup.CHILD_AT_RISK)
        mgi = rng.random() < (0.55 if VulnerableGroup.POVERTY in groups else 0.12)
        start = self.at(registered_on)
        self.emit(
            start,
            lambda: BeneficiaryRegistered(
                beneficiary_id=person,
                centre_id=c.centre_id,
                municipality_code=c.municipality.code,
                registered_on=date.fromordinal(registered_on),
                age_band=age,
                sex=self.pick(SEX),
                vulnerable_groups=tuple(groups),
                mgi_recipient=mgi,
            ),
        )
        last = start
        requests = 1 + (rng.random() < 0.45) + (rng.random() < 0.15)
        logged_on = registered_on
        categories = []
        for n in range(requests):
            if n:
                logged_on = self.days.after(logged_on, 1 + int(rng.expovariate(1 / 40)))
            category, at = self.request(c, person, logged_on, start)
            categories.append((category, logged_on))
            last = max(last, at)
        if rng.random() < REFERRED:
            referrals = 1 + (rng.random() < 0.15)
            for category, on in rng.sample(categories, min(referrals, len(categories))):
                last = max(last, self.referral(c, person, groups, category, on))
        if rng.random() < 0.3:
            last = max(last, self.programme(c, person, age, groups, mgi, registered_on))
        if rng.random() < 0.02:  # moved: their file belongs to another centre now
            last, c = self.transfer(c, person, last)
        if rng.random() < 0.01:  # asked for their data to be erased
            erased_on = self.days.after(last // DAY, rng.randint(5, 400))
            self.emit(
                self.at(erased_on, last),
                lambda: BeneficiaryErased(
                    beneficiary_id=person,
                    centre_id=c.centre_id,
                    erased_on=date.fromordinal(erased_on),
                ),
            )

    def request(
        self, c: Centre, person: uuid.UUID, logged_on: int, after: int
    ) -> tuple[RequestCategory, int]:
        rng, days = self.rng, self.days
        request = self.new_id()
        axis = self.pick(AXIS)
        category = self.pick(CATEGORIES[axis])
        due_on = days.after(logged_on, 10)
        ids = {"request_id": request, "beneficiary_id": person, "centre_id": c.centre_id}
        logged = self.at(logged_on, after)
        self.emit(
            logged,
            lambda: RequestLogged(
                **ids,
                axis=axis,
                category=category,
                channel=self.pick(CHANNEL),
                logged_on=date.fromordinal(logged_on),
                due_on=date.fromordinal(due_on),
            ),
        )
        last = logged
        informed_on: int | None = None
        if rng.random() < ANSWERED:
            if rng.random() < IN_TIME:
                informed_on = days.after(logged_on, rng.randint(1, 10))
            else:
                informed_on = days.after(due_on, 1 + int(rng.expovariate(1 / 6)))
        if informed_on is None or informed_on > due_on:  # the clock flags it the day after
            detected_on = days.after(due_on, 1)
            at = self.at(detected_on, last)
            if self.emit(
                at,
                lambda: RequestOverdue(
                    **ids,
                    due_on=date.fromordinal(due_on),
                    detected_on=date.fromordinal(detected_on),
                ),
            ):
                last = at
        if informed_on is None:
            if rng.random() < 0.5:  # closed without an answer, some weeks later
                closed_on = days.after(due_on, rng.randint(5, 60))
                status = RequestStatus.WITHDRAWN if rng.random() < 0.4 else RequestStatus.CLOSED
                self.emit(
                    at := self.at(closed_on, last),
                    lambda: RequestStatusChanged(
                        **ids, status=status, changed_on=date.fromordinal(closed_on)
                    ),
                )
                last = max(last, at)
            return category, last
        at = self.at(informed_on, last)
        within = informed_on <= due_on
        if self.emit(
            at,
            lambda: BeneficiaryInformed(
                **ids,
                informed_on=date.fromordinal(informed_on),
                channel=self.pick(CHANNEL),
                within_deadline=within,
            ),
        ):
            last = at
        changed_on = days.after(informed_on, int(rng.expovariate(1 / 8)) + 1)
        status = RequestStatus.RESOLVED if rng.random() < 0.8 else RequestStatus.CLOSED
        at = self.at(changed_on, last)
        if self.emit(
            at,
            lambda: RequestStatusChanged(
                **ids, status=status, changed_on=date.fromordinal(changed_on)
            ),
        ):
            last = at
        return category, last

    def referral(
        self,
        c: Centre,
        person: uuid.UUID,
        groups: list[VulnerableGroup],
        service: RequestCategory,
        requested_on: int,
    ) -> int:
        rng, days = self.rng, self.days
        special = [BODY_OF_GROUP[g] for g in groups if g in BODY_OF_GROUP]
        if special and rng.random() < 0.5:
            category = rng.choice(special)
        else:
            category = rng.choice(BODY_FOR[service])
        code = NATIONAL_BODY.get(category) or (
            f"bench-{category.value.replace('_', '-')}-{c.municipality.region_code.lower()}"
        )
        facts = {
            "referral_id": self.new_id(),
            "beneficiary_id": person,
            "centre_id": c.centre_id,
            "body_id": Body.id_for(code),
            "body_category": category,
        }
        sent_on = days.after(requested_on, int(rng.expovariate(1 / 3)) + 1)
        window = 2 if category in QUICK_ANSWER else 10
        respond_by = days.after(sent_on, window)
        employment = self.pick(EMPLOYMENT) if category == BodyCategory.EMPLOYMENT_SERVICE else None
        urgency = self.pick(URGENCY)
        last = self.at(sent_on)
        self.emit(
            last,
            lambda: ReferralSent(
                **facts,
                urgency=urgency,
                sent_on=date.fromordinal(sent_on),
                service=service,
                employment_type=employment,
                respond_by=date.fromordinal(respond_by),
            ),
        )
        answer = self.pick(ANSWER)
        if answer == "expired":
            expired_on = days.after(respond_by, 1)
            self.emit(
                self.at(expired_on, last),
                lambda: ReferralExpired(
                    **facts,
                    respond_by=date.fromordinal(respond_by),
                    expired_on=date.fromordinal(expired_on),
                ),
            )
            return last
        answered_on = days.after(sent_on, rng.randint(1, window))
        at = self.at(answered_on, last)
        if answer == "refused":
            reason = self.pick(REFUSAL)
            self.emit(
                at,
                lambda: ReferralRefused(
                    **facts, reason=reason, refused_on=date.fromordinal(answered_on)
                ),
            )
            return max(last, at)
        complete_by = days.after(answered_on, 60)
        if not self.emit(
            at,
            lambda: ReferralAccepted(
                **facts,
                accepted_on=date.fromordinal(answered_on),
                complete_by=date.fromordinal(complete_by),
            ),
        ):
            return last
        last = at
        fate = rng.random()
        if fate < 0.02:  # the centre withdraws it
            withdrawn_on = answered_on + rng.randint(3, 40)
            self.emit(
                at := self.at(withdrawn_on, last),
                lambda: ReferralWithdrawn(**facts, withdrawn_on=date.fromordinal(withdrawn_on)),
            )
            return max(last, at)
        # served in a few weeks (some take longer than their 60 working days, some never end)
        completed_on = (
            answered_on + 7 + int(rng.expovariate(1 / 30)) if fate < 0.88 else None
        )  # fmt: skip
        if completed_on is None or completed_on > complete_by:
            flagged_on = days.after(complete_by, 1)
            status = ReferralStatus.IN_SERVICE if rng.random() < 0.7 else ReferralStatus.ACCEPTED
            at = self.at(flagged_on, last)
            if self.emit(
                at,
                lambda: ReferralOverdue(
                    **facts,
                    status=status,
                    complete_by=date.fromordinal(complete_by),
                    flagged_on=date.fromordinal(flagged_on),
                ),
            ):
                last = at
        if completed_on is not None:
            outcome = self.pick(OUTCOME)
            at = self.at(completed_on, last)
            if self.emit(
                at,
                lambda: ReferralCompleted(
                    **facts, outcome=outcome, completed_on=date.fromordinal(completed_on)
                ),
            ):
                last = at
        return last

    def programme(
        self,
        c: Centre,
        person: uuid.UUID,
        age: AgeBand,
        groups: list[VulnerableGroup],
        mgi: bool,
        registered_on: int,
    ) -> int:
        rng = self.rng
        if mgi or VulnerableGroup.POVERTY in groups:
            code = rng.choice(("eee", "teva", "social-grocery", "housing-allowance"))
        elif age in ELDERLY_BANDS:
            code = rng.choice(("uninsured-elderly", "help-at-home"))
        elif VulnerableGroup.DISABILITY in groups:
            code = "disability-allowances"
        elif age == AgeBand.UNDER_18 or VulnerableGroup.SINGLE_PARENT_FAMILY in groups:
            code = "child-benefit"
        else:
            code = rng.choice(("teva", "housing-allowance", "social-grocery"))
        facts = {
            "enrolment_id": self.new_id(),
            "beneficiary_id": person,
            "centre_id": c.centre_id,
            "programme_id": Programme.id_for(code),
            "programme_category": PROGRAMMES[code],
        }
        decided_on = self.days.after(registered_on, rng.randint(5, 45))
        at = self.at(decided_on)
        if rng.random() < 0.22:
            reason = self.pick(REJECTION)
            self.emit(
                at,
                lambda: ProgramRejected(
                    **facts, reason=reason, decided_on=date.fromordinal(decided_on)
                ),
            )
            return at
        if not self.emit(
            at, lambda: ProgramEnrolled(**facts, start_date=date.fromordinal(decided_on))
        ):
            return at
        if rng.random() < 0.5:
            exited_on = self.days.after(decided_on, rng.randint(60, 500))
            exit_at = self.at(exited_on, at)
            reason = self.pick(EXIT)
            if self.emit(
                exit_at,
                lambda: ProgramExited(
                    **facts, reason=reason, exited_on=date.fromordinal(exited_on)
                ),
            ):
                return exit_at
        return at

    def transfer(self, c: Centre, person: uuid.UUID, after: int) -> tuple[int, Centre]:
        rng = self.rng
        near = [x for x in self.by_region[c.municipality.region_code] if x is not c]
        to = rng.choice(near or [x for x in self.centres if x is not c] or [c])
        if to is c:
            return after, c
        moved_on = self.days.after(after // DAY, rng.randint(10, 300))
        at = self.at(moved_on, after)
        if not self.emit(
            at,
            lambda: BeneficiaryTransferred(
                beneficiary_id=person,
                from_centre=c.centre_id,
                to_centre=to.centre_id,
                transferred_on=date.fromordinal(moved_on),
            ),
        ):
            return after, c
        return at, to


def _key_of(moment: datetime) -> int:
    moment = moment.astimezone(UTC)
    return moment.toordinal() * DAY + moment.hour * 3600 + moment.minute * 60 + moment.second


def month_span(years: int, today: date) -> list[tuple[int, int]]:
    """``years`` years of months, ending with the current one."""
    months, y, m = [], today.year, today.month
    for _ in range(years * 12):
        months.append((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return months[::-1]


def _registrations(
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


class _Sender:
    """Appends encoded messages to one record batch per partition and sends each batch when
    full: far cheaper than a ``send`` per message (the relay does the same)."""

    def __init__(self, producer: AIOKafkaProducer, partitions: dict[str, list[int]]) -> None:
        self.producer = producer
        self.partitions = partitions
        self.open: dict[tuple[str, int], Any] = {}
        self.acks: list[asyncio.Future[Any]] = []
        self.per_topic: Counter[str] = Counter()
        self.bytes = 0
        self.partition_of: dict[bytes, int] = {}

    async def add(self, m: KafkaMessage) -> None:
        # a subject's events come close together: its partition is worked out once
        partition = self.partition_of.get(m.key)
        if partition is None:
            if len(self.partition_of) > 200_000:
                self.partition_of.clear()
            partition = self.partition_of[m.key] = partition_for(m.key, self.partitions[m.topic])
        target = (m.topic, partition)
        batch = self.open.get(target)
        if batch is None:
            batch = self.open[target] = self.producer.create_batch()
        if batch.append(key=m.key, value=m.value, timestamp=None, headers=m.headers) is None:
            await self._send(target, batch)
            batch = self.open[target] = self.producer.create_batch()
            batch.append(key=m.key, value=m.value, timestamp=None, headers=m.headers)
        self.per_topic[m.topic] += 1
        self.bytes += len(m.value)

    async def _send(self, target: tuple[str, int], batch: Any) -> None:
        self.acks.append(await self.producer.send_batch(batch, target[0], partition=target[1]))
        if len(self.acks) >= 64:  # an error surfaces early, and the list stays short
            done = [a for a in self.acks if a.done()]
            for a in done:
                a.result()
            self.acks = [a for a in self.acks if not a.done()]

    async def flush(self) -> None:
        for target, batch in self.open.items():
            await self._send(target, batch)
        self.open.clear()
        await asyncio.gather(*self.acks)
        self.acks.clear()


SHARDS = 4
"""The centres are dealt into this many shards, each with a generator of its own seeded from
the seed and the shard: what is produced depends on the seed only, whichever number of
processes shares the shards."""


@dataclass(frozen=True)
class _Params:
    bootstrap_servers: str
    seed: int
    centres: int
    years: int
    per_centre_year: float
    now: datetime


def produce(
    bootstrap_servers: str,
    *,
    seed: int = 2026,
    centres: int = 250,
    years: int = 10,
    per_centre_year: float = 150,
    now: datetime | None = None,
    processes: int | None = None,
    progress: bool = True,
) -> Generated:
    """Produces the national activity to the topics; what it produced, and how fast.

    Building and encoding the events is pure Python work: ``processes`` (by default one per
    CPU, at most ``SHARDS``) share the shards, each with a producer of its own, and wait for
    each other at the end of every month, so the topics hold the months in order."""
    params = _Params(
        bootstrap_servers,
        seed,
        centres,
        years,
        per_centre_year,
        (now or datetime.now(UTC)).astimezone(UTC),
    )
    chosen = real_centres(centres)
    months = month_span(years, params.now.date())
    asyncio.run(ensure_topics(bootstrap_servers, sorted(SOURCES)))
    count = max(1, min(processes or os.cpu_count() or 1, SHARDS))
    groups = [list(range(SHARDS))[p::count] for p in range(count)]
    bar = Throttled("  people's files written", 1, every=0.25)
    parts: list[dict[str, Any]] = []
    started: list[float] = []
    planned, done = [], 0

    def note(kind: str, value: Any) -> None:
        nonlocal done
        if kind == "planned":
            planned.append(value)
            bar.total = max(sum(planned), 1)
        elif kind == "started":
            started.append(value)
        elif kind == "progress":
            done += value
            if progress and len(planned) == count:
                bar(done)
        elif kind == "done":
            parts.append(value)
        elif kind == "failed":
            raise RuntimeError(f"the national generator failed:\n{value}")

    if count == 1:
        asyncio.run(_produce_shards(params, groups[0], _NoBarrier(), note))
    else:
        _in_processes(params, groups, note, lambda: len(parts) == count)
    finished = time.time()
    result = Generated(
        centres=[c.centre_id for c in chosen],
        beneficiaries=sum(p["beneficiaries"] for p in parts),
        first_month=f"{months[0][0]}-{months[0][1]:02d}",
        last_month=f"{months[-1][0]}-{months[-1][1]:02d}",
        per_topic=dict(sorted(sum((Counter(p["per_topic"]) for p in parts), Counter()).items())),
        per_type=dict(sorted(sum((Counter(p["per_type"]) for p in parts), Counter()).items())),
        seconds=finished - min(started),
        bytes=sum(p["bytes"] for p in parts),
        processes=count,
    )
    if progress and done < bar.total:
        bar(bar.total)
    return result


class _NoBarrier:
    def wait(self) -> int:
        return 0

    def abort(self) -> None:
        pass


def _in_processes(
    params: _Params,
    groups: list[list[int]],
    note: Callable[[str, Any], None],
    finished: Callable[[], bool],
) -> None:
    context = multiprocessing.get_context("spawn")  # no inherited threads or event loops
    queue = context.Queue()
    barrier = context.Barrier(len(groups), timeout=600)
    workers = [
        context.Process(
            target=_work, args=(params, group, barrier, queue), name=f"bench-national-{i}"
        )
        for i, group in enumerate(groups)
    ]
    for w in workers:
        w.start()
    try:
        while not finished():
            try:
                kind, value = queue.get(timeout=1)
            except Empty:
                dead = [w for w in workers if w.exitcode not in (None, 0)]
                if dead:
                    died = f"{dead[0].name} died (exit code {dead[0].exitcode})"
                    raise RuntimeError(died) from None
                continue
            note(kind, value)
    finally:
        for w in workers:
            w.join(timeout=30)
            if w.is_alive():
                w.terminate()
                w.join()


def _work(params: _Params, shards: list[int], barrier: Any, queue: Any) -> None:
    """One process of the generator."""
    try:
        asyncio.run(_produce_shards(params, shards, barrier, lambda k, v: queue.put((k, v))))
    except BaseException:
        barrier.abort()
        queue.put(("failed", traceback.format_exc()))


async def _produce_shards(
    params: _Params, shards: list[int], barrier: Any, note: Callable[[str, Any], None]
) -> None:
    now = params.now
    chosen = real_centres(params.centres)
    months = month_span(params.years, now.date())
    first_day = date(*months[0], 1)
    # far enough ahead for every story begun today (what lies after now is dropped)
    days = WorkingDays(first_day - timedelta(days=10), now.date() + timedelta(days=4000))
    today = now.date().toordinal()
    work = []
    for shard in shards:
        rng = random.Random(f"{params.seed}:{shard}")
        mine = chosen[shard::SHARDS]
        plan = _registrations(rng, mine, months, days, today, params.per_centre_year)
        work.append((mine, plan, _Story(rng, days, months, now, chosen)))
    note("planned", sum(len(d) for _, plan, _ in work for month in plan for d in month))
    topics = sorted(SOURCES)
    producer = AIOKafkaProducer(
        bootstrap_servers=params.bootstrap_servers,
        client_id="bench-national",
        enable_idempotence=True,
        acks="all",
        linger_ms=5,
        max_batch_size=MAX_BATCH_BYTES,
        request_timeout_ms=60_000,
    )
    await producer.start()
    # Millions of small objects wait for their month: the cyclic collector would walk them
    # again and again for nothing (none of them is part of a cycle).
    gc.disable()
    try:
        partitions = {t: sorted(await producer.partitions_for(t)) for t in topics}
        sender = _Sender(producer, partitions)
        await asyncio.to_thread(barrier.wait)
        note("started", time.time())
        opened = first_day.toordinal() - 7  # the centres were there the week before
        for mine, _, story in work:
            for c in mine:
                story.centre(c, story.at(opened - story.rng.randint(0, 30)))
        for index in range(len(months)):
            done = 0
            for mine, plan, story in work:
                for c, registered in zip(mine, plan[index], strict=True):
                    for day in registered:
                        story.person(c, day)
                    done += len(registered)
            for _, _, story in work:
                bucket, story.buckets[index] = story.buckets[index], []
                bucket.sort()  # by time, then as generated: (time, seq) never ties
                for position, (_, _, message) in enumerate(bucket):
                    await sender.add(message)
                    if position % 2000 == 1999:
                        await asyncio.sleep(0)  # let the producer's sender get on with it
            note("progress", done)
            await asyncio.to_thread(barrier.wait)  # the months go out in order
        await sender.flush()
    finally:
        gc.enable()
        await producer.stop()
    types = sum((story.types for _, _, story in work), Counter())
    note(
        "done",
        {
            "per_topic": dict(sender.per_topic),
            "per_type": dict(types),
            "bytes": sender.bytes,
            "beneficiaries": types[BeneficiaryRegistered.event_type],
        },
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.national", description="Synthetic national activity to Kafka"
    )
    parser.add_argument("--bootstrap", required=True, help="host:port of the broker")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--centres", type=int, default=250)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--per-centre-year", type=float, default=150)
    parser.add_argument("--processes", type=int, default=None)
    args = parser.parse_args(argv)
    generated = produce(
        args.bootstrap,
        seed=args.seed,
        centres=args.centres,
        years=args.years,
        per_centre_year=args.per_centre_year,
        processes=args.processes,
    )
    report(generated)
    return 0


def report(g: Generated) -> None:
    print(
        f"  {g.events:,} events ({g.bytes / 1024 / 1024:,.0f} MB of values) for "
        f"{g.beneficiaries:,} people at {len(g.centres)} centres, {g.first_month} to "
        f"{g.last_month}, in {g.seconds:.1f} s: {g.events_per_s:,.0f} events/s produced"
        f" ({g.processes} processes)",
        file=sys.stderr,
    )
    for topic, n in g.per_topic.items():
        print(f"    {topic:<30} {n:>11,}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
