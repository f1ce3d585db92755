"""Reference data of the registry: ELSTAT municipalities with census populations (shared
with every service through the contracts), the 13 regions with their NUTS-2 codes, and the
starter sets of bodies and programmes."""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path
from typing import Any

from kk_contracts.reference import MUNICIPALITIES_CSV, region_names

from kk_registry.domain.geography import Municipality

HERE = Path(__file__).resolve().parent


def regions() -> dict[str, tuple[str, str]]:
    """Region name (as in municipalities.csv) -> (NUTS-2 code, English name)."""
    return region_names()


@cache
def municipalities() -> dict[str, Municipality]:
    codes = regions()
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {
        row["elstat_code"]: Municipality(
            code=row["elstat_code"],
            name_el=row["municipality"],
            name_en=row["municipality_latin"],
            regional_unit=row["regional_unit"],
            region_code=codes[row["region"]][0],
            population_2011=int(row["population_2011"]),
            population_2021=int(row["population_2021"]),
        )
        for row in rows
    }


def programmes() -> list[dict[str, Any]]:
    return list(json.loads((HERE / "programmes.json").read_text(encoding="utf-8")))


def bodies() -> list[dict[str, Any]]:
    """National bodies, plus clearly marked sample placeholders in every region (which take
    no referrals until an administrator replaces them with a real body)."""
    data = json.loads((HERE / "bodies.json").read_text(encoding="utf-8"))
    result = [
        {**b, "scope": "national", "area_code": None, "sample": False} for b in data["national"]
    ]
    for region, (code, region_en) in sorted(regions().items(), key=lambda kv: kv[1][0]):
        for template in data["sample_per_region"]:
            result.append(
                {
                    "code": f"sample-{template['category'].replace('_', '-')}-{code.lower()}",
                    "name_el": template["name_el"].format(region=region),
                    "name_en": template["name_en"].format(region_en=region_en),
                    "category": template["category"],
                    "scope": "region",
                    "area_code": code,
                    "accepts_referrals": False,
                    "sample": True,
                }
            )
    return result
