"""The maps' shapes: the 13 regions and the municipalities, from boundary data kept beside
this module (see ``data/geo.SOURCE.md``: geodata.gov.gr via sourcegr/Kalikratis-GeoJSON,
CC BY 3.0), projected once into SVG paths."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kk_contracts.reference import regions

DATA = Path(__file__).parent / "data"
CREDIT = "geodata.gov.gr via sourcegr/Kalikratis-GeoJSON (CC BY 3.0)"
Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Shape:
    code: str
    path: str  # SVG path data in the map's own box


@dataclass(frozen=True)
class Map:
    width: int
    height: int
    shapes: tuple[Shape, ...]


@cache
def region_map() -> Map:
    code_of = {name_el: code for code, (name_el, _en) in regions().items()}
    features = _features("regions.geojson")
    return _project([(code_of[p["region"]], rings) for p, rings in features], width=560)


@cache
def municipality_map(region_code: str) -> Map:
    """The municipalities of one region (those with boundaries of their own)."""
    name_el = regions()[region_code][0]
    features = _features("municipalities.geojson")
    mine = [(p["elstat_code"], rings) for p, rings in features if p["region"] == name_el]
    return _project(mine, width=560)


def _features(name: str) -> list[tuple[dict[str, str], list[Ring]]]:
    data = json.loads((DATA / name).read_text(encoding="utf-8"))
    out = []
    for feature in data["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        rings = [[(x, y) for x, y in ring] for polygon in polygons for ring in polygon]
        out.append((feature["properties"], rings))
    return out


def _project(features: list[tuple[str, list[Ring]]], *, width: int) -> Map:
    """Equirectangular at the map's mean latitude (true enough for Greece), fitted to
    ``width`` with a small margin; y grows downwards as SVG's does."""
    points = [pt for _, rings in features for ring in rings for pt in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    squeeze = math.cos(math.radians((south + north) / 2))
    margin = 6
    scale = (width - 2 * margin) / max((east - west) * squeeze, 1e-9)
    height = round((north - south) * scale + 2 * margin)

    def xy(lon: float, lat: float) -> str:
        return f"{(lon - west) * squeeze * scale + margin:.1f},{(north - lat) * scale + margin:.1f}"

    shapes = []
    for code, rings in features:
        path = "".join(
            "M" + "L".join(xy(*pt) for pt in ring) + "Z" for ring in rings if len(ring) > 2
        )
        shapes.append(Shape(code, path))
    return Map(width, height, tuple(shapes))
