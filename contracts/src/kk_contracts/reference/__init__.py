"""Reference data every service shares: the 332 municipalities (δήμοι) by ELSTAT code, with
their regional units (the first two digits of the code) and the 13 regions by NUTS-2 code."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
MUNICIPALITIES_CSV = HERE / "municipalities.csv"
REGIONS_CSV = HERE / "regions.csv"


@cache
def municipality_codes() -> frozenset[str]:
    """The ELSTAT codes of all municipalities."""
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as f:
        return frozenset(row["elstat_code"] for row in csv.DictReader(f))


@cache
def region_names() -> dict[str, tuple[str, str]]:
    """Region name as in municipalities.csv -> (NUTS-2 code, English name)."""
    with REGIONS_CSV.open(encoding="utf-8") as f:
        return {row["region"]: (row["region_code"], row["region_en"]) for row in csv.DictReader(f)}


@cache
def regions() -> dict[str, tuple[str, str]]:
    """NUTS-2 code -> (Greek name, English name), in code order."""
    return {code: (el, en) for el, (code, en) in sorted(region_names().items(), key=_by_code)}


def _by_code(item: tuple[str, tuple[str, str]]) -> str:
    return item[1][0]


@cache
def regional_units() -> dict[str, tuple[str, str]]:
    """Regional unit code (two digits) -> (Greek name, NUTS-2 code of its region)."""
    codes = region_names()
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as f:
        return dict(
            sorted(
                (row["elstat_code"][:2], (row["regional_unit"], codes[row["region"]][0]))
                for row in csv.DictReader(f)
            )
        )


@cache
def populations(census_year: int = 2011) -> dict[str, int]:
    """ELSTAT code -> inhabitants at the census of ``census_year`` (2011 or 2021)."""
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as f:
        return {
            row["elstat_code"]: int(row[f"population_{census_year}"]) for row in csv.DictReader(f)
        }


@cache
def municipality_names() -> dict[str, tuple[str, str]]:
    """ELSTAT code -> (Greek name, Latin name), in Greek alphabetical order of the names
    without «Δήμος» (the order in which people look for them in a list)."""
    with MUNICIPALITIES_CSV.open(encoding="utf-8") as f:
        rows = [
            (r["elstat_code"], r["municipality"], r["municipality_latin"])
            for r in csv.DictReader(f)
        ]
    rows.sort(key=lambda r: r[1].removeprefix("Δήμος ").casefold())
    return {code: (el, en) for code, el, en in rows}
