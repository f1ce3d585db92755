"""Events published by the referral service. Pseudonymous ids and coded facts only."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from kk_contracts.base import IntegrationEvent
from kk_contracts.codes import BodyCategory, CentreCode, ProgrammeCategory, Urgency
from kk_contracts.topics import Topic


class ReferralSent(IntegrationEvent):
    """A centre referred a beneficiary to a body (παραπομπή)."""

    event_type = "gr.kk.referral.ReferralSent"
    topic = Topic.REFERRALS
    subject_field = "referral_id"

    referral_id: UUID
    beneficiary_id: UUID
    centre_id: CentreCode
    body_id: UUID
    body_category: BodyCategory
    urgency: Urgency
    sent_on: date


class ProgramEnrolled(IntegrationEvent):
    """A beneficiary was enrolled in a programme."""

    event_type = "gr.kk.referral.ProgramEnrolled"
    topic = Topic.ENROLMENTS
    subject_field = "enrolment_id"

    enrolment_id: UUID
    beneficiary_id: UUID
    centre_id: CentreCode
    programme_id: UUID
    programme_category: ProgrammeCategory
    start_date: date
