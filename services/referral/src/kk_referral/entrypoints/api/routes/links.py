"""The receiving body's side of a referral, through its signed link: no account, no token.

The link shows what the referral shares (the service asked for, urgency, the centre's note,
the deadline) and nothing else about the person; every use is audited. An expired link, or
one whose referral moved on to another body, answers 410.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter
from kk_contracts.codes import (
    EmploymentReferralType,
    ReferralStatus,
    RefusalReason,
    RequestCategory,
    ServiceOutcome,
    Urgency,
)
from pydantic import BaseModel, ConfigDict, Field

from kk_referral.domain.referral import Referral
from kk_referral.domain.rules import ALLOWED, BODY_STEPS
from kk_referral.entrypoints.api.deps import Referrals

router = APIRouter(prefix="/links/{token}", tags=["receiving bodies"])


class SharedReferral(BaseModel):
    """What the body sees: the referral, not the person's file."""

    referral_id: UUID
    centre_id: str
    service: RequestCategory | None
    employment_type: EmploymentReferralType | None
    urgency: Urgency
    note: str | None = Field(description="The centre's note; withheld once the referral closed")
    sent_on: date
    respond_by: date | None
    complete_by: date | None
    status: ReferralStatus
    next_steps: list[str] = Field(description="What the body may do now")


def _shared(r: Referral) -> SharedReferral:
    return SharedReferral(
        referral_id=r.id,
        centre_id=r.centre_id,
        service=RequestCategory(r.service) if r.service else None,
        employment_type=EmploymentReferralType(r.employment_type) if r.employment_type else None,
        urgency=Urgency(r.urgency),
        note=r.note if r.is_open else None,
        sent_on=r.sent_on,
        respond_by=r.respond_by,
        complete_by=r.complete_by,
        status=ReferralStatus(r.status),
        next_steps=sorted(ALLOWED[r.status] & BODY_STEPS),
    )


class Refusal(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: RefusalReason
    detail: str = Field(default="", max_length=1000, description="Required for reason 'other'")


class Redirect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    body_id: UUID = Field(description="The body that should answer instead (from the registry)")


class Completion(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    outcome: ServiceOutcome
    feedback: str = Field(default="", max_length=2000, description="For the referring centre")


@router.get("", name="open_link", summary="The referral, as shared with the body")
def open_link(token: str, service: Referrals) -> SharedReferral:
    return _shared(service.app.open_link(token))


@router.post("/acceptance", summary="Accept the referral")
def accept(token: str, service: Referrals) -> SharedReferral:
    return _shared(service.app.body_acts(token, "accepted", service.app.accept))


@router.post("/refusal", summary="Refuse the referral, with a coded reason")
def refuse(token: str, body: Refusal, service: Referrals) -> SharedReferral:
    today = service.app.today()
    return _shared(
        service.app.body_acts(
            token,
            "refused",
            lambda r: r.refuse(reason=body.reason.value, detail=body.detail, on=today),
        )
    )


@router.post("/redirection", summary="Send the referral on to another body")
def redirect(token: str, body: Redirect, service: Referrals) -> SharedReferral:
    return _shared(
        service.app.body_acts(token, "redirected", lambda r: service.app.redirect(r, body.body_id))
    )


@router.post("/service", summary="Record that the service has started")
def start(token: str, service: Referrals) -> SharedReferral:
    today = service.app.today()
    return _shared(service.app.body_acts(token, "in_service", lambda r: r.start_service(on=today)))


@router.post("/completion", summary="Close the loop: the outcome and feedback to the centre")
def complete(token: str, body: Completion, service: Referrals) -> SharedReferral:
    today = service.app.today()
    return _shared(
        service.app.body_acts(
            token,
            "completed",
            lambda r: r.complete(outcome=body.outcome.value, feedback=body.feedback, on=today),
        )
    )
