"""Where a centre lies: its id holds its municipality's ELSTAT code, whose first two digits
are the regional unit, which lies in one region (the reference data every service shares)."""

from __future__ import annotations

from functools import cache

from kk_contracts.reference import regional_units

PLACE_LEVELS = ("national", "region", "regional_unit")
Place = tuple[str, str]  # (level, code)


@cache
def unit_regions() -> dict[str, str]:
    """Regional unit (two digits) -> the NUTS-2 code of its region."""
    return {unit: region for unit, (_, region) in regional_units().items()}


def region_of(centre_id: str) -> str:
    """The NUTS-2 code of a centre's region ("" for an id without a known unit in it)."""
    return unit_regions().get(centre_id[3:5], "")


@cache
def places_of(centre_id: str) -> tuple[Place, ...]:
    """The places whose sums a centre's counts go into: its regional unit, its region and
    the nation (none for an id without a known regional unit in it, as the SQL join with
    ``unit_regions`` gives)."""
    unit = centre_id[3:5]
    region = unit_regions().get(unit)
    if region is None:
        return ()
    return (("regional_unit", unit), ("region", region), ("national", ""))
