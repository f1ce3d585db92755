"""The minimisation policy, as code: what of a person's profile a region's stream may carry.
Each record type is an allow-list (``kk_contracts.observatory``: a record has no field
beyond its model's); this module makes the values that need generalising or withholding."""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar

from kk_contracts import IntegrationEvent
from kk_contracts.codes import RequestCategory
from kk_contracts.events import intake
from kk_contracts.minimisation import AREA_THRESHOLD, REVEALING_REQUESTS, SPECIAL_GROUPS
from kk_contracts.observatory import AreaLevel
from kk_contracts.reference import populations

from kk_observatory.domain.state import Person

C = TypeVar("C", bound=str)


@cache
def area(municipality: str) -> tuple[str, AreaLevel]:
    """Where a person lives, as a region's stream says it: the municipality where it has at
    least ``AREA_THRESHOLD`` inhabitants (census 2021), else its regional unit."""
    if populations(2021).get(municipality, 0) >= AREA_THRESHOLD:
        return municipality, "municipality"
    return municipality[:2], "regional_unit"


@cache
def ordinary_groups(groups: tuple[str, ...]) -> tuple[str, ...]:
    """The vulnerable groups a person's records may carry: none of a special category."""
    return tuple(g for g in groups if g not in SPECIAL_GROUPS)


def request_category(code: C | None) -> C | None:
    """What a request is about, as a person's records say it: ``other`` for a category
    that would reveal their health (a null would name it as surely)."""
    if code is not None and code in REVEALING_REQUESTS:
        return RequestCategory.OTHER  # type: ignore[return-value]
    return code


# Events the observatories are not given at all, and why (the metric's ``rule`` label).
RULES: dict[type[IntegrationEvent], str] = {
    intake.ConsentRecorded: "consent_stays_in_platform",
    intake.ConsentWithdrawn: "consent_stays_in_platform",
    intake.LikelyDuplicateFlagged: "duplicate_reviews_stay_in_platform",
    intake.DuplicateReviewed: "duplicate_reviews_stay_in_platform",
}
CENTRE_FACTS = "centre_facts_are_reference_data"
ERASED = "person_erased"


def profile(person: Person) -> dict[str, Any]:
    """A person's coded profile, as their records on a region's stream carry it."""
    where, level = area(person.municipality)
    return {
        "centre": person.centre,
        "age_band": person.age_band,
        "sex": person.sex,
        "area": where,
        "area_level": level,
        "mgi_recipient": person.mgi_recipient,
        "groups": ordinary_groups(person.groups),
    }
