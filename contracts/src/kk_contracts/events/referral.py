"""Events published by the referral service. Pseudonymous ids and coded facts only: the
referral's note, a refusal's explanation and a body's feedback stay in the service."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from kk_contracts.base import IntegrationEvent
from kk_contracts.codes import (
    BodyCategory,
    CentreCode,
    EmploymentReferralType,
    ExitReason,
    ProgrammeCategory,
    ReferralStatus,
    RefusalReason,
    RejectionReason,
    RequestCategory,
    ServiceOutcome,
    Urgency,
)
from kk_contracts.topics import Topic


class _Referral(IntegrationEvent):
    topic = Topic.REFERRALS
    subject_field = "referral_id"

    referral_id: UUID
    beneficiary_id: UUID
    centre_id: CentreCode = Field(description="The centre that sent the referral")
    body_id: UUID
    body_category: BodyCategory


class ReferralSentV1(_Referral):
    """Version 1, before the service asked for and the deadline to answer."""

    event_type = "gr.kk.referral.ReferralSent"
    schema_version = 1

    urgency: Urgency
    sent_on: date

    def upgrade(self) -> IntegrationEvent:
        return ReferralSent(
            **self.model_dump(), service=None, employment_type=None, respond_by=None
        )


class ReferralSent(_Referral):
    """A centre referred a beneficiary to a body (παραπομπή)."""

    event_type = "gr.kk.referral.ReferralSent"
    schema_version = 2

    urgency: Urgency
    sent_on: date
    service: RequestCategory | None = Field(description="What the person is referred for")
    employment_type: EmploymentReferralType | None = Field(
        default=None, description="For referrals to the employment service (ΔΥΠΑ)"
    )
    respond_by: date | None = Field(description="The body answers by then, or it expires")


class ReferralReceived(_Referral):
    """The body opened the referral."""

    event_type = "gr.kk.referral.ReferralReceived"
    received_on: date


class ReferralAccepted(_Referral):
    event_type = "gr.kk.referral.ReferralAccepted"
    accepted_on: date
    complete_by: date


class ReferralRefused(_Referral):
    event_type = "gr.kk.referral.ReferralRefused"
    reason: RefusalReason
    refused_on: date


class ReferralRedirected(_Referral):
    """The body sent the referral on to another body, which now has to answer it."""

    event_type = "gr.kk.referral.ReferralRedirected"
    to_body_id: UUID
    to_body_category: BodyCategory
    redirected_on: date
    respond_by: date


class ReferralServiceStarted(_Referral):
    event_type = "gr.kk.referral.ReferralServiceStarted"
    started_on: date


class ReferralCompleted(_Referral):
    """The body closed the loop: what the person received."""

    event_type = "gr.kk.referral.ReferralCompleted"
    outcome: ServiceOutcome
    completed_on: date


class ReferralExpired(_Referral):
    """No answer from the body by the deadline of its category."""

    event_type = "gr.kk.referral.ReferralExpired"
    respond_by: date
    expired_on: date


class ReferralWithdrawn(_Referral):
    event_type = "gr.kk.referral.ReferralWithdrawn"
    withdrawn_on: date


class ReferralOverdue(_Referral):
    """An accepted referral whose service is not completed by its deadline."""

    event_type = "gr.kk.referral.ReferralOverdue"
    status: ReferralStatus
    complete_by: date
    flagged_on: date


class _Enrolment(IntegrationEvent):
    topic = Topic.ENROLMENTS
    subject_field = "enrolment_id"

    enrolment_id: UUID
    beneficiary_id: UUID
    centre_id: CentreCode
    programme_id: UUID
    programme_category: ProgrammeCategory


class ProgramEnrolled(_Enrolment):
    """A beneficiary was enrolled in a programme."""

    event_type = "gr.kk.referral.ProgramEnrolled"

    start_date: date


class ProgramRejected(_Enrolment):
    """An application to a programme was not accepted."""

    event_type = "gr.kk.referral.ProgramRejected"

    reason: RejectionReason
    decided_on: date


class ProgramRenewed(_Enrolment):
    """The enrolment was renewed (re-certified) until a new date."""

    event_type = "gr.kk.referral.ProgramRenewed"

    renewed_on: date
    renew_by: date


class ProgramExited(_Enrolment):
    """The person left the programme."""

    event_type = "gr.kk.referral.ProgramExited"

    reason: ExitReason
    exited_on: date
