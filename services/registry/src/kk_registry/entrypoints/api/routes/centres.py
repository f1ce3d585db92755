"""Community Centres (Κέντρα Κοινότητας): search, read, register."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from kk_contracts.codes import CentreStatus, MunicipalityCode, RegionalUnitCode, RegionCode
from pydantic import BaseModel, ConfigDict

from kk_registry.domain.exceptions import NotFoundError
from kk_registry.entrypoints.api.deps import Admin, AnyRole, Registry
from kk_registry.entrypoints.api.schemas import CentreOut, centre_out

router = APIRouter(prefix="/centres", tags=["centres"])


class RegisterCentre(BaseModel):
    model_config = ConfigDict(extra="forbid")
    municipality_code: MunicipalityCode


@router.get("", summary="Search centres")
def list_centres(
    registry: Registry,
    _: AnyRole,
    region: Annotated[RegionCode | None, Query(description="NUTS-2 code, e.g. EL30")] = None,
    regional_unit: Annotated[RegionalUnitCode | None, Query(description="e.g. 61")] = None,
    municipality: MunicipalityCode | None = None,
    status: CentreStatus | None = None,
    compliance: Annotated[
        str | None, Query(pattern="^(compliant|non_compliant|not_reported)$")
    ] = None,
    q: Annotated[
        str | None, Query(min_length=2, max_length=100, description="Text in a name")
    ] = None,
) -> list[dict[str, Any]]:
    filters = {
        "region_code": region,
        "regional_unit_code": regional_unit,
        "municipality_code": municipality,
        "status": status,
        "compliance": compliance,
    }
    return registry.reads.search("centres", filters, q)


@router.get("/{centre_id}", summary="One centre, with its staff roles, annexes and units")
def get_centre(centre_id: str, registry: Registry, _: AnyRole) -> dict[str, Any]:
    doc = registry.reads.one("centres", centre_id)
    if doc is None:
        raise NotFoundError(f"no centre {centre_id!r} is registered")
    return doc


@router.post("", status_code=status.HTTP_201_CREATED, summary="Register a centre (admin)")
def register_centre(body: RegisterCentre, registry: Registry, _: Admin) -> CentreOut:
    centre = registry.app.register_centre(
        municipality_code=body.municipality_code, census=registry.settings.census_year
    )
    return centre_out(centre)
