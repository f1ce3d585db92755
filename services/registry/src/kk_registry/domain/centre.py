"""The Community Centre (Κέντρο Κοινότητας) aggregate, with its annexes and mobile units."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, time
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from kk_registry.domain.exceptions import ConflictError, InvalidOpeningHoursError
from kk_registry.domain.geography import CensusYear, Municipality, staffing_band
from kk_registry.domain.staffing import Position, check_roster, headed_by_social_worker

WORKING_HOURS = 8


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

    class Changed(Aggregate.Event):
        """Every change of a centre names the centre, as published events must."""

        centre_code: str

    class StaffChanged(Changed):
        positions: list[dict[str, Any]]
        staffing_band: int

        def apply(self, centre: Centre) -> None:
            centre.positions = [Position(**p) for p in self.positions]

    class FlaggedNonCompliant(Changed):
        reason: str

        def apply(self, centre: Centre) -> None:
            centre.compliant = False

    class ComplianceRestored(Changed):
        def apply(self, centre: Centre) -> None:
            centre.compliant = True

    class AnnexOpened(Changed):
        annex_id: str
        kind: str
        municipality_code: str

        def apply(self, centre: Centre) -> None:
            centre.annexes.append(self.annex_id)

    class MobileUnitOpened(Changed):
        unit_id: str
        municipality_codes: list[str]

        def apply(self, centre: Centre) -> None:
            centre.mobile_units.append(self.unit_id)

    class StatusChanged(Changed):
        status: str
        effective_on: date

        def apply(self, centre: Centre) -> None:
            centre.status = self.status

    class OpeningHoursSet(Changed):
        opens: str
        closes: str

        def apply(self, centre: Centre) -> None:
            centre.opening_hours = (self.opens, self.closes)

    class LocalHolidayDeclared(Changed):
        municipality_code: str
        holiday: date
        name_el: str

        def apply(self, centre: Centre) -> None:
            centre.local_holidays[self.holiday] = self.name_el

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
        self.positions: list[Position] = []
        self.compliant: bool | None = None  # unknown until a roster is reported
        self.annexes: list[str] = []
        self.mobile_units: list[str] = []
        self.status = "operating"
        self.opening_hours: tuple[str, str] | None = None
        self.local_holidays: dict[date, str] = {}

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

    def _record(self, event_class: type[Centre.Changed], **fields: Any) -> None:
        self.trigger_event(event_class, centre_code=self.code, **fields)

    def change_staff(self, positions: list[Position]) -> None:
        """Replaces the roster; flags the centre when no social worker heads it any more,
        and clears the flag when one does again."""
        check_roster(positions)
        self._record(
            self.StaffChanged,
            positions=[asdict(p) for p in positions],
            staffing_band=self.staffing_band,
        )
        complies = headed_by_social_worker(positions)
        if not complies and self.compliant is not False:
            self._record(self.FlaggedNonCompliant, reason="no_head_social_worker")
        elif complies and self.compliant is not True:
            self._record(self.ComplianceRestored)

    def open_annex(self, *, kind: str, municipality_code: str) -> str:
        annex_id = f"{self.code}-A{len(self.annexes) + 1}"
        self._record(
            self.AnnexOpened, annex_id=annex_id, kind=kind, municipality_code=municipality_code
        )
        return annex_id

    def open_mobile_unit(self, *, municipality_codes: list[str]) -> str:
        unit_id = f"{self.code}-M{len(self.mobile_units) + 1}"
        self._record(self.MobileUnitOpened, unit_id=unit_id, municipality_codes=municipality_codes)
        return unit_id

    def change_status(self, *, status: str, effective_on: date) -> None:
        if status == self.status:
            raise ConflictError(f"{self.code} is already {status}")
        self._record(self.StatusChanged, status=status, effective_on=effective_on)

    def set_opening_hours(self, *, opens: time, closes: time) -> None:
        minutes = (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)
        if minutes != WORKING_HOURS * 60:
            raise InvalidOpeningHoursError(
                f"a centre opens {WORKING_HOURS} working hours a day, Monday to Friday "
                f"(e.g. 07:00-15:00); {opens:%H:%M}-{closes:%H:%M} is {minutes / 60:g} hours"
            )
        self._record(
            self.OpeningHoursSet, opens=opens.strftime("%H:%M"), closes=closes.strftime("%H:%M")
        )

    def declare_local_holiday(self, *, holiday: date, name_el: str) -> None:
        if holiday in self.local_holidays:
            raise ConflictError(f"{holiday} is already a local holiday of {self.code}")
        self._record(
            self.LocalHolidayDeclared,
            municipality_code=self.municipality_code,
            holiday=holiday,
            name_el=name_el,
        )
