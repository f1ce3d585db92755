"""Who read a file: for the head of the centre that keeps it."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from servicekit.auth import Role

from kk_intake.application import must_work_at
from kk_intake.application.glass import break_glass
from kk_intake.domain.exceptions import NotYourCentreError
from kk_intake.entrypoints.api.deps import CentreStaff, Intake

router = APIRouter(prefix="/beneficiaries", tags=["beneficiaries"])


class FileRead(BaseModel):
    read_at: datetime
    read_by: str
    read_by_name: str | None
    role: str
    centre_id: str | None
    reason: str
    allowed: bool


@router.get(
    "/{beneficiary_id}/reads",
    summary="Who opened the file, when and why, and refused attempts (the centre head)",
)
def file_reads(beneficiary_id: UUID, intake: Intake, head: CentreStaff) -> list[FileRead]:
    if head.role != Role.CENTRE_HEAD:
        raise NotYourCentreError("only the centre's head sees who read a file")
    centre_id = intake.app.centre_of(beneficiary_id)
    must_work_at(head, centre_id)
    return [FileRead(**row) for row in intake.app.audit.reads_of(beneficiary_id)]


class BreakGlass(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(min_length=10, max_length=300, description="Why, in a sentence or two")


class Access(BaseModel):
    beneficiary_id: UUID
    until: datetime = Field(description="When the access lapses")


@router.post(
    "/{beneficiary_id}/break-glass",
    summary="Staff of another centre open the file in an emergency: stated, brief, audited",
)
def break_the_glass(
    beneficiary_id: UUID, body: BreakGlass, intake: Intake, staff: CentreStaff
) -> Access:
    until = break_glass(intake.app, beneficiary_id=beneficiary_id, staff=staff, reason=body.reason)
    return Access(beneficiary_id=beneficiary_id, until=until)
