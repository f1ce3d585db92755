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
    clauses, params = ["true"], []
    for column, value in (
        ("region_code", region),
        ("regional_unit_code", regional_unit),
        ("municipality_code", municipality),
        ("doc->>'status'", status),
        ("doc->>'compliance'", compliance),
    ):
        if value:
            clauses.append(f"{column} = %s")
            params.append(str(value))
    if q:
        clauses.append("(doc->>'name_el' ILIKE %s OR doc->>'name_en' ILIKE %s)")
        params += [f"%{q}%", f"%{q}%"]
    sql = f"SELECT doc FROM centre_view WHERE {' AND '.join(clauses)} ORDER BY centre_id"
    with registry.pool.connection() as conn:
        return [row["doc"] for row in conn.execute(sql, params)]


@router.get("/{centre_id}", summary="One centre, with its staff roles, annexes and units")
def get_centre(centre_id: str, registry: Registry, _: AnyRole) -> dict[str, Any]:
    with registry.pool.connection() as conn:
        row = conn.execute(
            "SELECT doc FROM centre_view WHERE centre_id = %s", (centre_id,)
        ).fetchone()
    if row is None:
        raise NotFoundError(f"no centre {centre_id!r} is registered")
    doc: dict[str, Any] = row["doc"]
    return doc


@router.post("", status_code=status.HTTP_201_CREATED, summary="Register a centre (admin)")
def register_centre(body: RegisterCentre, registry: Registry, _: Admin) -> CentreOut:
    centre = registry.app.register_centre(
        municipality_code=body.municipality_code, census=registry.settings.census_year
    )
    return centre_out(centre)
