"""Referrals (παραπομπές) to bodies and enrolments (εντάξεις) in programmes."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, status
from kk_contracts.codes import Urgency
from pydantic import BaseModel, ConfigDict, Field

from kk_referral.entrypoints.api.deps import CentreStaff, Referrals

router = APIRouter(tags=["referrals"])


class SendReferral(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    beneficiary_id: UUID
    body_id: UUID
    urgency: Urgency = Urgency.ROUTINE
    note: str = Field(default="", max_length=2000, description="For the receiving body only")


class ReferralOut(BaseModel):
    referral_id: UUID
    beneficiary_id: UUID
    centre_id: str
    body_id: UUID
    body_category: str
    urgency: Urgency
    sent_on: date


class Enrol(BaseModel):
    model_config = ConfigDict(extra="forbid")

    beneficiary_id: UUID
    programme_id: UUID
    start_date: date


class EnrolmentOut(BaseModel):
    enrolment_id: UUID
    beneficiary_id: UUID
    centre_id: str
    programme_id: UUID
    programme_category: str
    start_date: date


@router.post("/referrals", status_code=status.HTTP_201_CREATED, summary="Send a referral")
def send_referral(body: SendReferral, service: Referrals, staff: CentreStaff) -> ReferralOut:
    r = service.app.send_referral(
        beneficiary_id=body.beneficiary_id,
        body_id=body.body_id,
        urgency=body.urgency.value,
        note=body.note,
        staff=staff,
    )
    return ReferralOut(
        referral_id=r.id,
        beneficiary_id=r.beneficiary_id,
        centre_id=r.centre_id,
        body_id=r.body_id,
        body_category=r.body_category,
        urgency=Urgency(r.urgency),
        sent_on=r.sent_on,
    )


@router.post("/enrolments", status_code=status.HTTP_201_CREATED, summary="Enrol in a programme")
def enrol(body: Enrol, service: Referrals, staff: CentreStaff) -> EnrolmentOut:
    e = service.app.enrol(
        beneficiary_id=body.beneficiary_id,
        programme_id=body.programme_id,
        start_date=body.start_date,
        staff=staff,
    )
    return EnrolmentOut(
        enrolment_id=e.id,
        beneficiary_id=e.beneficiary_id,
        centre_id=e.centre_id,
        programme_id=e.programme_id,
        programme_category=e.programme_category,
        start_date=e.start_date,
    )
