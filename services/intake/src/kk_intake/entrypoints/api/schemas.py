"""The shapes of a person's details as the API takes them, shared by registration (and the
CSV import, which checks each row by the same model), the edit of a file's situation and the
search."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated

from kk_contracts.codes import (
    BodyCategory,
    CentreCode,
    ConsentPurpose,
    LegalBasis,
    MunicipalityCode,
    NoAmkaReason,
    OtherIdKind,
    Sex,
    VulnerableGroup,
)
from kk_contracts.reference import municipality_codes
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from servicekit.greek import invalid

from kk_intake.domain.identity import NAME_MAX
from kk_intake.domain.person import (
    AuthorisationKind,
    Consent,
    Contact,
    HouseholdMember,
    HouseholdRelation,
    NoAmka,
    PersonDetails,
    Proxy,
    Situation,
)

Amka = Annotated[str, StringConstraints(pattern=r"^\d{11}$")]
Afm = Annotated[str, StringConstraints(pattern=r"^\d{9}$")]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=NAME_MAX)]


def _known_municipality(code: str) -> str:
    if code not in municipality_codes():
        raise invalid(
            f"no municipality has the ELSTAT code {code!r}",
            f"Δεν υπάρχει δήμος με κωδικό ΕΛΣΤΑΤ {code}.",
        )
    return code


# Checked here as well as by the file itself, so that one answer (or one row of an import)
# names every problem at once.
KnownMunicipality = Annotated[MunicipalityCode, AfterValidator(_known_municipality)]


class ContactIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    phone: str | None = Field(
        default=None, pattern=r"^\+?[0-9 ]{10,16}$", examples=["+30 210 1234567"]
    )
    email: str | None = Field(default=None, max_length=200, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    address: str | None = Field(default=None, max_length=300)

    def contact(self) -> Contact:
        return Contact(phone=self.phone, email=self.email, address=self.address)


class HouseholdMemberIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    relation: HouseholdRelation
    given_name: Name
    family_name: Name | None = None
    birth_date: date | None = None
    amka: Amka | None = Field(default=None, description="ΑΜΚΑ, if known")

    def member(self) -> HouseholdMember:
        return HouseholdMember(
            relation=self.relation,
            given_name=self.given_name,
            family_name=self.family_name,
            birth_date=self.birth_date,
            amka=self.amka,
        )


class SituationIn(BaseModel):
    """The whole situation as it is now: what is left out is cleared."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    municipality_code: KnownMunicipality = Field(description="Municipality of residence")
    afm: Afm | None = None
    citizenship: Country | None = None
    languages: list[Language] = Field(default_factory=list, max_length=10)
    contact: ContactIn = Field(default_factory=ContactIn)
    household: list[HouseholdMemberIn] = Field(default_factory=list, max_length=20)
    vulnerable_groups: list[VulnerableGroup] = Field(default_factory=list, max_length=12)
    disability_percent: int | None = None
    mgi_recipient: bool = False

    def situation(self) -> Situation:
        return Situation(
            municipality_code=self.municipality_code,
            vulnerable_groups=tuple(self.vulnerable_groups),
            mgi_recipient=self.mgi_recipient,
            afm=self.afm,
            citizenship=self.citizenship,
            languages=tuple(self.languages),
            contact=self.contact.contact(),
            household=tuple(m.member() for m in self.household),
            disability_percent=self.disability_percent,
        )


class ConsentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    legal_basis: LegalBasis
    purposes: list[ConsentPurpose] = Field(min_length=1, max_length=10)
    sharing_with: list[BodyCategory] | None = Field(
        default=None,
        description="With referral_sharing: the kinds of body referrals may share with "
        "(default: any kind)",
    )

    def consent(self) -> Consent:
        sharing = [c.value for c in self.sharing_with] if self.sharing_with is not None else None
        return Consent(self.legal_basis.value, [p.value for p in self.purposes], sharing)


class ProxyIn(BaseModel):
    """A proxy (πληρεξούσιος) and how they were authorised."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    given_name: Name
    family_name: Name
    id_document: str = Field(
        min_length=4, max_length=20, description="Identity card (ΑΔΤ) or passport number"
    )
    relation: str = Field(min_length=2, max_length=60, examples=["κόρη / daughter"])
    authorisation: AuthorisationKind
    reference: str = Field(
        min_length=1, max_length=60, description="Protocol number of the authorisation"
    )
    issued_on: date
    valid_until: date | None = None

    def proxy(self) -> Proxy:
        return Proxy(**self.model_dump())


class NoAmkaIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: NoAmkaReason
    other_id_kind: OtherIdKind | None = None
    other_id: str | None = Field(default=None, min_length=4, max_length=30)

    def no_amka(self) -> NoAmka:
        return NoAmka(reason=self.reason, other_id_kind=self.other_id_kind, other_id=self.other_id)


class RegisterBeneficiary(SituationIn):
    """Who the person is, their situation (``SituationIn``), consent and any proxy."""

    centre_id: CentreCode = Field(examples=["KK-6101"])
    amka: Amka | None = Field(
        default=None,
        description="ΑΜΚΑ: 11 digits; without it, no_amka says why",
        examples=["01018012345"],
    )
    no_amka: NoAmkaIn | None = Field(
        default=None,
        description="For a person without an AMKA: the reason, and any other identifier "
        "(they are then matched by names and birth date)",
    )
    given_name: Name
    family_name: Name
    birth_date: date
    sex: Sex
    proxy: ProxyIn | None = Field(default=None, description="If a proxy acts for the person")
    consent: ConsentIn = Field(description="GDPR legal basis and purposes, recorded with the file")

    def person(self) -> PersonDetails:
        person = self.situation().of(
            amka=self.amka,
            given_name=self.given_name,
            family_name=self.family_name,
            birth_date=self.birth_date,
            sex=self.sex,
        )
        return replace(person, no_amka=self.no_amka.no_amka() if self.no_amka else None)
