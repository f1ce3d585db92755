"""The Community Centre (Κέντρο Κοινότητας) aggregate."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from kk_registry.domain.geography import CensusYear, Municipality, staffing_band


class Centre(Aggregate):
    class Registered(Aggregate.Created):
        code: str
        name_el: str
        name_en: str
        municipality_code: str
        regional_unit_code: str
        region_code: str
        population: int
        census_year: int
        staffing_band: int

    def __init__(
        self,
        *,
        code: str,
        name_el: str,
        name_en: str,
        municipality_code: str,
        regional_unit_code: str,
        region_code: str,
        population: int,
        census_year: int,
        staffing_band: int,
    ) -> None:
        self.code = code
        self.name_el = name_el
        self.name_en = name_en
        self.municipality_code = municipality_code
        self.regional_unit_code = regional_unit_code
        self.region_code = region_code
        self.population = population
        self.census_year = census_year
        self.staffing_band = staffing_band

    @staticmethod
    def code_for(municipality_code: str) -> str:
        return f"KK-{municipality_code}"

    @staticmethod
    def id_for(code: str) -> UUID:
        """Ids follow from the code, so registering a centre twice finds the first one."""
        return uuid5(NAMESPACE_URL, f"urn:kk:centre:{code}")

    @classmethod
    def register(cls, *, municipality: Municipality, census: CensusYear) -> Centre:
        population = municipality.population(census)
        code = cls.code_for(municipality.code)
        place = municipality.name_el.removeprefix("Δήμος ")
        return cls._create(
            cls.Registered,
            id=cls.id_for(code),
            code=code,
            name_el=f"Κέντρο Κοινότητας Δήμου {place}",
            name_en=f"Community Centre of {municipality.name_en}",
            municipality_code=municipality.code,
            regional_unit_code=municipality.regional_unit_code,
            region_code=municipality.region_code,
            population=population,
            census_year=census,
            staffing_band=staffing_band(population),
        )
