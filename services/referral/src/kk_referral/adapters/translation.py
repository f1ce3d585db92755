"""Referral domain events -> published contract events (the only place that knows both).
The referral's note, a refusal's detail, a body's feedback and a withdrawal's reason are
free text and never leave the service."""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from kk_contracts import IntegrationEvent
from kk_contracts.codes import (
    BodyCategory,
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
from kk_contracts.events.referral import (
    ProgramEnrolled,
    ProgramExited,
    ProgramRejected,
    ProgramRenewed,
    ReferralAccepted,
    ReferralCompleted,
    ReferralExpired,
    ReferralOverdue,
    ReferralReceived,
    ReferralRedirected,
    ReferralRefused,
    ReferralSent,
    ReferralServiceStarted,
    ReferralWithdrawn,
)

from kk_referral.domain.enrolment import Enrolment
from kk_referral.domain.referral import Referral


@singledispatch
def translate(domain_event: object) -> IntegrationEvent | None:
    return None


def _facts(e: Referral.Sent | Referral.Step) -> dict[str, Any]:
    """What every referral event says: which referral, whose, which centre, which body."""
    return {
        "referral_id": e.originator_id,
        "beneficiary_id": e.beneficiary_id,
        "centre_id": e.centre_id,
        "body_id": e.body_id,
        "body_category": BodyCategory(e.body_category),
    }


@translate.register
def _(e: Referral.Sent) -> IntegrationEvent:
    return ReferralSent(
        **_facts(e),
        urgency=Urgency(e.urgency),
        sent_on=e.sent_on,
        service=RequestCategory(e.service) if e.service else None,
        employment_type=EmploymentReferralType(e.employment_type) if e.employment_type else None,
        respond_by=e.respond_by,
    )


@translate.register
def _(e: Referral.Received) -> IntegrationEvent:
    return ReferralReceived(**_facts(e), received_on=e.received_on)


@translate.register
def _(e: Referral.Accepted) -> IntegrationEvent:
    return ReferralAccepted(**_facts(e), accepted_on=e.accepted_on, complete_by=e.complete_by)


@translate.register
def _(e: Referral.Refused) -> IntegrationEvent:
    return ReferralRefused(**_facts(e), reason=RefusalReason(e.reason), refused_on=e.refused_on)


@translate.register
def _(e: Referral.Redirected) -> IntegrationEvent:
    return ReferralRedirected(
        **_facts(e),
        to_body_id=e.to_body_id,
        to_body_category=BodyCategory(e.to_body_category),
        redirected_on=e.redirected_on,
        respond_by=e.respond_by,
    )


@translate.register
def _(e: Referral.ServiceStarted) -> IntegrationEvent:
    return ReferralServiceStarted(**_facts(e), started_on=e.started_on)


@translate.register
def _(e: Referral.Completed) -> IntegrationEvent:
    return ReferralCompleted(
        **_facts(e), outcome=ServiceOutcome(e.outcome), completed_on=e.completed_on
    )


@translate.register
def _(e: Referral.Expired) -> IntegrationEvent:
    return ReferralExpired(**_facts(e), respond_by=e.respond_by, expired_on=e.expired_on)


@translate.register
def _(e: Referral.Withdrawn) -> IntegrationEvent:
    return ReferralWithdrawn(**_facts(e), withdrawn_on=e.withdrawn_on)


@translate.register
def _(e: Referral.FlaggedOverdue) -> IntegrationEvent:
    return ReferralOverdue(
        **_facts(e),
        status=ReferralStatus(e.status),
        complete_by=e.complete_by,
        flagged_on=e.flagged_on,
    )


def _enrolment(
    e: Enrolment.Enrolled | Enrolment.Rejected | Enrolment.Change, **facts: Any
) -> dict[str, Any]:
    return {
        "enrolment_id": e.originator_id,
        "beneficiary_id": e.beneficiary_id,
        "centre_id": e.centre_id,
        "programme_id": e.programme_id,
        "programme_category": ProgrammeCategory(e.programme_category),
        **facts,
    }


@translate.register
def _(e: Enrolment.Enrolled) -> IntegrationEvent:
    return ProgramEnrolled(**_enrolment(e, start_date=e.start_date))


@translate.register
def _(e: Enrolment.Rejected) -> IntegrationEvent:
    return ProgramRejected(
        **_enrolment(e, reason=RejectionReason(e.reason), decided_on=e.decided_on)
    )


@translate.register
def _(e: Enrolment.Renewed) -> IntegrationEvent:
    return ProgramRenewed(**_enrolment(e, renewed_on=e.renewed_on, renew_by=e.renew_by))


@translate.register
def _(e: Enrolment.Exited) -> IntegrationEvent:
    return ProgramExited(**_enrolment(e, reason=ExitReason(e.reason), exited_on=e.exited_on))
