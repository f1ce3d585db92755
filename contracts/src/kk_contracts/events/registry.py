"""Events published by the registry service: the reference registries.

Centres, bodies and programmes are public institutions: their names and institutional
contact details may be published. Staff appear as roles and counts, never as people.
"""

from __future__ import annotations

from datetime import date, time
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from kk_contracts.base import IntegrationEvent
from kk_contracts.codes import (
    AnnexKind,
    BodyCategory,
    CentreCode,
    CentreStatus,
    MunicipalityCode,
    ProgrammeCategory,
    ProgrammeLevel,
    RegionalUnitCode,
    RegionCode,
    Scope,
    StaffRole,
)
from kk_contracts.topics import Topic

Code = Field(pattern=r"^[a-z0-9][a-z0-9_.-]{1,63}$")
Name = Field(min_length=1, max_length=200)


class _CentreEvent(IntegrationEvent):
    topic = Topic.CENTRES
    subject_field = "centre_id"

    centre_id: CentreCode


class CentreRegistered(_CentreEvent):
    """A Community Centre (Κέντρο Κοινότητας) now operates in a municipality."""

    event_type = "gr.kk.registry.CentreRegistered"

    name_el: str = Name
    name_en: str = Name
    municipality_code: MunicipalityCode
    regional_unit_code: RegionalUnitCode
    region_code: RegionCode
    population: int = Field(ge=0, description="Census population of the municipality")
    census_year: Literal[2011, 2021]
    staffing_band: int = Field(ge=2, le=4, description="Minimum staff for the population")


class StaffPosition(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    role: StaffRole
    head: bool = False


class CentreStaffChanged(_CentreEvent):
    """The centre's roster of positions changed (roles only: no names)."""

    event_type = "gr.kk.registry.CentreStaffChanged"

    positions: tuple[StaffPosition, ...]
    staffing_band: int = Field(ge=2, le=4)


class CentreFlaggedNonCompliant(_CentreEvent):
    """The centre is not headed by a social worker, as the specification requires."""

    event_type = "gr.kk.registry.CentreFlaggedNonCompliant"

    reason: Literal["no_head_social_worker"]


class CentreComplianceRestored(_CentreEvent):
    event_type = "gr.kk.registry.CentreComplianceRestored"


class AnnexOpened(_CentreEvent):
    """An annex (Παράρτημα) for Roma or migrants (ΚΕΜ) reports through its reference centre."""

    event_type = "gr.kk.registry.AnnexOpened"

    annex_id: str = Field(pattern=r"^KK-\d{4}-A\d+$")
    kind: AnnexKind
    municipality_code: MunicipalityCode


class MobileUnitOpened(_CentreEvent):
    """A mobile unit (Κινητή Μονάδα) serves remote areas for its reference centre."""

    event_type = "gr.kk.registry.MobileUnitOpened"

    unit_id: str = Field(pattern=r"^KK-\d{4}-M\d+$")
    municipality_codes: tuple[MunicipalityCode, ...] = Field(min_length=1)


class CentreStatusChanged(_CentreEvent):
    event_type = "gr.kk.registry.CentreStatusChanged"

    status: CentreStatus
    effective_on: date


class CentreOpeningHoursSet(_CentreEvent):
    """Opening hours, Monday to Friday."""

    event_type = "gr.kk.registry.CentreOpeningHoursSet"

    opens: time
    closes: time


class LocalHolidayDeclared(_CentreEvent):
    """A local (municipal or religious) holiday: the centre is closed and the 10-working-day
    clocks of its requests skip the day."""

    event_type = "gr.kk.registry.LocalHolidayDeclared"

    municipality_code: MunicipalityCode
    holiday: date
    name_el: str = Name


class BodyContact(BaseModel):
    """A body's institutional contact points (never a person's)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    contact_phone: str | None = Field(default=None, pattern=r"^\+?[0-9 ()-]{3,20}$")
    contact_email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    postal_address: str | None = Field(default=None, max_length=300)
    website: str | None = Field(default=None, max_length=300)

    def reachable(self) -> bool:
        return bool(self.contact_phone or self.contact_email)


class _BodyFacts(IntegrationEvent):
    topic = Topic.BODIES
    subject_field = "body_id"

    body_id: UUID
    name_el: str = Name
    name_en: str = Name
    category: BodyCategory
    scope: Scope
    area_code: str | None = Field(
        default=None, description="Region, regional-unit or municipality code; none if national"
    )
    accepts_referrals: bool


class BodyRegisteredV1(_BodyFacts):
    """Version 1, before contact details and capacity."""

    event_type = "gr.kk.registry.BodyRegistered"
    schema_version = 1

    code: str = Code
    sample: bool

    def upgrade(self) -> IntegrationEvent:
        return BodyRegistered(**self.model_dump(), contact=None, capacity=None)


class BodyRegistered(_BodyFacts):
    """A body (φορέας) that centres refer people to joined the registry."""

    event_type = "gr.kk.registry.BodyRegistered"
    schema_version = 2

    code: str = Code
    sample: bool = Field(description="A placeholder seeded as sample data, not a real body")
    contact: BodyContact | None = None
    capacity: int | None = Field(default=None, ge=0, description="Places, where it has a limit")


class BodyUpdated(_BodyFacts):
    """A body's details, as they now stand (the whole record, not a difference)."""

    event_type = "gr.kk.registry.BodyUpdated"

    contact: BodyContact | None = None
    capacity: int | None = Field(default=None, ge=0)


class _ProgrammeEvent(IntegrationEvent):
    topic = Topic.PROGRAMMES
    subject_field = "programme_id"

    programme_id: UUID


class ProgramRegisteredV1(_ProgrammeEvent):
    """Version 1, before the managing body, supporting documents and active period."""

    event_type = "gr.kk.registry.ProgramRegistered"
    schema_version = 1

    code: str = Code
    name_el: str = Name
    name_en: str = Name
    level: ProgrammeLevel
    category: ProgrammeCategory

    def upgrade(self) -> IntegrationEvent:
        return ProgramRegistered(
            **self.model_dump(), managing_body_id=None, required_documents=(), active_from=None
        )


class _ProgrammeFacts(_ProgrammeEvent):
    name_el: str = Name
    name_en: str = Name
    level: ProgrammeLevel
    category: ProgrammeCategory
    managing_body_id: UUID | None = None
    required_documents: tuple[str, ...] = Field(
        default=(), description="Supporting documents (δικαιολογητικά), in Greek"
    )
    active_from: date | None = None
    active_until: date | None = None


class ProgramRegistered(_ProgrammeFacts):
    """A welfare or inclusion programme (πρόγραμμα) joined the registry."""

    event_type = "gr.kk.registry.ProgramRegistered"
    schema_version = 2

    code: str = Code


class ProgramUpdated(_ProgrammeFacts):
    """A programme's details, as they now stand (the whole record, not a difference)."""

    event_type = "gr.kk.registry.ProgramUpdated"


class ProgramClosed(_ProgrammeEvent):
    """A programme takes no more applications from this day."""

    event_type = "gr.kk.registry.ProgramClosed"

    closed_on: date
