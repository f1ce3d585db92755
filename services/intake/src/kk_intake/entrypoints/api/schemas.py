"""The shapes of a person's details as the API takes them, shared by registration, the
edit of a file's situation and the search."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from kk_contracts.codes import MunicipalityCode, VulnerableGroup
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kk_intake.domain.beneficiary import Contact, HouseholdMember, HouseholdRelation, Situation
from kk_intake.domain.identity import NAME_MAX

Amka = Annotated[str, StringConstraints(pattern=r"^\d{11}$")]
Afm = Annotated[str, StringConstraints(pattern=r"^\d{9}$")]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=NAME_MAX)]


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

    municipality_code: MunicipalityCode = Field(description="Municipality of residence")
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
