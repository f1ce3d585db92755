"""Community Centres (Κέντρα Κοινότητας)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from kk_contracts.codes import MunicipalityCode, RegionCode
from pydantic import BaseModel, ConfigDict

from kk_registry.domain.exceptions import NotFoundError
from kk_registry.entrypoints.api.deps import Admin, AnyRole, Registry

router = APIRouter(prefix="/centres", tags=["centres"])


class CentreOut(BaseModel):
    centre_id: str
    name_el: str
    name_en: str
    municipality_code: str
    regional_unit_code: str
    region_code: str
    population: int
    census_year: int
    staffing_band: int


class RegisterCentre(BaseModel):
    model_config = ConfigDict(extra="forbid")
    municipality_code: MunicipalityCode


@router.get("", summary="Search centres")
def list_centres(
    registry: Registry,
    _: AnyRole,
    region: Annotated[RegionCode | None, Query(description="NUTS-2 code, e.g. EL30")] = None,
    municipality: MunicipalityCode | None = None,
) -> list[CentreOut]:
    sql = "SELECT doc FROM centre_view WHERE true"
    params: list[Any] = []
    if region:
        sql += " AND region_code = %s"
        params.append(region)
    if municipality:
        sql += " AND municipality_code = %s"
        params.append(municipality)
    with registry.pool.connection() as conn:
        rows = conn.execute(sql + " ORDER BY centre_id", params).fetchall()
    return [CentreOut.model_validate(r["doc"]) for r in rows]


@router.get("/{centre_id}", summary="One centre")
def get_centre(centre_id: str, registry: Registry, _: AnyRole) -> CentreOut:
    with registry.pool.connection() as conn:
        row = conn.execute(
            "SELECT doc FROM centre_view WHERE centre_id = %s", (centre_id,)
        ).fetchone()
    if row is None:
        raise NotFoundError(f"no centre {centre_id!r} is registered")
    return CentreOut.model_validate(row["doc"])


@router.post("", status_code=status.HTTP_201_CREATED, summary="Register a centre (admin)")
def register_centre(body: RegisterCentre, registry: Registry, _: Admin) -> CentreOut:
    centre = registry.app.register_centre(
        municipality_code=body.municipality_code, census=registry.settings.census_year
    )
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
    )
