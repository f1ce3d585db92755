"""Open data (ανοικτά δεδομένα): the registries as JSON and CSV, for anyone, no token.

They hold no personal data: centres show staff as roles and counts, bodies their
institutional contact points.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from kk_registry import reference
from kk_registry.entrypoints.api.deps import Registry

router = APIRouter(prefix="/open-data", tags=["open data"])
Format = Literal["json", "csv"]


def _centre_row(d: dict[str, Any]) -> dict[str, Any]:
    hours = d.get("opening_hours") or {}
    return {
        **{
            k: d[k]
            for k in (
                "centre_id",
                "name_el",
                "name_en",
                "municipality_code",
                "regional_unit_code",
                "region_code",
                "population",
                "census_year",
                "staffing_band",
                "status",
                "compliance",
                "staff_count",
            )
        },
        "staff_roles": ";".join(p["role"] for p in d["positions"]),
        "annexes": len(d["annexes"]),
        "mobile_units": len(d["mobile_units"]),
        "opens": hours.get("opens"),
        "closes": hours.get("closes"),
    }


def _body_row(d: dict[str, Any]) -> dict[str, Any]:
    contact = d.get("contact") or {}
    return {
        **{
            k: d.get(k)
            for k in (
                "body_id",
                "code",
                "name_el",
                "name_en",
                "category",
                "scope",
                "area_code",
                "accepts_referrals",
                "capacity",
                "sample",
            )
        },
        **{
            k: contact.get(k)
            for k in ("contact_phone", "contact_email", "postal_address", "website")
        },
    }


def _programme_row(d: dict[str, Any]) -> dict[str, Any]:
    return {
        **{
            k: d.get(k)
            for k in (
                "programme_id",
                "code",
                "name_el",
                "name_en",
                "level",
                "category",
                "managing_body_id",
                "active_from",
                "active_until",
                "status",
                "closed_on",
            )
        },
        "required_documents": ";".join(d.get("required_documents") or ()),
    }


DATASETS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "centres": _centre_row,
    "bodies": _body_row,
    "programmes": _programme_row,
}


def _answer(name: str, rows: list[dict[str, Any]], fmt: Format) -> Response:
    if fmt == "json":
        return JSONResponse(rows)
    out = io.StringIO()
    out.write("\ufeff")  # so that spreadsheet programs read the Greek as UTF-8
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="kk-{name}.csv"'},
    )


def _dataset_route(name: str) -> None:
    shape = DATASETS[name]

    @router.get(f"/{name}.{{fmt}}", summary=f"Open data: {name} (JSON or CSV)", name=name)
    def export(registry: Registry, fmt: Format) -> Response:
        docs = registry.reads.every(name)
        return _answer(name, [shape(d) if fmt == "csv" else d for d in docs], fmt)


for _name in DATASETS:
    _dataset_route(_name)


@router.get("/municipalities.{fmt}", summary="Open data: the 332 municipalities with census")
def municipalities(fmt: Format) -> Response:
    rows = [
        {
            "municipality_code": m.code,
            "name_el": m.name_el,
            "name_en": m.name_en,
            "regional_unit_code": m.regional_unit_code,
            "regional_unit": m.regional_unit,
            "region_code": m.region_code,
            "population_2011": m.population_2011,
            "population_2021": m.population_2021,
        }
        for m in reference.municipalities().values()
    ]
    return _answer("municipalities", rows, fmt)


@router.get("/regions.{fmt}", summary="Open data: the 13 regions with their NUTS-2 codes")
def regions(fmt: Format) -> Response:
    rows = []
    for name_el, (code, name_en) in sorted(reference.regions().items(), key=lambda kv: kv[1][0]):
        members = [m for m in reference.municipalities().values() if m.region_code == code]
        rows.append(
            {
                "region_code": code,
                "name_el": name_el,
                "name_en": name_en,
                "regional_units": len({m.regional_unit_code for m in members}),
                "municipalities": len(members),
                "population_2011": sum(m.population_2011 for m in members),
                "population_2021": sum(m.population_2021 for m in members),
            }
        )
    return _answer("regions", rows, fmt)
