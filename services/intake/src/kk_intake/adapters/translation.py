"""Intake domain events -> published contract events (the only place that knows both).

What leaves the service is decided here: a pseudonymous id and coded facts. Names, AMKA,
birth date, contact details and free-text notes never do; the birth date becomes an age band.

A request's notes, and the reasons given for its status changes, stay inside too.
"""

from __future__ import annotations

from functools import singledispatch

from kk_contracts import IntegrationEvent
from kk_contracts.codes import (
    Axis,
    BodyCategory,
    Channel,
    ConsentPurpose,
    DuplicateReviewOutcome,
    LegalBasis,
    RequestCategory,
    RequestStatus,
    Sex,
    VulnerableGroup,
)
from kk_contracts.events.intake import (
    ApplicationSubmitted,
    BeneficiaryErased,
    BeneficiaryInformed,
    BeneficiaryRegistered,
    BeneficiarySituationChanged,
    BeneficiaryTransferred,
    ConsentRecorded,
    ConsentWithdrawn,
    DuplicateReviewed,
    LikelyDuplicateFlagged,
    RequestLogged,
    RequestOverdue,
    RequestStatusChanged,
)

from kk_intake.domain.beneficiary import Beneficiary
from kk_intake.domain.identity import age_band
from kk_intake.domain.request import Request


@singledispatch
def translate(domain_event: object) -> IntegrationEvent | None:
    return None


@translate.register
def _(e: Beneficiary.Registered) -> IntegrationEvent:
    return BeneficiaryRegistered(
        beneficiary_id=e.originator_id,
        centre_id=e.centre_id,
        municipality_code=e.municipality_code,
        registered_on=e.registered_on,
        age_band=age_band(e.birth_date, e.registered_on),
        sex=Sex(e.sex),
        vulnerable_groups=tuple(VulnerableGroup(g) for g in e.vulnerable_groups),
        mgi_recipient=e.mgi_recipient,
    )


@translate.register
def _(e: Beneficiary.LikelyDuplicateFlagged) -> IntegrationEvent:
    return LikelyDuplicateFlagged(
        beneficiary_id=e.originator_id,
        centre_id=e.centre_id,
        flagged_on=e.flagged_on,
    )


@translate.register
def _(e: Beneficiary.DuplicateReviewed) -> IntegrationEvent:
    return DuplicateReviewed(
        beneficiary_id=e.originator_id,
        centre_id=e.centre_id,
        outcome=DuplicateReviewOutcome(e.outcome),
        reviewed_on=e.reviewed_on,
    )


@translate.register
def _(e: Request.Logged) -> IntegrationEvent:
    return RequestLogged(
        request_id=e.originator_id,
        beneficiary_id=e.beneficiary_id,
        centre_id=e.centre_id,
        axis=Axis(e.axis),
        category=RequestCategory(e.category),
        channel=Channel(e.channel),
        logged_on=e.logged_on,
        due_on=e.due_on,
        programme_id=e.programme_id,
    )


@translate.register
def _(e: Request.StatusChanged) -> IntegrationEvent:
    return RequestStatusChanged(
        request_id=e.originator_id,
        beneficiary_id=e.beneficiary_id,
        centre_id=e.centre_id,
        status=RequestStatus(e.status),
        changed_on=e.changed_on,
    )


@translate.register
def _(e: Request.BeneficiaryInformed) -> IntegrationEvent:
    return BeneficiaryInformed(
        request_id=e.originator_id,
        beneficiary_id=e.beneficiary_id,
        centre_id=e.centre_id,
        informed_on=e.informed_on,
        channel=Channel(e.channel),
        within_deadline=e.within_deadline,
    )


@translate.register
def _(e: Request.Overdue) -> IntegrationEvent:
    return RequestOverdue(
        request_id=e.originator_id,
        beneficiary_id=e.beneficiary_id,
        centre_id=e.centre_id,
        due_on=e.due_on,
        detected_on=e.detected_on,
    )


@translate.register
def _(e: Beneficiary.SituationUpdated) -> IntegrationEvent:
    return BeneficiarySituationChanged(
        beneficiary_id=e.originator_id,
        municipality_code=e.municipality_code,
        vulnerable_groups=tuple(VulnerableGroup(g) for g in e.vulnerable_groups),
        mgi_recipient=e.mgi_recipient,
        changed_on=e.updated_on,
    )


@translate.register
def _(e: Beneficiary.Transferred) -> IntegrationEvent:
    return BeneficiaryTransferred(
        beneficiary_id=e.originator_id,
        from_centre=e.from_centre,
        to_centre=e.to_centre,
        transferred_on=e.transferred_on,
    )


@translate.register
def _(e: Beneficiary.ConsentRecorded) -> IntegrationEvent:
    return ConsentRecorded(
        beneficiary_id=e.originator_id,
        centre_id=e.centre_id,
        legal_basis=LegalBasis(e.legal_basis),
        purposes=tuple(ConsentPurpose(p) for p in e.purposes),
        recorded_on=e.recorded_on,
        sharing_with=tuple(BodyCategory(c) for c in e.sharing_with)
        if e.sharing_with is not None
        else None,
    )


@translate.register
def _(e: Beneficiary.ConsentWithdrawn) -> IntegrationEvent:
    return ConsentWithdrawn(
        beneficiary_id=e.originator_id,
        centre_id=e.centre_id,
        purposes=tuple(ConsentPurpose(p) for p in e.purposes),
        withdrawn_on=e.withdrawn_on,
    )


@translate.register
def _(e: Request.ApplicationSubmitted) -> IntegrationEvent:
    return ApplicationSubmitted(
        request_id=e.originator_id,
        beneficiary_id=e.beneficiary_id,
        centre_id=e.centre_id,
        programme_id=e.programme_id,
        submitted_on=e.submitted_on,
        documents=e.documents,
    )


@translate.register
def _(e: Beneficiary.Erased) -> IntegrationEvent:
    return BeneficiaryErased(
        beneficiary_id=e.originator_id, centre_id=e.centre_id, erased_on=e.erased_on
    )
