"""Referral domain events -> published contract events (the only place that knows both).
The referral's note is free text and never leaves the service."""

from __future__ import annotations

from functools import singledispatch

from kk_contracts import IntegrationEvent
from kk_contracts.codes import BodyCategory, ProgrammeCategory, Urgency
from kk_contracts.events.referral import ProgramEnrolled, ReferralSent

from kk_referral.domain.referral import Enrolment, Referral


@singledispatch
def translate(domain_event: object) -> IntegrationEvent | None:
    return None


@translate.register
def _(e: Referral.Sent) -> IntegrationEvent:
    return ReferralSent(
        referral_id=e.originator_id,
        beneficiary_id=e.beneficiary_id,
        centre_id=e.centre_id,
        body_id=e.body_id,
        body_category=BodyCategory(e.body_category),
        urgency=Urgency(e.urgency),
        sent_on=e.sent_on,
    )


@translate.register
def _(e: Enrolment.Enrolled) -> IntegrationEvent:
    return ProgramEnrolled(
        enrolment_id=e.originator_id,
        beneficiary_id=e.beneficiary_id,
        centre_id=e.centre_id,
        programme_id=e.programme_id,
        programme_category=ProgrammeCategory(e.programme_category),
        start_date=e.start_date,
    )
