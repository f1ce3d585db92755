"""The minimisation policy, as code: what of a person's profile a region's stream may carry.
Each record type is an allow-list (``kk_contracts.observatory``: a record has no field
beyond its model's); this module makes the values that need generalising or withholding."""

from __future__ import annotations

from functools import cache
from typing import Literal, TypeVar

from kk_contracts.observatory import (
    AREA_THRESHOLD,
    REVEALING_BODIES,
    REVEALING_PROGRAMMES,
    REVEALING_REQUESTS,
    SPECIAL_GROUPS,
)
from kk_contracts.reference import populations

C = TypeVar("C", bound=str)
AreaLevel = Literal["municipality", "regional_unit"]


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


def _unless(revealing: frozenset[str], code: C | None) -> C | None:
    return None if code is None or code in revealing else code


def body_category(code: C | None) -> C | None:
    return _unless(REVEALING_BODIES, code)


def request_category(code: C | None) -> C | None:
    return _unless(REVEALING_REQUESTS, code)


def programme_category(code: C | None) -> C | None:
    return _unless(REVEALING_PROGRAMMES, code)
