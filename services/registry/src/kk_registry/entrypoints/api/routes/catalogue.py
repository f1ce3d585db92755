"""Bodies (φορείς) and programmes (προγράμματα): search, read, and (admin) write."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, status
from kk_contracts.codes import BodyCategory, ProgrammeCategory, ProgrammeLevel, Scope
from kk_contracts.events.registry import BodyContact
from pydantic import BaseModel, ConfigDict, Field
from servicekit.auth import Principal, Role
from servicekit.errors import ApiError

from kk_registry.domain.exceptions import NotFoundError
from kk_registry.entrypoints.api.deps import Admin, AnyRole, BodyKeeper, Registry

router = APIRouter(tags=["bodies and programmes"])
Code = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]{1,63}$", examples=["shelter-kalymnos"])]
Text = Annotated[str | None, Query(min_length=2, max_length=100, description="Text in a name")]


class BodyIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name_el: str = Field(min_length=2, max_length=200)
    name_en: str = Field(min_length=2, max_length=200)
    category: BodyCategory
    scope: Scope
    area_code: str | None = Field(default=None, pattern=r"^(EL\d{2}|\d{2}|\d{4})$")
    accepts_referrals: bool
    contact: BodyContact | None = None
    capacity: int | None = Field(default=None, ge=0)

    def details(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"code"})


class NewBody(BodyIn):
    code: Code


class ProgrammeIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    name_el: str = Field(min_length=2, max_length=200)
    name_en: str = Field(min_length=2, max_length=200)
    level: ProgrammeLevel
    category: ProgrammeCategory
    managing_body_code: Code | None = None
    required_documents: list[str] = Field(default_factory=list, max_length=30)
    active_from: date | None = None
    active_until: date | None = None

    def details(self) -> dict[str, Any]:
        values = self.model_dump(exclude={"code"})
        values["level"], values["category"] = self.level.value, self.category.value
        return values


class NewProgramme(ProgrammeIn):
    code: Code


class Close(BaseModel):
    model_config = ConfigDict(extra="forbid")
    closed_on: date


class Written(BaseModel):
    id: UUID
    code: str


def _one(registry: Registry, kind: str, row_id: UUID) -> dict[str, Any]:
    doc = registry.reads.one(kind, row_id)
    if doc is None:
        raise NotFoundError(f"nothing registered with id {row_id}")
    return doc


@router.get("/bodies", summary="Search bodies")
def list_bodies(
    registry: Registry,
    _: AnyRole,
    category: BodyCategory | None = None,
    scope: Scope | None = None,
    area_code: Annotated[str | None, Query(pattern=r"^(EL\d{2}|\d{2}|\d{4})$")] = None,
    accepts_referrals: bool | None = None,
    q: Text = None,
) -> list[dict[str, Any]]:
    filters = {
        "category": category,
        "scope": scope,
        "area_code": area_code,
        "accepts_referrals": accepts_referrals,
    }
    return registry.reads.search("bodies", filters, q)


@router.get("/bodies/{body_id}", summary="One body")
def get_body(body_id: UUID, registry: Registry, _: AnyRole) -> dict[str, Any]:
    return _one(registry, "bodies", body_id)


@router.post(
    "/bodies",
    status_code=status.HTTP_201_CREATED,
    summary="Register a body (admin; a centre head: a body of the centre's municipality)",
)
def register_body(body: NewBody, registry: Registry, keeper: BodyKeeper) -> Written:
    may_keep(keeper, body.scope.value, body.area_code)
    registered = registry.app.register_body(code=body.code, sample=False, **body.details())
    return Written(id=registered.id, code=registered.code)


@router.put(
    "/bodies/{body_id}",
    summary="Replace a body's details (admin; a centre head: a body of the centre's municipality)",
)
def update_body(body_id: UUID, body: BodyIn, registry: Registry, keeper: BodyKeeper) -> Written:
    kept = _one(registry, "bodies", body_id)
    may_keep(keeper, str(kept.get("scope")), kept.get("area_code"))
    may_keep(keeper, body.scope.value, body.area_code)
    updated = registry.app.update_body(body_id, **body.details())
    return Written(id=updated.id, code=updated.code)


def may_keep(keeper: Principal, scope: str, area_code: str | None) -> None:
    """A centre head keeps the bodies of the centre's own municipality (the centre's code
    is ``KK-`` and the municipality's ELSTAT code); the admin keeps any."""
    if keeper.role == Role.ADMIN:
        return
    municipality = (keeper.centre_id or "").removeprefix("KK-")
    if scope != Scope.MUNICIPALITY.value or area_code != municipality:
        raise ApiError(
            403,
            "not_your_area",
            f"a centre head keeps the bodies of municipality {municipality} only (scope "
            f"'municipality', area_code '{municipality}'); national and regional bodies are "
            "the admin's",
            message_el="Ο/η υπεύθυνος/η κέντρου καταχωρίζει μόνο φορείς του δήμου του κέντρου· "
            "τους εθνικούς και περιφερειακούς φορείς τους τηρεί ο διαχειριστής.",
        )


@router.get("/programmes", summary="Search programmes")
def list_programmes(
    registry: Registry,
    _: AnyRole,
    category: ProgrammeCategory | None = None,
    level: ProgrammeLevel | None = None,
    status: Annotated[str | None, Query(pattern="^(active|closed)$")] = None,
    q: Text = None,
) -> list[dict[str, Any]]:
    return registry.reads.search(
        "programmes", {"category": category, "level": level, "status": status}, q
    )


@router.get("/programmes/{programme_id}", summary="One programme")
def get_programme(programme_id: UUID, registry: Registry, _: AnyRole) -> dict[str, Any]:
    return _one(registry, "programmes", programme_id)


@router.post(
    "/programmes", status_code=status.HTTP_201_CREATED, summary="Register a programme (admin)"
)
def register_programme(body: NewProgramme, registry: Registry, _: Admin) -> Written:
    registered = registry.app.register_programme(code=body.code, **body.details())
    return Written(id=registered.id, code=registered.code)


@router.put("/programmes/{programme_id}", summary="Replace a programme's details (admin)")
def update_programme(
    programme_id: UUID, body: ProgrammeIn, registry: Registry, _: Admin
) -> Written:
    updated = registry.app.update_programme(programme_id, **body.details())
    return Written(id=updated.id, code=updated.code)


@router.post("/programmes/{programme_id}/close", summary="Close a programme (admin)")
def close_programme(programme_id: UUID, body: Close, registry: Registry, _: Admin) -> Written:
    closed = registry.app.close_programme(programme_id, closed_on=body.closed_on)
    return Written(id=closed.id, code=closed.code)
