"""Individual files (ατομικοί φάκελοι) of beneficiaries."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Query, Response, status
from kk_contracts.codes import (
    CentreCode,
    ConsentPurpose,
    LegalBasis,
    MunicipalityCode,
    Sex,
    VulnerableGroup,
)
from pydantic import BaseModel, ConfigDict, Field

from kk_intake.application import Consent
from kk_intake.domain.beneficiary import Beneficiary, PersonDetails
from kk_intake.entrypoints.api.deps import Admin, CentreStaff, Intake

router = APIRouter(prefix="/beneficiaries", tags=["beneficiaries"])


class ConsentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    legal_basis: LegalBasis
    purposes: list[ConsentPurpose] = Field(min_length=1, max_length=10)

    def consent(self) -> Consent:
        return Consent(self.legal_basis.value, [p.value for p in self.purposes])


class Withdrawal(BaseModel):
    model_config = ConfigDict(extra="forbid")

    purposes: list[ConsentPurpose] | None = Field(default=None, description="Default: all")


class ConsentOut(BaseModel):
    beneficiary_id: UUID
    legal_basis: LegalBasis | None
    purposes: list[ConsentPurpose]


class RegisterBeneficiary(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    centre_id: CentreCode = Field(examples=["KK-6101"])
    amka: str = Field(pattern=r"^\d{11}$", description="ΑΜΚΑ: 11 digits", examples=["01018012345"])
    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    birth_date: date
    sex: Sex
    municipality_code: MunicipalityCode = Field(description="Municipality of residence")
    vulnerable_groups: list[VulnerableGroup] = Field(default_factory=list, max_length=12)
    mgi_recipient: bool = False
    consent: ConsentIn = Field(description="GDPR legal basis and purposes, recorded with the file")


class Registered(BaseModel):
    beneficiary_id: UUID
    centre_id: str
    registered_on: date
    transferred_from: str | None = Field(
        default=None, description="Set when the person's file was transferred from that centre"
    )


class IndividualFile(BaseModel):
    beneficiary_id: UUID
    centre_id: str
    registered_on: date
    amka: str
    given_name: str
    family_name: str
    birth_date: date
    sex: Sex
    municipality_code: str
    vulnerable_groups: list[VulnerableGroup]
    mgi_recipient: bool


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Open an individual file (or take over the person's file from another centre)",
    responses={200: {"description": "The AMKA had a file at another centre: transferred here"}},
)
def register(
    body: RegisterBeneficiary, intake: Intake, staff: CentreStaff, response: Response
) -> Registered:
    person = PersonDetails(
        amka=body.amka,
        given_name=body.given_name,
        family_name=body.family_name,
        birth_date=body.birth_date,
        sex=body.sex,
        municipality_code=body.municipality_code,
        vulnerable_groups=tuple(body.vulnerable_groups),
        mgi_recipient=body.mgi_recipient,
    )
    registration = intake.app.register(
        centre_id=body.centre_id, person=person, consent=body.consent.consent(), staff=staff
    )
    beneficiary = registration.beneficiary
    if registration.transferred_from:
        response.status_code = status.HTTP_200_OK
    return Registered(
        beneficiary_id=beneficiary.id,
        centre_id=beneficiary.centre_id,
        registered_on=beneficiary.registered_on,
        transferred_from=registration.transferred_from,
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
        given_name=b.given_name,
        family_name=b.family_name,
        birth_date=b.birth_date,
        sex=Sex(b.sex),
        municipality_code=b.municipality_code,
        vulnerable_groups=[VulnerableGroup(g) for g in b.vulnerable_groups],
        mgi_recipient=b.mgi_recipient,
    )


def _consent_out(b: Beneficiary) -> ConsentOut:
    return ConsentOut(
        beneficiary_id=b.id,
        legal_basis=LegalBasis(b.legal_basis) if b.legal_basis else None,
        purposes=sorted(ConsentPurpose(p) for p in b.purposes),
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
