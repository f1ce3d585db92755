"""Editing a file: the person's situation (residence, contact, household, groups,
disability percentage, Minimum Guaranteed Income). Who they are (AMKA, names, birth date)
does not change here."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter
from kk_contracts.codes import VulnerableGroup
from pydantic import BaseModel

from kk_intake.entrypoints.api.deps import CentreStaff, Intake
from kk_intake.entrypoints.api.schemas import SituationIn

router = APIRouter(prefix="/beneficiaries", tags=["beneficiaries"])


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
