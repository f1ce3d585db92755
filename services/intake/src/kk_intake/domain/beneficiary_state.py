"""What a beneficiary's individual file holds, as its events leave it: who the person is,
their situation, and the proxy, consent and duplicate review recorded on it."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID


class BeneficiaryState:
    """The attributes of a ``Beneficiary``, kept apart from its events and commands. The
    event store calls ``__init__`` with the fields of the ``Registered`` event, so the
    parameters keep those names."""

    def __init__(
        self,
        *,
        centre_id: str,
        registered_on: date,
        amka: str | None,
        given_name: str,
        family_name: str,
        birth_date: date,
        sex: str,
        municipality_code: str,
        vulnerable_groups: list[str],
        mgi_recipient: bool,
        afm: str | None,
        citizenship: str | None,
        languages: list[str],
        contact: dict[str, str | None],
        household: list[dict[str, Any]],
        disability_percent: int | None,
        no_amka: dict[str, str | None] | None = None,
    ) -> None:
        self.centre_id = centre_id
        self.no_amka = no_amka
        self.registered_on = registered_on
        self.amka = amka
        self.given_name = given_name
        self.family_name = family_name
        self.birth_date = birth_date
        self.sex = sex
        self.municipality_code = municipality_code
        self.vulnerable_groups = vulnerable_groups
        self.mgi_recipient = mgi_recipient
        self.afm = afm
        self.citizenship = citizenship
        self.languages = languages
        self.contact = contact
        self.household = household
        self.disability_percent = disability_percent
        self.proxy: dict[str, Any] | None = None
        self.likely_duplicates: list[UUID] = []
        self.review_outcome: str | None = None
        self.legal_basis: str | None = None
        self.purposes: set[str] = set()
        self.sharing_with: list[str] | None = None
        self.erased = False
