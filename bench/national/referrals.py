"""A referral from a centre to a body of the kind the request (or the person's vulnerable
group) calls for, national or the region's: sent, then refused, left to expire, or accepted
and then withdrawn, overdue, completed, or both of the last two, on the referral service's
working-day deadlines."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from kk_contracts.codes import BodyCategory, ReferralStatus, RequestCategory, VulnerableGroup
from kk_contracts.events.referral import (
    ReferralAccepted,
    ReferralCompleted,
    ReferralExpired,
    ReferralOverdue,
    ReferralRefused,
    ReferralSent,
    ReferralWithdrawn,
)
from kk_registry.domain.catalogue import Body

from bench.national.codes import BODY_FOR, BODY_OF_GROUP, NATIONAL_BODY, QUICK_ANSWER
from bench.national.distributions import ANSWER, EMPLOYMENT, OUTCOME, REFUSAL, URGENCY

if TYPE_CHECKING:
    import uuid

    from bench.national.centres import Centre
    from bench.national.story import Story


def referral(
    story: Story,
    c: Centre,
    person: uuid.UUID,
    *,
    groups: list[VulnerableGroup],
    service: RequestCategory,
    requested_on: int,
) -> int:
    """A referral for ``service`` to a body of the kind it calls for: refused, left to
    expire, or accepted and then withdrawn, overdue or completed; the moment of its last
    event (of its sending, if it expired)."""
    rng, days = story.rng, story.days
    special = [BODY_OF_GROUP[g] for g in groups if g in BODY_OF_GROUP]
    if special and rng.random() < 0.5:
        category = rng.choice(special)
    else:
        category = rng.choice(BODY_FOR[service])
    code = NATIONAL_BODY.get(category) or (
        f"bench-{category.value.replace('_', '-')}-{c.municipality.region_code.lower()}"
    )
    facts = {
        "referral_id": story.new_id(),
        "beneficiary_id": person,
        "centre_id": c.centre_id,
        "body_id": Body.id_for(code),
        "body_category": category,
    }
    sent_on = days.after(requested_on, int(rng.expovariate(1 / 3)) + 1)
    window = 2 if category in QUICK_ANSWER else 10
    respond_by = days.after(sent_on, window)
    employment = story.pick(EMPLOYMENT) if category == BodyCategory.EMPLOYMENT_SERVICE else None
    urgency = story.pick(URGENCY)
    last = story.at(sent_on)
    story.emit(
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
    answer = story.pick(ANSWER)
    if answer == "expired":
        expired_on = days.after(respond_by, 1)
        story.emit(
            story.at(expired_on, last),
            lambda: ReferralExpired(
                **facts,
                respond_by=date.fromordinal(respond_by),
                expired_on=date.fromordinal(expired_on),
            ),
        )
        return last
    answered_on = days.after(sent_on, rng.randint(1, window))
    at = story.at(answered_on, last)
    if answer == "refused":
        reason = story.pick(REFUSAL)
        story.emit(
            at,
            lambda: ReferralRefused(
                **facts, reason=reason, refused_on=date.fromordinal(answered_on)
            ),
        )
        return max(last, at)
    complete_by = days.after(answered_on, 60)
    if not story.emit(
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
        story.emit(
            at := story.at(withdrawn_on, last),
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
        at = story.at(flagged_on, last)
        if story.emit(
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
        outcome = story.pick(OUTCOME)
        at = story.at(completed_on, last)
        if story.emit(
            at,
            lambda: ReferralCompleted(
                **facts, outcome=outcome, completed_on=date.fromordinal(completed_on)
            ),
        ):
            last = at
    return last
