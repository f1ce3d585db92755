"""Indicators for the nation, a region and a centre. Who sees what follows the role."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from servicekit.api import the_service
from servicekit.auth import Principal, Role, require

from kk_reporting import queries
from kk_reporting.access import NATIONAL_ROLES, authorised_scope
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
    authorised_scope(service.pool, who, "region", region_code)
    return queries.region(service.pool, region_code)


@router.get("/centres/{centre_id}", summary="A centre's indicators")
def centre(centre_id: str, service: Reporting, who: AnyRole) -> Indicators:
    authorised_scope(service.pool, who, "centre", centre_id)
    return queries.centre(service.pool, centre_id)
