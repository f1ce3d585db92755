"""Registry domain events -> published contract events (the only place that knows both)."""

from __future__ import annotations

from datetime import time
from functools import singledispatch
from typing import Any

from kk_contracts import IntegrationEvent
from kk_contracts.events import registry as published

from kk_registry.domain.catalogue import Body, Programme
from kk_registry.domain.centre import Centre


@singledispatch
def translate(domain_event: object) -> IntegrationEvent | None:
    return None


@translate.register
def _(e: Centre.Registered) -> IntegrationEvent:
    return published.CentreRegistered(
        centre_id=e.code,
        name_el=e.name_el,
        name_en=e.name_en,
        municipality_code=e.municipality_code,
        regional_unit_code=e.regional_unit_code,
        region_code=e.region_code,
        population=e.population,
        census_year=e.census_year,
        staffing_band=e.staffing_band,
    )


@translate.register
def _(e: Centre.StaffChanged) -> IntegrationEvent:
    positions = tuple(published.StaffPosition(**p) for p in e.positions)
    return published.CentreStaffChanged(
        centre_id=e.centre_code, positions=positions, staffing_band=e.staffing_band
    )


@translate.register
def _(e: Centre.FlaggedNonCompliant) -> IntegrationEvent:
    return published.CentreFlaggedNonCompliant(centre_id=e.centre_code, reason=e.reason)


@translate.register
def _(e: Centre.ComplianceRestored) -> IntegrationEvent:
    return published.CentreComplianceRestored(centre_id=e.centre_code)


@translate.register
def _(e: Centre.AnnexOpened) -> IntegrationEvent:
    return published.AnnexOpened(
        centre_id=e.centre_code,
        annex_id=e.annex_id,
        kind=e.kind,
        municipality_code=e.municipality_code,
    )


@translate.register
def _(e: Centre.MobileUnitOpened) -> IntegrationEvent:
    return published.MobileUnitOpened(
        centre_id=e.centre_code, unit_id=e.unit_id, municipality_codes=tuple(e.municipality_codes)
    )


@translate.register
def _(e: Centre.StatusChanged) -> IntegrationEvent:
    return published.CentreStatusChanged(
        centre_id=e.centre_code,
        status=e.status,
        effective_on=e.effective_on,
    )


@translate.register
def _(e: Centre.OpeningHoursSet) -> IntegrationEvent:
    return published.CentreOpeningHoursSet(
        centre_id=e.centre_code,
        opens=time.fromisoformat(e.opens),
        closes=time.fromisoformat(e.closes),
    )


@translate.register
def _(e: Centre.LocalHolidayDeclared) -> IntegrationEvent:
    return published.LocalHolidayDeclared(
        centre_id=e.centre_code,
        municipality_code=e.municipality_code,
        holiday=e.holiday,
        name_el=e.name_el,
    )


def _body_details(details: dict[str, Any]) -> dict[str, Any]:
    contact = details.get("contact")
    return {
        "name_el": details["name_el"],
        "name_en": details["name_en"],
        "category": details["category"],
        "scope": details["scope"],
        "area_code": details["area_code"],
        "accepts_referrals": details["accepts_referrals"],
        "contact": published.BodyContact(**contact) if contact else None,
        "capacity": details.get("capacity"),
    }


@translate.register
def _(e: Body.Registered) -> IntegrationEvent:
    return published.BodyRegistered(
        body_id=e.originator_id, code=e.code, sample=e.sample, **_body_details(vars(e))
    )


@translate.register
def _(e: Body.Updated) -> IntegrationEvent:
    return published.BodyUpdated(body_id=e.originator_id, **_body_details(e.details))


def _programme_details(details: dict[str, Any]) -> dict[str, Any]:
    managing = details.get("managing_body_code")
    return {
        "name_el": details["name_el"],
        "name_en": details["name_en"],
        "level": details["level"],
        "category": details["category"],
        "managing_body_id": Body.id_for(managing) if managing else None,
        "required_documents": tuple(details.get("required_documents") or ()),
        "active_from": details.get("active_from"),
        "active_until": details.get("active_until"),
    }


@translate.register
def _(e: Programme.Registered) -> IntegrationEvent:
    return published.ProgramRegistered(
        programme_id=e.originator_id, code=e.code, **_programme_details(vars(e))
    )


@translate.register
def _(e: Programme.Updated) -> IntegrationEvent:
    return published.ProgramUpdated(programme_id=e.originator_id, **_programme_details(e.details))


@translate.register
def _(e: Programme.Closed) -> IntegrationEvent:
    return published.ProgramClosed(programme_id=e.originator_id, closed_on=e.closed_on)
