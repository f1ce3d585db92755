"""Referrals (παραπομπές) to bodies, as the centre sees them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response, status
from kk_contracts.codes import (
    BodyCategory,
    EmploymentReferralType,
    ReferralStatus,
    RequestCategory,
    Urgency,
)
from pydantic import BaseModel, ConfigDict, Field
from servicekit.auth import Role
from servicekit.idempotency import keyed_id

from kk_referral.application import ReferralDetails, must_work_at
from kk_referral.domain.exceptions import NotYourCentreError, NotYourMunicipalityError
from kk_referral.domain.referral import Referral
from kk_referral.entrypoints.api.deps import CentreStaff, Referrals, Supervisor

router = APIRouter(tags=["referrals"])


class SendReferral(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    beneficiary_id: UUID
    body_id: UUID
    service: RequestCategory = Field(description="What the person is referred for")
    urgency: Urgency = Urgency.ROUTINE
    employment_type: EmploymentReferralType | None = Field(
        default=None, description="Required for referrals to the employment service (ΔΥΠΑ)"
    )
    note: str = Field(default="", max_length=2000, description="For the receiving body only")


class Withdrawal(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(min_length=3, max_length=500)


class ReferralOut(BaseModel):
    referral_id: UUID
    beneficiary_id: UUID
    centre_id: str
    body_id: UUID
    body_category: BodyCategory
    service: RequestCategory | None
    employment_type: EmploymentReferralType | None
    urgency: Urgency
    status: ReferralStatus
    sent_on: date
    respond_by: date | None = Field(description="The body answers by then, or it expires")
    complete_by: date | None
    overdue: bool
    refusal_reason: str | None
    outcome: str | None
    body_link: str = Field(description="The body's answers as an API, by this link: no account")
    body_page: str = Field(
        description="What the centre sends the body: the same link as a page to answer on"
    )


def referral_out(r: Referral, link: str, request: Request) -> ReferralOut:
    page = request.app.state.service.settings.body_page_url.rstrip("/")
    return ReferralOut(
        referral_id=r.id,
        beneficiary_id=r.beneficiary_id,
        centre_id=r.centre_id,
        body_id=r.body_id,
        body_category=BodyCategory(r.body_category),
        service=RequestCategory(r.service) if r.service else None,
        employment_type=EmploymentReferralType(r.employment_type) if r.employment_type else None,
        urgency=Urgency(r.urgency),
        status=ReferralStatus(r.status),
        sent_on=r.sent_on,
        respond_by=r.respond_by,
        complete_by=r.complete_by,
        overdue=r.overdue,
        refusal_reason=r.refusal[0] if r.refusal else None,
        outcome=r.outcome[0] if r.outcome else None,
        body_link=str(request.url_for("open_link", token=link)),
        body_page=f"{page}/{link}",
    )


class ReferralWithText(ReferralOut):
    note: str
    refusal_detail: str | None
    feedback: str | None


@router.post("/referrals", status_code=status.HTTP_201_CREATED, summary="Send a referral")
def send_referral(
    body: SendReferral,
    service: Referrals,
    staff: CentreStaff,
    request: Request,
    response: Response,
) -> ReferralOut:
    named = keyed_id(request)
    if named is not None and (sent := service.app.sent(named, staff)) is not None:
        # a retry of a referral whose first answer was lost: that referral, not a second one
        response.headers["Idempotent-Replayed"] = "true"
        return referral_out(sent, service.app.link_for(sent), request)
    details = ReferralDetails(
        beneficiary_id=body.beneficiary_id,
        body_id=body.body_id,
        service=body.service.value,
        urgency=body.urgency.value,
        note=body.note,
        employment_type=body.employment_type.value if body.employment_type else None,
    )
    r = service.app.send_referral(details, staff=staff, referral_id=named)
    return referral_out(r, service.app.link_for(r), request)


@router.get(
    "/referrals/{referral_id}", summary="A referral, with the body's answer (the read is audited)"
)
def read_referral(
    referral_id: UUID,
    service: Referrals,
    staff: CentreStaff,
    request: Request,
    reason: str = Query(min_length=3, max_length=200, description="Why it is opened"),
) -> ReferralWithText:
    r = service.app.read_referral(referral_id, staff=staff, reason=reason)
    return ReferralWithText(
        **referral_out(r, service.app.link_for(r), request).model_dump(),
        note=r.note,
        refusal_detail=r.refusal[1] if r.refusal else None,
        feedback=r.outcome[1] if r.outcome else None,
    )


@router.post("/referrals/{referral_id}/withdrawal", summary="Withdraw a referral")
def withdraw(
    referral_id: UUID, body: Withdrawal, service: Referrals, staff: CentreStaff, request: Request
) -> ReferralOut:
    r = service.app.withdraw(referral_id, reason=body.reason, staff=staff)
    return referral_out(r, service.app.link_for(r), request)


@router.get(
    "/beneficiaries/{beneficiary_id}/referrals",
    summary="A file's referrals from your centre (codes and dates, no notes)",
)
def file_referrals(
    beneficiary_id: UUID, service: Referrals, staff: CentreStaff
) -> list[dict[str, Any]]:
    assert staff.centre_id is not None  # centre staff always have one
    return service.index.of_file(beneficiary_id, staff.centre_id)


@router.get(
    "/beneficiaries/{beneficiary_id}/referral-reads",
    summary="Who read the person's referrals, when and why (the centre head)",
)
def referral_reads(
    beneficiary_id: UUID, service: Referrals, head: CentreStaff
) -> list[dict[str, Any]]:
    if head.role != Role.CENTRE_HEAD:
        raise NotYourCentreError("only the centre's head sees who read a file's referrals")
    known = service.app.replicas.beneficiary(beneficiary_id)
    if known is None:  # not heard of yet here: it has no referral to have been read
        return []
    must_work_at(head, known.centre_id)
    return service.app.audit.reads_of(beneficiary_id)


@router.get("/centres/{centre_id}/referrals", summary="The centre's referrals (no names)")
def centre_referrals(
    centre_id: str,
    service: Referrals,
    staff: CentreStaff,
    status: Annotated[
        list[ReferralStatus] | None,
        Query(description="Only referrals in these statuses (repeat it for several)"),
    ] = None,
) -> list[dict[str, Any]]:
    must_work_at(staff, centre_id)
    return service.index.of_centre(centre_id, statuses=[s.value for s in status or []] or None)


@router.get(
    "/municipalities/{municipality_code}/referrals",
    summary="The referrals of a municipality's centres, for its supervisor (no names)",
)
def municipality_referrals(
    municipality_code: str, service: Referrals, supervisor: Supervisor
) -> list[dict[str, Any]]:
    if supervisor.municipality != municipality_code:
        raise NotYourMunicipalityError(
            f"your token is for municipality {supervisor.municipality}, not {municipality_code}"
        )
    return service.index.of_municipality(municipality_code)
