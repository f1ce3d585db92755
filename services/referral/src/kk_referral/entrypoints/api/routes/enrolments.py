"""Enrolments (εντάξεις) in programmes: decisions on the applications submitted with
intake's support, direct enrolments, renewals (re-certification) and exits."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal
from uuid import UUID

from fastapi import APIRouter, status
from kk_contracts.codes import ExitReason, RejectionReason
from pydantic import BaseModel, ConfigDict, Field

from kk_referral.application import EnrolmentDecision, must_work_at
from kk_referral.domain.enrolment import Enrolment
from kk_referral.domain.exceptions import ApplicationNotFoundError, InvalidEnrolmentError
from kk_referral.entrypoints.api.deps import CentreStaff, Referrals

router = APIRouter(tags=["enrolments"])


class EnrolmentOut(BaseModel):
    enrolment_id: UUID
    beneficiary_id: UUID
    centre_id: str
    programme_id: UUID
    programme_category: str
    status: Literal["enrolled", "rejected", "exited"]
    start_date: date | None
    renew_by: date | None
    rejection_reason: RejectionReason | None
    exited_on: date | None
    request_id: UUID | None = Field(description="The application it decides, if any")


def _out(e: Enrolment) -> EnrolmentOut:
    return EnrolmentOut(
        enrolment_id=e.id,
        beneficiary_id=e.beneficiary_id,
        centre_id=e.centre_id,
        programme_id=e.programme_id,
        programme_category=e.programme_category,
        status=e.status,
        start_date=e.start_date,
        renew_by=e.renew_by,
        rejection_reason=RejectionReason(e.rejection) if e.rejection else None,
        exited_on=e.exited_on,
        request_id=e.request_id,
    )


class Enrol(BaseModel):
    model_config = ConfigDict(extra="forbid")

    beneficiary_id: UUID
    programme_id: UUID
    start_date: date
    renew_by: date | None = Field(default=None, description="Renewal / re-certification date")


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Literal["enrolled", "rejected"]
    start_date: date | None = Field(default=None, description="For 'enrolled'; default today")
    renew_by: date | None = None
    reason: RejectionReason | None = Field(default=None, description="Required for 'rejected'")


class Renewal(BaseModel):
    model_config = ConfigDict(extra="forbid")

    renew_by: date


class Exit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: ExitReason
    exited_on: date | None = Field(default=None, description="Default today")


@router.post(
    "/enrolments",
    status_code=status.HTTP_201_CREATED,
    summary="Enrol in a programme (never twice at the same time)",
)
def enrol(body: Enrol, service: Referrals, staff: CentreStaff) -> EnrolmentOut:
    decision = EnrolmentDecision(
        beneficiary_id=body.beneficiary_id,
        programme_id=body.programme_id,
        start_date=body.start_date,
        renew_by=body.renew_by,
    )
    return _out(service.app.enrol(decision, staff=staff))


@router.get(
    "/beneficiaries/{beneficiary_id}/enrolments",
    summary="A file's enrolments at your centre: programme, status and dates (codes only)",
)
def file_enrolments(
    beneficiary_id: UUID, service: Referrals, staff: CentreStaff
) -> list[dict[str, Any]]:
    assert staff.centre_id is not None  # centre staff always have one
    rows = service.enrolments.of_file(beneficiary_id, staff.centre_id)
    decided = [r["enrolment_id"] for r in rows if r["status"] != "rejected"]
    for enrolment_id, renew_by in service.app.renewal_dates(decided).items():
        next(r for r in rows if r["enrolment_id"] == enrolment_id)["renew_by"] = renew_by
    return rows


@router.get(
    "/centres/{centre_id}/applications",
    summary="Applications submitted with the centre's support, and their decisions",
)
def centre_applications(
    centre_id: str, service: Referrals, staff: CentreStaff, pending: bool = True
) -> list[dict[str, Any]]:
    must_work_at(staff, centre_id)
    return service.applications.of_centre(centre_id, pending_only=pending)


@router.get("/applications/{request_id}", summary="An application and its decision, if any")
def application(request_id: UUID, service: Referrals, staff: CentreStaff) -> dict[str, Any]:
    found = service.applications.get(request_id)
    if found is None:
        raise ApplicationNotFoundError(
            f"no application {request_id} has reached the referral service (yet)"
        )
    must_work_at(staff, found["centre_id"])
    decided = service.app.decision_on(request_id)  # read your own decision at once
    if decided is not None:
        found = found | {"decision": decided.status, "enrolment_id": decided.id}
    return found


@router.post(
    "/applications/{request_id}/decision",
    status_code=status.HTTP_201_CREATED,
    summary="Decide an application: enrolled, or rejected with a coded reason",
)
def decide(
    request_id: UUID, body: Decision, service: Referrals, staff: CentreStaff
) -> EnrolmentOut:
    application = service.applications.get(request_id)
    if application is None:
        raise ApplicationNotFoundError(
            f"no application {request_id} has reached the referral service (yet)"
        )
    decision = EnrolmentDecision(
        beneficiary_id=application["beneficiary_id"],
        programme_id=application["programme_id"],
        start_date=body.start_date,
        renew_by=body.renew_by,
        request_id=request_id,
    )
    if body.decision == "enrolled":
        return _out(service.app.enrol(decision, staff=staff))
    if body.reason is None:
        raise InvalidEnrolmentError("a rejection names its reason", field="reason")
    return _out(service.app.reject(decision, reason=body.reason.value, staff=staff))


@router.post("/enrolments/{enrolment_id}/renewal", summary="Renew (re-certify) an enrolment")
def renew(
    enrolment_id: UUID, body: Renewal, service: Referrals, staff: CentreStaff
) -> EnrolmentOut:
    return _out(service.app.renew(enrolment_id, renew_by=body.renew_by, staff=staff))


@router.post("/enrolments/{enrolment_id}/exit", summary="The person leaves the programme")
def exit_programme(
    enrolment_id: UUID, body: Exit, service: Referrals, staff: CentreStaff
) -> EnrolmentOut:
    return _out(
        service.app.exit(enrolment_id, reason=body.reason.value, on=body.exited_on, staff=staff)
    )
