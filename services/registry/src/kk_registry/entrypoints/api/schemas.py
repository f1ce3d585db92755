"""Response and request shapes shared by the registry's routes."""

from __future__ import annotations

from datetime import date

from kk_contracts.codes import StaffRole
from pydantic import BaseModel, ConfigDict

from kk_registry.domain.centre import Centre


class PositionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: StaffRole
    head: bool = False


class CentreOut(BaseModel):
    """A centre as its last command left it (searches catch up a moment later)."""

    centre_id: str
    name_el: str
    name_en: str
    municipality_code: str
    regional_unit_code: str
    region_code: str
    population: int
    census_year: int
    staffing_band: int
    status: str
    compliance: str
    positions: list[PositionIn]
    annexes: list[str]
    mobile_units: list[str]
    opening_hours: dict[str, str] | None
    local_holidays: list[date]


def centre_out(centre: Centre) -> CentreOut:
    compliance = {None: "not_reported", True: "compliant", False: "non_compliant"}
    hours = centre.opening_hours
    return CentreOut(
        centre_id=centre.code,
        name_el=centre.name_el,
        name_en=centre.name_en,
        municipality_code=centre.municipality_code,
        regional_unit_code=centre.regional_unit_code,
        region_code=centre.region_code,
        population=centre.population,
        census_year=centre.census_year,
        staffing_band=centre.staffing_band,
        status=centre.status,
        compliance=compliance[centre.compliant],
        positions=[PositionIn(role=StaffRole(p.role), head=p.head) for p in centre.positions],
        annexes=centre.annexes,
        mobile_units=centre.mobile_units,
        opening_hours={"opens": hours[0], "closes": hours[1]} if hours else None,
        local_holidays=sorted(centre.local_holidays),
    )
