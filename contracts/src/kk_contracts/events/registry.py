"""Events published by the registry service: the reference registries."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import Field

from kk_contracts.base import IntegrationEvent
from kk_contracts.codes import (
    BodyCategory,
    CentreCode,
    MunicipalityCode,
    ProgrammeCategory,
    ProgrammeLevel,
    RegionalUnitCode,
    RegionCode,
    Scope,
)
from kk_contracts.topics import Topic


class CentreRegistered(IntegrationEvent):
    """A Community Centre (Κέντρο Κοινότητας) now operates in a municipality."""

    event_type = "gr.kk.registry.CentreRegistered"
    topic = Topic.CENTRES
    subject_field = "centre_id"

    centre_id: CentreCode
    name_el: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    municipality_code: MunicipalityCode
    regional_unit_code: RegionalUnitCode
    region_code: RegionCode
    population: int = Field(ge=0, description="Census population of the municipality")
    census_year: Literal[2011, 2021]
    staffing_band: int = Field(ge=2, le=4, description="Minimum staff for the population")


class BodyRegistered(IntegrationEvent):
    """A body (φορέας) that centres refer people to joined the registry."""

    event_type = "gr.kk.registry.BodyRegistered"
    topic = Topic.BODIES
    subject_field = "body_id"

    body_id: UUID
    code: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{1,63}$")
    name_el: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    category: BodyCategory
    scope: Scope
    area_code: str | None = Field(
        default=None, description="Region, regional-unit or municipality code; none if national"
    )
    accepts_referrals: bool
    sample: bool = Field(description="A placeholder seeded as sample data, not a real body")


class ProgramRegistered(IntegrationEvent):
    """A welfare or inclusion programme (πρόγραμμα) joined the registry."""

    event_type = "gr.kk.registry.ProgramRegistered"
    topic = Topic.PROGRAMMES
    subject_field = "programme_id"

    programme_id: UUID
    code: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{1,63}$")
    name_el: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    level: ProgrammeLevel
    category: ProgrammeCategory
