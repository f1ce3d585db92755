"""Search before create: ``POST /beneficiaries/search`` (a POST, so that no AMKA or name
ends up in a URL, a proxy's log or the browser's history)."""

from __future__ import annotations

from datetime import date
from typing import Self
from uuid import UUID

from fastapi import APIRouter
from kk_contracts.codes import CentreCode
from pydantic import BaseModel, ConfigDict, Field, model_validator
from servicekit.greek import invalid

from kk_intake.application.finding import MatchedBy, Names, find_files
from kk_intake.entrypoints.api.deps import CentreStaff, Intake
from kk_intake.entrypoints.api.schemas import Amka, Name

router = APIRouter(prefix="/beneficiaries", tags=["beneficiaries"])


class Search(BaseModel):
    """Either the AMKA, or the family name, given name and birth date together."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    centre_id: CentreCode = Field(description="The searcher's centre", examples=["KK-6101"])
    amka: Amka | None = Field(default=None, description="Exact ΑΜΚΑ (11 digits)")
    family_name: Name | None = None
    given_name: Name | None = None
    birth_date: date | None = None

    @model_validator(mode="after")
    def _one_way_of_searching(self) -> Self:
        by_names = (self.family_name, self.given_name, self.birth_date)
        if self.amka is None and None in by_names:
            raise invalid(
                "search by the AMKA, or by family name, given name and birth date together",
                "Αναζητήστε με τον ΑΜΚΑ, ή με επώνυμο, όνομα και ημερομηνία γέννησης μαζί.",
            )
        if self.amka is not None and any(v is not None for v in by_names):
            raise invalid(
                "search by the AMKA or by the names, not both at once",
                "Αναζητήστε με τον ΑΜΚΑ ή με τα ονόματα, όχι και με τα δύο.",
            )
        return self

    def names(self) -> Names | None:
        if self.family_name is None or self.given_name is None or self.birth_date is None:
            return None
        return Names(self.given_name, self.family_name, self.birth_date)


class Match(BaseModel):
    matched_by: MatchedBy
    at_your_centre: bool = Field(
        description="False: the file is at another centre; registering the person here "
        "with their AMKA transfers it"
    )
    beneficiary_id: UUID | None = Field(description="Only for a file at your centre")
    given_name: str | None = None
    family_name: str | None = None
    birth_date: date | None = None
    registered_on: date | None = None


class SearchResult(BaseModel):
    matches: list[Match]


@router.post("/search", summary="Find a person's file by AMKA, or by names and birth date")
def search(body: Search, intake: Intake, staff: CentreStaff) -> SearchResult:
    found = find_files(
        intake.app, staff=staff, centre_id=body.centre_id, amka=body.amka, names=body.names()
    )
    matches = [
        Match(
            matched_by=f.matched_by,
            at_your_centre=True,
            beneficiary_id=f.beneficiary.id,
            given_name=f.beneficiary.given_name,
            family_name=f.beneficiary.family_name,
            birth_date=f.beneficiary.birth_date,
            registered_on=f.beneficiary.registered_on,
        )
        if f.at_your_centre
        else Match(matched_by=f.matched_by, at_your_centre=False, beneficiary_id=None)
        for f in found
    ]
    return SearchResult(matches=matches)
