"""A centre's operation: staff roster, annexes, mobile units, status, hours, local holidays.
Writes are for administrators."""

from __future__ import annotations

from datetime import date, time

from fastapi import APIRouter, status
from kk_contracts.codes import AnnexKind, CentreStatus, MunicipalityCode
from pydantic import BaseModel, ConfigDict, Field

from kk_registry.domain.staffing import Position
from kk_registry.entrypoints.api.deps import Admin, Registry
from kk_registry.entrypoints.api.schemas import CentreOut, PositionIn, centre_out

router = APIRouter(prefix="/centres/{centre_id}", tags=["centre operation"])


class Roster(BaseModel):
    model_config = ConfigDict(extra="forbid")
    positions: list[PositionIn] = Field(max_length=10, description="Roles only, never names")


class OpenAnnex(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: AnnexKind
    municipality_code: MunicipalityCode


class OpenMobileUnit(BaseModel):
    model_config = ConfigDict(extra="forbid")
    municipality_codes: list[MunicipalityCode] = Field(min_length=1, max_length=20)


class ChangeStatus(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: CentreStatus
    effective_on: date


class OpeningHours(BaseModel):
    model_config = ConfigDict(extra="forbid")
    opens: time = Field(examples=["07:00"])
    closes: time = Field(examples=["15:00"])


class LocalHoliday(BaseModel):
    model_config = ConfigDict(extra="forbid")
    holiday: date
    name_el: str = Field(min_length=2, max_length=200, examples=["Εορτή πολιούχου"])


class Opened(BaseModel):
    id: str


@router.put("/staff", summary="Replace the staff roster (roles only)")
def change_staff(centre_id: str, body: Roster, registry: Registry, _: Admin) -> CentreOut:
    positions = [Position(role=p.role.value, head=p.head) for p in body.positions]
    return centre_out(registry.app.change_staff(centre_code=centre_id, positions=positions))


@router.post("/annexes", status_code=status.HTTP_201_CREATED, summary="Open an annex")
def open_annex(centre_id: str, body: OpenAnnex, registry: Registry, _: Admin) -> Opened:
    return Opened(
        id=registry.app.open_annex(
            centre_code=centre_id, kind=body.kind.value, municipality_code=body.municipality_code
        )
    )


@router.post("/mobile-units", status_code=status.HTTP_201_CREATED, summary="Open a mobile unit")
def open_mobile_unit(centre_id: str, body: OpenMobileUnit, registry: Registry, _: Admin) -> Opened:
    return Opened(
        id=registry.app.open_mobile_unit(
            centre_code=centre_id, municipality_codes=body.municipality_codes
        )
    )


@router.put("/status", summary="Operating, suspended or closed")
def change_status(centre_id: str, body: ChangeStatus, registry: Registry, _: Admin) -> CentreOut:
    centre = registry.app.change_status(
        centre_code=centre_id, status=body.status.value, effective_on=body.effective_on
    )
    return centre_out(centre)


@router.put("/opening-hours", summary="Opening hours, Monday to Friday")
def set_opening_hours(
    centre_id: str, body: OpeningHours, registry: Registry, _: Admin
) -> CentreOut:
    centre = registry.app.set_opening_hours(
        centre_code=centre_id, opens=body.opens, closes=body.closes
    )
    return centre_out(centre)


@router.post(
    "/local-holidays", status_code=status.HTTP_201_CREATED, summary="Declare a local holiday"
)
def declare_local_holiday(
    centre_id: str, body: LocalHoliday, registry: Registry, _: Admin
) -> CentreOut:
    centre = registry.app.declare_local_holiday(
        centre_code=centre_id, holiday=body.holiday, name_el=body.name_el
    )
    return centre_out(centre)
