"""Registry domain events -> published contract events (the only place that knows both)."""

from __future__ import annotations

from functools import singledispatch

from kk_contracts import IntegrationEvent
from kk_contracts.events.registry import BodyRegistered, CentreRegistered, ProgramRegistered

from kk_registry.domain.catalogue import Body, Programme
from kk_registry.domain.centre import Centre


@singledispatch
def translate(domain_event: object) -> IntegrationEvent | None:
    return None


@translate.register
def _(e: Centre.Registered) -> IntegrationEvent:
    return CentreRegistered(
        centre_id=e.code,
        name_el=e.name_el,
        name_en=e.name_en,
        municipality_code=e.municipality_code,
        regional_unit_code=e.regional_unit_code,
        region_code=e.region_code,
        population=e.population,
        census_year=e.census_year,  # type: ignore[arg-type]
        staffing_band=e.staffing_band,
    )


@translate.register
def _(e: Body.Registered) -> IntegrationEvent:
    return BodyRegistered(
        body_id=e.originator_id,
        code=e.code,
        name_el=e.name_el,
        name_en=e.name_en,
        category=e.category,  # type: ignore[arg-type]
        scope=e.scope,  # type: ignore[arg-type]
        area_code=e.area_code,
        accepts_referrals=e.accepts_referrals,
        sample=e.sample,
    )


@translate.register
def _(e: Programme.Registered) -> IntegrationEvent:
    return ProgramRegistered(
        programme_id=e.originator_id,
        code=e.code,
        name_el=e.name_el,
        name_en=e.name_en,
        level=e.level,  # type: ignore[arg-type]
        category=e.category,  # type: ignore[arg-type]
    )
