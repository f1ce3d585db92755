"""An application to one of the registry's starter programmes, the one the person most
needs (income support for the poor, the elderly's, disability allowances, child benefit…):
refused, or joined and perhaps left a year or so later."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from kk_contracts.codes import AgeBand, VulnerableGroup
from kk_contracts.events.referral import ProgramEnrolled, ProgramExited, ProgramRejected
from kk_registry.domain.catalogue import Programme

from bench.national.codes import ELDERLY_BANDS, PROGRAMMES
from bench.national.distributions import EXIT, REJECTION

if TYPE_CHECKING:
    import uuid

    from bench.national.centres import Centre
    from bench.national.story import Story


def programme(
    story: Story,
    c: Centre,
    person: uuid.UUID,
    *,
    age: AgeBand,
    groups: list[VulnerableGroup],
    mgi: bool,
    registered_on: int,
) -> int:
    """An application to the programme the person most needs, refused or joined, and
    perhaps left; the moment of its last event."""
    rng = story.rng
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
        "enrolment_id": story.new_id(),
        "beneficiary_id": person,
        "centre_id": c.centre_id,
        "programme_id": Programme.id_for(code),
        "programme_category": PROGRAMMES[code],
    }
    decided_on = story.days.after(registered_on, rng.randint(5, 45))
    at = story.at(decided_on)
    if rng.random() < 0.22:
        reason = story.pick(REJECTION)
        story.emit(
            at,
            lambda: ProgramRejected(
                **facts, reason=reason, decided_on=date.fromordinal(decided_on)
            ),
        )
        return at
    if not story.emit(
        at, lambda: ProgramEnrolled(**facts, start_date=date.fromordinal(decided_on))
    ):
        return at
    if rng.random() < 0.5:
        exited_on = story.days.after(decided_on, rng.randint(60, 500))
        exit_at = story.at(exited_on, at)
        reason = story.pick(EXIT)
        if story.emit(
            exit_at,
            lambda: ProgramExited(**facts, reason=reason, exited_on=date.fromordinal(exited_on)),
        ):
            return exit_at
    return at
