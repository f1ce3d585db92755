"""Who read a file: for the head of the centre that keeps it."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel
from servicekit.auth import Role

from kk_intake.application import must_work_at
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
