"""Bodies (φορείς) and programmes (προγράμματα)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from kk_contracts.codes import BodyCategory, ProgrammeCategory

from kk_registry.entrypoints.api.deps import AnyRole, Registry

router = APIRouter(tags=["bodies and programmes"])


def _docs(registry: Registry, table: str, category: str | None) -> list[dict[str, Any]]:
    sql = f"SELECT doc FROM {table}"
    params: list[Any] = []
    if category:
        sql += " WHERE category = %s"
        params.append(category)
    with registry.pool.connection() as conn:
        return [r["doc"] for r in conn.execute(sql + " ORDER BY doc->>'code'", params)]


@router.get("/bodies", summary="Search bodies")
def list_bodies(
    registry: Registry, _: AnyRole, category: BodyCategory | None = None
) -> list[dict[str, Any]]:
    return _docs(registry, "body_view", category)


@router.get("/programmes", summary="Search programmes")
def list_programmes(
    registry: Registry, _: AnyRole, category: ProgrammeCategory | None = None
) -> list[dict[str, Any]]:
    return _docs(registry, "programme_view", category)
