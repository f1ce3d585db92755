"""Indicators for the nation, a region and a centre. Who sees what follows the role."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from servicekit.api import the_service
from servicekit.auth import Principal, Role, require

from kk_reporting import queries
from kk_reporting.access import NATIONAL_ROLES, forbidden, known_region, not_found
from kk_reporting.bootstrap import ReportingService
from kk_reporting.queries import Indicators

router = APIRouter(prefix="/indicators", tags=["indicators"])


Reporting = Annotated[ReportingService, Depends(the_service)]
National = Annotated[Principal, require(*NATIONAL_ROLES)]
AnyRole = Annotated[Principal, require(*Role)]


@router.get("/national", summary="National indicators")
def national(service: Reporting, _: National) -> Indicators:
    return queries.national(service.pool)


@router.get("/regions/{region_code}", summary="A region's indicators")
def region(region_code: str, service: Reporting, who: AnyRole) -> Indicators:
    known_region(region_code)
    if who.role not in NATIONAL_ROLES and not (
        who.role == Role.REGIONAL_OBSERVATORY and who.region == region_code
    ):
        raise forbidden(f"region {region_code}")
    return queries.region(service.pool, region_code)


@router.get("/centres/{centre_id}", summary="A centre's indicators")
def centre(centre_id: str, service: Reporting, who: AnyRole) -> Indicators:
    centre_region = queries.centre_region(service.pool, centre_id)
    if centre_region is None:
        raise not_found(f"no centre {centre_id!r} is known to reporting")
    allowed = (
        who.role in NATIONAL_ROLES
        or who.works_at(centre_id)
        or (who.role == Role.REGIONAL_OBSERVATORY and who.region == centre_region)
        or (who.role == Role.MUNICIPAL_SUPERVISOR and centre_id == f"KK-{who.municipality}")
    )
    if not allowed:
        raise forbidden(f"centre {centre_id}")
    return queries.centre(service.pool, centre_id)
