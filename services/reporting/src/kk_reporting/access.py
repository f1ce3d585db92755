"""Who may read the figures of which place: the ministry every place, a regional observatory
the places of its region, a municipal supervisor its municipality and its centre, a centre's
staff their own centre (the only view without suppression). An unknown place is 404, a
place outside the token's reach 403."""

from __future__ import annotations

from typing import Any

from kk_contracts.codes import Region
from kk_contracts.reference import regional_units
from psycopg_pool import ConnectionPool
from servicekit.auth import Principal, Role
from servicekit.errors import ApiError

from kk_reporting.adapters import queries
from kk_reporting.adapters.figures import Level, Scope

NATIONAL_ROLES = (Role.MINISTRY_ANALYST, Role.ADMIN)
PLACES: tuple[tuple[Level, str, str], ...] = (
    ("region", "/regions/{code}", "A region (NUTS-2 code, e.g. EL30)"),
    ("regional_unit", "/regional-units/{code}", "A regional unit (two ELSTAT digits, e.g. 45)"),
    ("municipality", "/municipalities/{code}", "A municipality (ELSTAT code)"),
    ("centre", "/centres/{code}", "A centre (e.g. KK-6101)"),
)
"""The places below the nation, each with its path under ``/indicators``."""


def forbidden(what: str) -> ApiError:
    return ApiError(
        403,
        "forbidden",
        f"Your token does not cover {what}.",
        message_el="Τα στοιχεία αυτά είναι εκτός της αρμοδιότητάς σας.",
    )


def not_found(message: str) -> ApiError:
    return ApiError(404, "not_found", message, message_el="Δεν βρέθηκε.")


def known_region(region_code: str) -> None:
    if region_code not in {r.value for r in Region}:
        raise not_found(f"no region {region_code!r}; use a NUTS-2 code, e.g. EL30")


def authorised_scope(
    pool: ConnectionPool[Any], who: Principal, level: Level, code: str | None
) -> Scope:
    """The scope ``who`` may read, or the 404 or 403 that says why not."""
    national = who.role in NATIONAL_ROLES
    if level == "national" or code is None:
        if not national:
            raise forbidden("the national figures")
        return Scope("national", None)
    if level == "region":
        known_region(code)
        region, municipality = code, None
    elif level == "regional_unit":
        unit = regional_units().get(code)
        if unit is None:
            raise not_found(f"no regional unit {code!r}; use two digits, e.g. 45 (Athens centre)")
        region, municipality = unit[1], None
    else:
        place = queries.place_of(
            pool, "centre_id" if level == "centre" else "municipality_code", code
        )
        if place is None:
            raise not_found(
                f"no centre {code!r} is known to reporting"
                if level == "centre"
                else f"no centre in municipality {code!r} is known"
            )
        region, municipality = place["region_code"], place["municipality_code"]
    own = level == "centre" and who.works_at(code)
    allowed = (
        national
        or own
        or (who.role == Role.REGIONAL_OBSERVATORY and who.region == region)
        or (
            who.role == Role.MUNICIPAL_SUPERVISOR
            and municipality is not None
            and who.municipality == municipality
        )
    )
    if not allowed:
        raise forbidden(f"{level.replace('_', ' ')} {code}")
    return Scope(level, code, own_centre=own)
