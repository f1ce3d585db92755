"""A centre's working lists: its requests and its files awaiting a duplicate review (ids
and codes), and the names of its own files for its staff's worklist."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query
from kk_contracts.calendar import WorkingCalendar
from pydantic import BaseModel, ConfigDict, Field

from kk_intake.application import must_work_at
from kk_intake.application.finding import names_at
from kk_intake.entrypoints.api.deps import CentreStaff, Intake

router = APIRouter(prefix="/centres", tags=["centres"])


@router.get("/{centre_id}/requests", summary="The centre's requests (no names)")
def centre_requests(
    centre_id: str,
    intake: Intake,
    staff: CentreStaff,
    overdue: bool = False,
    due_within: Annotated[
        int | None,
        Query(
            ge=0,
            le=10,
            description="Only the unanswered requests, not yet overdue, due within this many "
            "working days of the centre's calendar (its local holidays included)",
        ),
    ] = None,
) -> list[dict[str, Any]]:
    must_work_at(staff, centre_id)
    rows = intake.request_index.of_centre(centre_id, overdue_only=overdue)
    if due_within is None:
        return rows
    calendar = WorkingCalendar(intake.app.centres.local_holidays(centre_id))
    last_day = calendar.add_working_days(intake.app.today(), due_within)
    return [r for r in rows if not r["answered"] and not r["overdue"] and r["due_on"] <= last_day]


class NamesOf(BaseModel):
    model_config = ConfigDict(extra="forbid")

    beneficiary_ids: list[UUID] = Field(max_length=500)


class Names(BaseModel):
    family_name: str
    given_name: str


@router.post(
    "/{centre_id}/names",
    summary="The names of the centre's own files among these ids, for its staff's worklist",
)
def names(centre_id: str, body: NamesOf, intake: Intake, staff: CentreStaff) -> dict[UUID, Names]:
    found = names_at(intake.app, staff=staff, centre_id=centre_id, ids=body.beneficiary_ids)
    return {i: Names(family_name=f, given_name=g) for i, (f, g) in found.items()}


@router.get(
    "/{centre_id}/duplicate-reviews",
    summary="The centre's files flagged as likely duplicates, awaiting review (no names)",
)
def duplicate_reviews(centre_id: str, intake: Intake, staff: CentreStaff) -> list[dict[str, Any]]:
    must_work_at(staff, centre_id)
    return intake.file_index.awaiting_review(centre_id)
