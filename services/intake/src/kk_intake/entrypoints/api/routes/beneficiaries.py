"""Individual files (ατομικοί φάκελοι) of beneficiaries."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response, status
from kk_contracts.codes import (
    BodyCategory,
    ConsentPurpose,
    DuplicateReviewOutcome,
    LegalBasis,
    Sex,
    VulnerableGroup,
)
from pydantic import BaseModel, ConfigDict, Field
from servicekit.idempotency import keyed_id

from kk_intake.domain.beneficiary import Beneficiary
from kk_intake.entrypoints.api.deps import Admin, CentreStaff, Intake
from kk_intake.entrypoints.api.schemas import ConsentIn, ProxyIn, RegisterBeneficiary

router = APIRouter(prefix="/beneficiaries", tags=["beneficiaries"])


class Withdrawal(BaseModel):
    model_config = ConfigDict(extra="forbid")

    purposes: list[ConsentPurpose] | None = Field(default=None, description="Default: all")


class ConsentOut(BaseModel):
    beneficiary_id: UUID
    legal_basis: LegalBasis | None
    purposes: list[ConsentPurpose]
    sharing_with: list[BodyCategory] | None


class Registered(BaseModel):
    beneficiary_id: UUID
    centre_id: str
    registered_on: date
    transferred_from: str | None = Field(
        default=None, description="Set when the person's file was transferred from that centre"
    )
    likely_duplicate: bool = Field(
        default=False,
        description="Another file has the same names and birth date: review it",
    )


class IndividualFile(BaseModel):
    beneficiary_id: UUID
    centre_id: str
    registered_on: date
    amka: str | None
    no_amka: dict[str, str | None] | None = Field(
        description="Why the person has no AMKA, and any other identifier"
    )
    given_name: str
    family_name: str
    birth_date: date
    sex: Sex
    municipality_code: str
    vulnerable_groups: list[VulnerableGroup]
    mgi_recipient: bool
    afm: str | None
    citizenship: str | None
    languages: list[str]
    contact: dict[str, str | None]
    household: list[dict[str, Any]]
    disability_percent: int | None
    proxy: dict[str, Any] | None
    likely_duplicates: list[UUID] = Field(description="Files with the same names and birth date")
    duplicate_review: DuplicateReviewOutcome | None
    consent: ConsentOut


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Open an individual file (or take over the person's file from another centre)",
    responses={200: {"description": "The AMKA had a file at another centre: transferred here"}},
)
def register(
    body: RegisterBeneficiary,
    intake: Intake,
    staff: CentreStaff,
    request: Request,
    response: Response,
) -> Registered:
    named = keyed_id(request)
    if named is not None and (opened := intake.app.opened(named, staff)) is not None:
        # a retry of a registration whose first answer was lost: that file, not a second one
        response.headers["Idempotent-Replayed"] = "true"
        return Registered(
            beneficiary_id=opened.id,
            centre_id=opened.centre_id,
            registered_on=opened.registered_on,
            transferred_from=None,
            likely_duplicate=opened.awaits_duplicate_review,
        )
    registration = intake.app.register(
        centre_id=body.centre_id,
        person=body.person(),
        consent=body.consent.consent(),
        staff=staff,
        proxy=body.proxy.proxy() if body.proxy else None,
        beneficiary_id=named,
    )
    beneficiary = registration.beneficiary
    if registration.transferred_from:
        response.status_code = status.HTTP_200_OK
    return Registered(
        beneficiary_id=beneficiary.id,
        centre_id=beneficiary.centre_id,
        registered_on=beneficiary.registered_on,
        transferred_from=registration.transferred_from,
        likely_duplicate=beneficiary.awaits_duplicate_review,
    )


@router.get("/{beneficiary_id}", summary="Read an individual file (the read is audited)")
def read_file(
    beneficiary_id: UUID,
    intake: Intake,
    staff: CentreStaff,
    reason: str = Query(min_length=3, max_length=200, description="Why the file is opened"),
) -> IndividualFile:
    b: Beneficiary = intake.app.open_file(beneficiary_id=beneficiary_id, staff=staff, reason=reason)
    return IndividualFile(
        beneficiary_id=b.id,
        centre_id=b.centre_id,
        registered_on=b.registered_on,
        amka=b.amka,
        no_amka=b.no_amka,
        given_name=b.given_name,
        family_name=b.family_name,
        birth_date=b.birth_date,
        sex=Sex(b.sex),
        municipality_code=b.municipality_code,
        vulnerable_groups=[VulnerableGroup(g) for g in b.vulnerable_groups],
        mgi_recipient=b.mgi_recipient,
        afm=b.afm,
        citizenship=b.citizenship,
        languages=b.languages,
        contact={k: v for k, v in b.contact.items() if v is not None},
        household=b.household,
        disability_percent=b.disability_percent,
        proxy=b.proxy,
        likely_duplicates=b.likely_duplicates,
        duplicate_review=DuplicateReviewOutcome(b.review_outcome) if b.review_outcome else None,
        consent=_consent_out(b),
    )


def _consent_out(b: Beneficiary) -> ConsentOut:
    return ConsentOut(
        beneficiary_id=b.id,
        legal_basis=LegalBasis(b.legal_basis) if b.legal_basis else None,
        purposes=sorted(ConsentPurpose(p) for p in b.purposes),
        sharing_with=[BodyCategory(c) for c in b.sharing_with] if b.sharing_with else None,
    )


@router.post("/{beneficiary_id}/consent", summary="Record (more) consent")
def record_consent(
    beneficiary_id: UUID, body: ConsentIn, intake: Intake, staff: CentreStaff
) -> ConsentOut:
    beneficiary = intake.app.record_consent(
        beneficiary_id=beneficiary_id, consent=body.consent(), staff=staff
    )
    return _consent_out(beneficiary)


@router.post(
    "/{beneficiary_id}/consent/withdrawal",
    summary="Withdraw consent; every service honours it (ConsentWithdrawn)",
)
def withdraw_consent(
    beneficiary_id: UUID, body: Withdrawal, intake: Intake, staff: CentreStaff
) -> ConsentOut:
    purposes = [p.value for p in body.purposes] if body.purposes is not None else None
    beneficiary = intake.app.withdraw_consent(
        beneficiary_id=beneficiary_id, purposes=purposes, staff=staff
    )
    return _consent_out(beneficiary)


class ProxyOut(BaseModel):
    beneficiary_id: UUID
    proxy: dict[str, Any] | None


@router.put(
    "/{beneficiary_id}/proxy",
    summary="Record the proxy (πληρεξούσιος) authorised to act for the person",
)
def authorise_proxy(
    beneficiary_id: UUID, body: ProxyIn, intake: Intake, staff: CentreStaff
) -> ProxyOut:
    b = intake.app.authorise_proxy(beneficiary_id=beneficiary_id, proxy=body.proxy(), staff=staff)
    return ProxyOut(beneficiary_id=b.id, proxy=b.proxy)


@router.delete("/{beneficiary_id}/proxy", summary="Revoke the proxy's authorisation")
def revoke_proxy(beneficiary_id: UUID, intake: Intake, staff: CentreStaff) -> ProxyOut:
    b = intake.app.revoke_proxy(beneficiary_id=beneficiary_id, staff=staff)
    return ProxyOut(beneficiary_id=b.id, proxy=b.proxy)


class DuplicateReview(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: DuplicateReviewOutcome


class DuplicateReviewOut(BaseModel):
    beneficiary_id: UUID
    likely_duplicates: list[UUID]
    outcome: DuplicateReviewOutcome


@router.post(
    "/{beneficiary_id}/duplicate-review",
    summary="Decide a likely duplicate: two people, or one person filed twice",
)
def review_duplicate(
    beneficiary_id: UUID, body: DuplicateReview, intake: Intake, staff: CentreStaff
) -> DuplicateReviewOut:
    b = intake.app.review_duplicate(
        beneficiary_id=beneficiary_id, outcome=body.outcome, staff=staff
    )
    return DuplicateReviewOut(
        beneficiary_id=b.id, likely_duplicates=b.likely_duplicates, outcome=body.outcome
    )


class Erasure(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(min_length=5, max_length=500, description="Recorded in the audit trail")


class Erased(BaseModel):
    beneficiary_id: UUID
    erased_on: date


@router.post(
    "/{beneficiary_id}/erasure",
    summary="Erase the person (GDPR Art. 17): their data become unreadable everywhere",
)
def erase(beneficiary_id: UUID, body: Erasure, intake: Intake, admin: Admin) -> Erased:
    erased_on = intake.app.erase(beneficiary_id=beneficiary_id, reason=body.reason, by=admin)
    return Erased(beneficiary_id=beneficiary_id, erased_on=erased_on)
