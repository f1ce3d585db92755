"""Events published by the intake service. Pseudonymous ids and coded facts only."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from kk_contracts.base import IntegrationEvent
from kk_contracts.codes import (
    AgeBand,
    Axis,
    BodyCategory,
    CentreCode,
    Channel,
    ConsentPurpose,
    DuplicateReviewOutcome,
    LegalBasis,
    MunicipalityCode,
    RequestCategory,
    RequestStatus,
    Sex,
    VulnerableGroup,
)
from kk_contracts.topics import Topic


class BeneficiaryRegistered(IntegrationEvent):
    """A person now has an individual file (ατομικός φάκελος) at a centre."""

    event_type = "gr.kk.intake.BeneficiaryRegistered"
    topic = Topic.BENEFICIARIES
    subject_field = "beneficiary_id"

    beneficiary_id: UUID = Field(description="Pseudonymous id; reveals nothing about the person")
    centre_id: CentreCode
    municipality_code: MunicipalityCode = Field(description="Municipality of residence")
    registered_on: date
    age_band: AgeBand
    sex: Sex
    vulnerable_groups: tuple[VulnerableGroup, ...] = ()
    mgi_recipient: bool = Field(description="Receives the Minimum Guaranteed Income (ΕΕΕ)")


class BeneficiaryTransferred(IntegrationEvent):
    """A person registered at a second centre: their one file now belongs to that centre
    (no duplicate is made). Both centres see it."""

    event_type = "gr.kk.intake.BeneficiaryTransferred"
    topic = Topic.BENEFICIARIES
    subject_field = "beneficiary_id"

    beneficiary_id: UUID
    from_centre: CentreCode
    to_centre: CentreCode
    transferred_on: date


class BeneficiarySituationChanged(IntegrationEvent):
    """A file's situation was edited (or told afresh at a transfer): the coded facts as they
    are now. Contact, household and any other detail stay in intake."""

    event_type = "gr.kk.intake.BeneficiarySituationChanged"
    topic = Topic.BENEFICIARIES
    subject_field = "beneficiary_id"

    beneficiary_id: UUID
    municipality_code: MunicipalityCode = Field(description="Municipality of residence")
    vulnerable_groups: tuple[VulnerableGroup, ...] = ()
    mgi_recipient: bool
    changed_on: date


class BeneficiaryErased(IntegrationEvent):
    """The person's data were erased (GDPR Art. 17): nothing identifies them any more.
    Counts already published stay; services forget whatever they held about the person."""

    event_type = "gr.kk.intake.BeneficiaryErased"
    topic = Topic.BENEFICIARIES
    subject_field = "beneficiary_id"

    beneficiary_id: UUID
    centre_id: CentreCode
    erased_on: date


class LikelyDuplicateFlagged(IntegrationEvent):
    """A new file shares names and birth date with another file under a different AMKA:
    the centre reviews whether it is the same person. Which files match stays inside."""

    event_type = "gr.kk.intake.LikelyDuplicateFlagged"
    topic = Topic.BENEFICIARIES
    subject_field = "beneficiary_id"

    beneficiary_id: UUID
    centre_id: CentreCode
    flagged_on: date


class DuplicateReviewed(IntegrationEvent):
    """The centre reviewed a likely duplicate: two people, or the same person filed twice."""

    event_type = "gr.kk.intake.DuplicateReviewed"
    topic = Topic.BENEFICIARIES
    subject_field = "beneficiary_id"

    beneficiary_id: UUID
    centre_id: CentreCode
    outcome: DuplicateReviewOutcome
    reviewed_on: date


class _Consent(IntegrationEvent):
    event_type = "gr.kk.intake.ConsentRecorded"
    topic = Topic.BENEFICIARIES
    subject_field = "beneficiary_id"

    beneficiary_id: UUID
    centre_id: CentreCode
    legal_basis: LegalBasis
    purposes: tuple[ConsentPurpose, ...] = Field(min_length=1)
    recorded_on: date


class ConsentRecordedV1(_Consent):
    """Version 1, before sharing could be limited to some kinds of body."""

    schema_version = 1

    def upgrade(self) -> IntegrationEvent:
        return ConsentRecorded(**self.model_dump(), sharing_with=None)


class ConsentRecorded(_Consent):
    """The person agreed to these uses of their file, on this legal basis."""

    schema_version = 2

    sharing_with: tuple[BodyCategory, ...] | None = Field(
        description="The kinds of body referrals may share with; null: any kind"
    )


class ConsentWithdrawn(IntegrationEvent):
    """The person withdrew consent for these purposes; every service honours it from now."""

    event_type = "gr.kk.intake.ConsentWithdrawn"
    topic = Topic.BENEFICIARIES
    subject_field = "beneficiary_id"

    beneficiary_id: UUID
    centre_id: CentreCode
    purposes: tuple[ConsentPurpose, ...] = Field(min_length=1)
    withdrawn_on: date


class _RequestEvent(IntegrationEvent):
    topic = Topic.REQUESTS
    subject_field = "request_id"

    request_id: UUID
    beneficiary_id: UUID
    centre_id: CentreCode


class RequestLogged(_RequestEvent):
    """A request (αίτημα) was recorded; the beneficiary must hear of its progress by
    ``due_on``, 10 working days later."""

    event_type = "gr.kk.intake.RequestLogged"

    axis: Axis
    category: RequestCategory
    channel: Channel
    logged_on: date
    due_on: date
    programme_id: UUID | None = None


class RequestStatusChanged(_RequestEvent):
    event_type = "gr.kk.intake.RequestStatusChanged"

    status: RequestStatus
    changed_on: date


class BeneficiaryInformed(_RequestEvent):
    """The beneficiary was told how the request stands: the right to information is met."""

    event_type = "gr.kk.intake.BeneficiaryInformed"

    informed_on: date
    channel: Channel
    within_deadline: bool


class RequestOverdue(_RequestEvent):
    """The due date passed with no answer to the beneficiary."""

    event_type = "gr.kk.intake.RequestOverdue"

    due_on: date
    detected_on: date


class ApplicationSubmitted(_RequestEvent):
    """The centre submitted the person's application to a programme, every supporting
    document (δικαιολογητικό) collected; the referral service takes it up for enrolment."""

    event_type = "gr.kk.intake.ApplicationSubmitted"

    programme_id: UUID
    submitted_on: date
    documents: int = Field(ge=0, description="How many supporting documents were collected")
