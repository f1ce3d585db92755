"""Municipalities and the rules that follow from their census population."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kk_registry.domain.exceptions import NoCentreRequiredError

CensusYear = Literal[2011, 2021]
CENTRE_POPULATION_THRESHOLD = 10_000
"""Law 4368/2016: a Community Centre in every municipality of more than 10,000 inhabitants."""


@dataclass(frozen=True, slots=True)
class Municipality:
    code: str
    name_el: str
    name_en: str
    regional_unit: str
    region_code: str
    population_2011: int
    population_2021: int

    @property
    def regional_unit_code(self) -> str:
        return self.code[:2]

    def population(self, census: CensusYear) -> int:
        return self.population_2011 if census == 2011 else self.population_2021

    def needs_centre(self, census: CensusYear) -> bool:
        return self.population(census) > CENTRE_POPULATION_THRESHOLD


def staffing_band(population: int) -> int:
    """Minimum staff of a centre (ΦΕΚ 854 Β'/2016): 2 up to 40,000 inhabitants, 3 up to
    100,000, 4 above."""
    if population <= CENTRE_POPULATION_THRESHOLD:
        raise NoCentreRequiredError(
            f"a municipality of {population:,} inhabitants has no Community Centre "
            f"(more than {CENTRE_POPULATION_THRESHOLD:,} required)"
        )
    if population <= 40_000:
        return 2
    if population <= 100_000:
        return 3
    return 4
