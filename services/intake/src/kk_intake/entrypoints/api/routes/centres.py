"""A centre's working lists: its requests and its files awaiting a duplicate review. Ids
and codes only; names are in the individual files, whose reads are audited."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from kk_intake.application import must_work_at
from kk_intake.entrypoints.api.deps import CentreStaff, Intake

router = APIRouter(prefix="/centres", tags=["centres"])


@router.get("/{centre_id}/requests", summary="The centre's requests (no names)")
def centre_requests(
    centre_id: str, intake: Intake, staff: CentreStaff, overdue: bool = False
) -> list[dict[str, Any]]:
    must_work_at(staff, centre_id)
    return intake.request_index.of_centre(centre_id, overdue_only=overdue)


@router.get(
    "/{centre_id}/duplicate-reviews",
    summary="The centre's files flagged as likely duplicates, awaiting review (no names)",
)
def duplicate_reviews(centre_id: str, intake: Intake, staff: CentreStaff) -> list[dict[str, Any]]:
    must_work_at(staff, centre_id)
    return intake.file_index.awaiting_review(centre_id)
