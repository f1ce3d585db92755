"""How often each thing happens: the people's age, sex and vulnerable groups, the axis,
category and channel of their requests, the answers they get, and how their referrals and
programmes end. Each weighted table is its items with their cumulative weights, for a draw
by bisection (``Story.pick``)."""

from __future__ import annotations

from typing import Any

from kk_contracts.codes import (
    AgeBand,
    Axis,
    Channel,
    EmploymentReferralType,
    ExitReason,
    RefusalReason,
    RejectionReason,
    RequestCategory,
    ServiceOutcome,
    Sex,
    Urgency,
    VulnerableGroup,
)

Weighted = tuple[list[Any], list[float]]

SEASON = {8: 0.55, 12: 0.8, 1: 0.9, 7: 0.9}  # August and the holidays are quieter
ANSWERED = 0.96  # requests the beneficiary hears back on (the rest go overdue)
IN_TIME = 0.88  # of those, within the 10 working days
REFERRED = 0.5  # people referred to a body at least once


def _weighted(pairs: dict[Any, float]) -> Weighted:
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
CHANNEL = _weighted(
    {Channel.IN_PERSON: 70, Channel.PHONE: 21, Channel.PROXY: 5, Channel.MOBILE_UNIT: 4}
)
# The categories of each axis: A reception, information, applications; B cooperation with
# services and structures; C services that raise living standards.
AXIS = _weighted({Axis.A: 62, Axis.B: 23, Axis.C: 15})
CATEGORIES: dict[Axis, Weighted] = {
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
