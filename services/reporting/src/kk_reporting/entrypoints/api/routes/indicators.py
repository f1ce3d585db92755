"""Indicators for the nation, a region and a centre. Who sees what follows the role."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from servicekit.api import the_service
from servicekit.auth import Principal, Role, require

from kk_reporting.access import NATIONAL_ROLES
from kk_reporting.adapters.queries import Indicators
from kk_reporting.bootstrap import ReportingService

router = APIRouter(prefix="/indicators", tags=["indicators"])


Reporting = Annotated[ReportingService, Depends(the_service)]
National = Annotated[Principal, require(*NATIONAL_ROLES)]
AnyRole = Annotated[Principal, require(*Role)]


@router.get("/national", summary="National indicators")
def national(service: Reporting, who: National) -> Indicators:
    return service.application.indicators(who, "national", None)


@router.get("/regions/{region_code}", summary="A region's indicators")
def region(region_code: str, service: Reporting, who: AnyRole) -> Indicators:
    return service.application.indicators(who, "region", region_code)


@router.get("/centres/{centre_id}", summary="A centre's indicators")
def centre(centre_id: str, service: Reporting, who: AnyRole) -> Indicators:
    return service.application.indicators(who, "centre", centre_id)
