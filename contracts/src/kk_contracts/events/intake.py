"""Events published by the intake service. Pseudonymous ids and coded facts only."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from kk_contracts.base import IntegrationEvent
from kk_contracts.codes import AgeBand, CentreCode, MunicipalityCode, Sex, VulnerableGroup
from kk_contracts.topics import Topic


class BeneficiaryRegistered(IntegrationEvent):
    """A person now has an individual file (ατομικός φάκελος) at a centre."""

    event_type = "gr.kk.intake.BeneficiaryRegistered"
    topic = Topic.BENEFICIARIES
    subject_field = "beneficiary_id"

    beneficiary_id: UUID = Field(description="Pseudonymous id; reveals nothing about the person")
    centre_id: CentreCode
    municipality_code: MunicipalityCode = Field(description="Municipality of residence")
    registered_on: date
    age_band: AgeBand
    sex: Sex
    vulnerable_groups: tuple[VulnerableGroup, ...] = ()
    mgi_recipient: bool = Field(description="Receives the Minimum Guaranteed Income (ΕΕΕ)")
