"""A person's file, from their registration at a centre: their requests, each answered in
time, late or never, then closed; perhaps a referral or two (``referrals``) and a programme
(``programmes``); now and then a move to another centre, or their data erased at their
asking. Every date follows the one before it, and what would fall after now is not told."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from kk_contracts.codes import AgeBand, RequestCategory, RequestStatus, VulnerableGroup
from kk_contracts.events.intake import (
    BeneficiaryErased,
    BeneficiaryInformed,
    BeneficiaryRegistered,
    BeneficiaryTransferred,
    RequestLogged,
    RequestOverdue,
    RequestStatusChanged,
)

from bench.national.codes import ELDERLY_BANDS
from bench.national.distributions import (
    AGE,
    ANSWERED,
    AXIS,
    CATEGORIES,
    CHANNEL,
    GROUPS,
    IN_TIME,
    REFERRED,
    SEX,
)
from bench.national.programmes import programme
from bench.national.referrals import referral
from bench.national.timeline import DAY

if TYPE_CHECKING:
    import uuid

    from bench.national.centres import Centre
    from bench.national.story import Story


def life(story: Story, c: Centre, registered_on: int) -> None:
    """A person registered at ``c`` on ``registered_on``, and their file's life: a few
    requests, perhaps referrals to bodies and a programme, rarely a move or an erasure."""
    rng = story.rng
    person = story.new_id()
    age = story.pick(AGE)
    groups = [g for g, chance in GROUPS if rng.random() < chance]
    if age in ELDERLY_BANDS and rng.random() < 0.6:
        groups.append(VulnerableGroup.ELDERLY)
    if age == AgeBand.UNDER_18 and rng.random() < 0.5:
        groups.append(VulnerableGroup.CHILD_AT_RISK)
    mgi = rng.random() < (0.55 if VulnerableGroup.POVERTY in groups else 0.12)
    start = story.at(registered_on)
    story.emit(
        start,
        lambda: BeneficiaryRegistered(
            beneficiary_id=person,
            centre_id=c.centre_id,
            municipality_code=c.municipality.code,
            registered_on=date.fromordinal(registered_on),
            age_band=age,
            sex=story.pick(SEX),
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
            logged_on = story.days.after(logged_on, 1 + int(rng.expovariate(1 / 40)))
        category, at = request(story, c, person, logged_on=logged_on, after=start)
        categories.append((category, logged_on))
        last = max(last, at)
    if rng.random() < REFERRED:
        referrals = 1 + (rng.random() < 0.15)
        for category, on in rng.sample(categories, min(referrals, len(categories))):
            sent = referral(story, c, person, groups=groups, service=category, requested_on=on)
            last = max(last, sent)
    if rng.random() < 0.3:
        applied = programme(
            story, c, person, age=age, groups=groups, mgi=mgi, registered_on=registered_on
        )
        last = max(last, applied)
    if rng.random() < 0.02:  # moved: their file belongs to another centre now
        last, c = transfer(story, c, person, last)
    if rng.random() < 0.01:  # asked for their data to be erased
        erasure(story, c, person, last)


def request(
    story: Story, c: Centre, person: uuid.UUID, *, logged_on: int, after: int
) -> tuple[RequestCategory, int]:
    """A request logged on ``logged_on`` (no earlier than the moment ``after``), answered in
    time, late or never; its category, and the moment of its last event."""
    rng, days = story.rng, story.days
    request = story.new_id()
    axis = story.pick(AXIS)
    category = story.pick(CATEGORIES[axis])
    due_on = days.after(logged_on, 10)
    ids = {"request_id": request, "beneficiary_id": person, "centre_id": c.centre_id}
    logged = story.at(logged_on, after)
    story.emit(
        logged,
        lambda: RequestLogged(
            **ids,
            axis=axis,
            category=category,
            channel=story.pick(CHANNEL),
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
        at = story.at(detected_on, last)
        if story.emit(
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
            story.emit(
                at := story.at(closed_on, last),
                lambda: RequestStatusChanged(
                    **ids, status=status, changed_on=date.fromordinal(closed_on)
                ),
            )
            last = max(last, at)
        return category, last
    at = story.at(informed_on, last)
    within = informed_on <= due_on
    if story.emit(
        at,
        lambda: BeneficiaryInformed(
            **ids,
            informed_on=date.fromordinal(informed_on),
            channel=story.pick(CHANNEL),
            within_deadline=within,
        ),
    ):
        last = at
    changed_on = days.after(informed_on, int(rng.expovariate(1 / 8)) + 1)
    status = RequestStatus.RESOLVED if rng.random() < 0.8 else RequestStatus.CLOSED
    at = story.at(changed_on, last)
    if story.emit(
        at,
        lambda: RequestStatusChanged(**ids, status=status, changed_on=date.fromordinal(changed_on)),
    ):
        last = at
    return category, last


def transfer(story: Story, c: Centre, person: uuid.UUID, after: int) -> tuple[int, Centre]:
    """The file moved to another centre, of the same region if there is one: the moment of
    the move and the centre the file belongs to now."""
    rng = story.rng
    near = [x for x in story.by_region[c.municipality.region_code] if x is not c]
    to = rng.choice(near or [x for x in story.centres if x is not c] or [c])
    if to is c:
        return after, c
    moved_on = story.days.after(after // DAY, rng.randint(10, 300))
    at = story.at(moved_on, after)
    if not story.emit(
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


def erasure(story: Story, c: Centre, person: uuid.UUID, after: int) -> None:
    """The file erased at the person's asking, some time after the moment ``after``."""
    erased_on = story.days.after(after // DAY, story.rng.randint(5, 400))
    story.emit(
        story.at(erased_on, after),
        lambda: BeneficiaryErased(
            beneficiary_id=person,
            centre_id=c.centre_id,
            erased_on=date.fromordinal(erased_on),
        ),
    )
