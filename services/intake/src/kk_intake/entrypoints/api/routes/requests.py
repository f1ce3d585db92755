"""Requests (αιτήματα) and the 10-working-day right to information."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Query, Response, status
from fastapi import Request as HttpRequest
from kk_contracts.codes import Axis, Channel, RequestCategory, RequestStatus
from pydantic import BaseModel, ConfigDict, Field
from servicekit.idempotency import keyed_id

from kk_intake.application import RequestDetails
from kk_intake.domain.request import Request
from kk_intake.entrypoints.api.deps import CentreStaff, Intake

router = APIRouter(tags=["requests"])


class LogRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    axis: Axis
    category: RequestCategory
    channel: Channel
    notes: str = Field(default="", max_length=4000, description="Stays in the individual file")
    programme_id: UUID | None = Field(
        default=None, description="Required for programme information and application support"
    )
    logged_on: date | None = Field(default=None, description="When received; default today")


class ChangeStatus(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    status: RequestStatus
    reason: str = Field(default="", max_length=1000)


class Informed(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channel: Channel
    informed_on: date | None = Field(default=None, description="Default today")


class RequestOut(BaseModel):
    request_id: UUID
    beneficiary_id: UUID
    centre_id: str
    axis: Axis
    category: RequestCategory
    channel: Channel
    programme_id: UUID | None
    logged_on: date
    due_on: date = Field(description="10 working days after logged_on")
    status: RequestStatus
    informed_on: date | None
    overdue: bool
    checklist: dict[str, bool] = Field(
        description="Supporting documents (δικαιολογητικά) of the programme: collected or not"
    )
    application_submitted_on: date | None


class CheckDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    document: str = Field(min_length=1, max_length=300, description="As on the checklist")
    collected: bool = True


class RequestWithNotes(RequestOut):
    notes: str


def _out(r: Request) -> RequestOut:
    return RequestOut(
        request_id=r.id,
        beneficiary_id=r.beneficiary_id,
        centre_id=r.centre_id,
        axis=Axis(r.axis),
        category=RequestCategory(r.category),
        channel=Channel(r.channel),
        programme_id=r.programme_id,
        logged_on=r.logged_on,
        due_on=r.due_on,
        status=RequestStatus(r.status),
        informed_on=r.informed_on,
        overdue=r.overdue,
        checklist=r.checklist,
        application_submitted_on=r.submitted_on,
    )


@router.post(
    "/beneficiaries/{beneficiary_id}/requests",
    status_code=status.HTTP_201_CREATED,
    summary="Log a request; its due date is 10 working days ahead",
)
def log_request(
    beneficiary_id: UUID,
    body: LogRequest,
    intake: Intake,
    staff: CentreStaff,
    http: HttpRequest,
    response: Response,
) -> RequestOut:
    named = keyed_id(http)
    if named is not None and (logged := intake.app.logged(named, staff)) is not None:
        # a retry of a call whose first answer was lost: that request, not a second one
        response.headers["Idempotent-Replayed"] = "true"
        return _out(logged)
    details = RequestDetails(
        axis=body.axis.value,
        category=body.category.value,
        channel=body.channel.value,
        notes=body.notes,
        programme_id=body.programme_id,
        logged_on=body.logged_on,
    )
    return _out(
        intake.app.log_request(
            beneficiary_id=beneficiary_id, details=details, staff=staff, request_id=named
        )
    )


@router.get(
    "/beneficiaries/{beneficiary_id}/requests",
    summary="The file's requests at your centre (codes and dates, no notes)",
)
def file_requests(beneficiary_id: UUID, intake: Intake, staff: CentreStaff) -> list[dict[str, Any]]:
    assert staff.centre_id is not None  # centre staff always have one
    return intake.request_index.of_file(beneficiary_id, staff.centre_id)


@router.post("/requests/{request_id}/status", summary="Move a request on")
def change_status(
    request_id: UUID, body: ChangeStatus, intake: Intake, staff: CentreStaff
) -> RequestOut:
    request = intake.app.change_request_status(
        request_id=request_id, status=body.status.value, reason=body.reason, staff=staff
    )
    return _out(request)


@router.post("/requests/{request_id}/informed", summary="Record that the beneficiary was informed")
def informed(request_id: UUID, body: Informed, intake: Intake, staff: CentreStaff) -> RequestOut:
    request = intake.app.record_informed(
        request_id=request_id, channel=body.channel.value, informed_on=body.informed_on, staff=staff
    )
    return _out(request)


@router.post("/requests/{request_id}/documents", summary="Tick a supporting document")
def check_document(
    request_id: UUID, body: CheckDocument, intake: Intake, staff: CentreStaff
) -> RequestOut:
    request = intake.app.check_document(
        request_id=request_id, document=body.document, collected=body.collected, staff=staff
    )
    return _out(request)


@router.post(
    "/requests/{request_id}/application",
    summary="Submit the application (every document collected)",
)
def submit_application(request_id: UUID, intake: Intake, staff: CentreStaff) -> RequestOut:
    return _out(intake.app.submit_application(request_id=request_id, staff=staff))


@router.get("/requests/{request_id}", summary="A request with its notes (the read is audited)")
def read_request(
    request_id: UUID,
    intake: Intake,
    staff: CentreStaff,
    reason: str = Query(min_length=3, max_length=200, description="Why it is opened"),
) -> RequestWithNotes:
    request = intake.app.read_request(request_id=request_id, staff=staff, reason=reason)
    return RequestWithNotes(**_out(request).model_dump(), notes=request.notes)
