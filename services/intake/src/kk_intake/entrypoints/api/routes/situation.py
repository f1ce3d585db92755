"""Editing a file: the person's situation (residence, contact, household, groups,
disability percentage, Minimum Guaranteed Income). Who they are (AMKA, names, birth date)
does not change here."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from kk_contracts.codes import MunicipalityCode, VulnerableGroup
from pydantic import BaseModel, ConfigDict, Field

from kk_intake.domain.beneficiary import Situation
from kk_intake.entrypoints.api.deps import CentreStaff, Intake
from kk_intake.entrypoints.api.routes.beneficiaries import (
    Afm,
    ContactIn,
    Country,
    HouseholdMemberIn,
    Language,
)

router = APIRouter(prefix="/beneficiaries", tags=["beneficiaries"])


class SituationIn(BaseModel):
    """The whole situation as it is now: what is left out is cleared."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    municipality_code: MunicipalityCode = Field(description="Municipality of residence")
    afm: Afm | None = None
    citizenship: Country | None = None
    languages: list[Language] = Field(default_factory=list, max_length=10)
    contact: ContactIn = Field(default_factory=ContactIn)
    household: list[HouseholdMemberIn] = Field(default_factory=list, max_length=20)
    vulnerable_groups: list[VulnerableGroup] = Field(default_factory=list, max_length=12)
    disability_percent: int | None = None
    mgi_recipient: bool = False

    def situation(self) -> Situation:
        return Situation(
            municipality_code=self.municipality_code,
            vulnerable_groups=tuple(self.vulnerable_groups),
            mgi_recipient=self.mgi_recipient,
            afm=self.afm,
            citizenship=self.citizenship,
            languages=tuple(self.languages),
            contact=self.contact.contact(),
            household=tuple(m.member() for m in self.household),
            disability_percent=self.disability_percent,
        )


class SituationOut(BaseModel):
    beneficiary_id: UUID
    municipality_code: str
    vulnerable_groups: list[VulnerableGroup]
    mgi_recipient: bool
    disability_percent: int | None


@router.put(
    "/{beneficiary_id}/situation",
    summary="Edit the file: residence, contact, household, groups, disability, ΕΕΕ",
)
def update_situation(
    beneficiary_id: UUID, body: SituationIn, intake: Intake, staff: CentreStaff
) -> SituationOut:
    b = intake.app.update_situation(
        beneficiary_id=beneficiary_id, situation=body.situation(), staff=staff
    )
    return SituationOut(
        beneficiary_id=b.id,
        municipality_code=b.municipality_code,
        vulnerable_groups=[VulnerableGroup(g) for g in b.vulnerable_groups],
        mgi_recipient=b.mgi_recipient,
        disability_percent=b.disability_percent,
    )
