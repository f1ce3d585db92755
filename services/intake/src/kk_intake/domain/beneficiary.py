"""The beneficiary's individual file (ηλεκτρονικός ατομικός φάκελος).

Its events hold personal data; the intake event store encrypts them at rest, and only the
translation to published events decides what leaves the service (codes, never identities).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate
from kk_contracts.codes import Sex, VulnerableGroup

from kk_intake.domain.exceptions import ConsentError
from kk_intake.domain.identity import check_amka, check_birth_date


@dataclass(frozen=True)
class PersonDetails:
    amka: str
    given_name: str
    family_name: str
    birth_date: date
    sex: Sex
    municipality_code: str
    vulnerable_groups: tuple[VulnerableGroup, ...] = ()
    mgi_recipient: bool = False


class Beneficiary(Aggregate):
    class Registered(Aggregate.Created):
        centre_id: str
        registered_on: date
        amka: str
        given_name: str
        family_name: str
        birth_date: date
        sex: str
        municipality_code: str
        vulnerable_groups: list[str]
        mgi_recipient: bool

    class ConsentRecorded(Aggregate.Event):
        centre_id: str
        legal_basis: str
        purposes: list[str]
        recorded_on: date

        def apply(self, beneficiary: Beneficiary) -> None:
            beneficiary.legal_basis = self.legal_basis
            beneficiary.purposes = beneficiary.purposes | set(self.purposes)

    class ConsentWithdrawn(Aggregate.Event):
        centre_id: str
        purposes: list[str]
        withdrawn_on: date

        def apply(self, beneficiary: Beneficiary) -> None:
            beneficiary.purposes = beneficiary.purposes - set(self.purposes)

    class Erased(Aggregate.Event):
        """Recorded before the person's key is destroyed, so an erasure interrupted halfway
        is finished by the next attempt."""

        centre_id: str
        erased_on: date

        def apply(self, beneficiary: Beneficiary) -> None:
            beneficiary.erased = True

    class Transferred(Aggregate.Event):
        """The person now belongs to another centre (e.g. moved and registered there)."""

        from_centre: str
        to_centre: str
        transferred_on: date

        def apply(self, beneficiary: Beneficiary) -> None:
            beneficiary.centre_id = self.to_centre

    def __init__(
        self,
        *,
        centre_id: str,
        registered_on: date,
        amka: str,
        given_name: str,
        family_name: str,
        birth_date: date,
        sex: str,
        municipality_code: str,
        vulnerable_groups: list[str],
        mgi_recipient: bool,
    ) -> None:
        self.centre_id = centre_id
        self.registered_on = registered_on
        self.amka = amka
        self.given_name = given_name
        self.family_name = family_name
        self.birth_date = birth_date
        self.sex = sex
        self.municipality_code = municipality_code
        self.vulnerable_groups = vulnerable_groups
        self.mgi_recipient = mgi_recipient
        self.legal_basis: str | None = None
        self.purposes: set[str] = set()
        self.erased = False

    @classmethod
    def register(cls, *, centre_id: str, person: PersonDetails, today: date) -> Beneficiary:
        """Opens a file; the id is random, so it says nothing about the person."""
        return cls._create(
            cls.Registered,
            id=cls.new_id(),
            centre_id=centre_id,
            registered_on=today,
            amka=check_amka(person.amka),
            given_name=person.given_name.strip(),
            family_name=person.family_name.strip(),
            birth_date=check_birth_date(person.birth_date, today),
            sex=person.sex.value,
            municipality_code=person.municipality_code,
            vulnerable_groups=sorted({g.value for g in person.vulnerable_groups}),
            mgi_recipient=person.mgi_recipient,
        )

    @staticmethod
    def new_id() -> UUID:
        return uuid4()

    def transfer(self, *, to_centre: str, on: date) -> None:
        self.trigger_event(
            self.Transferred, from_centre=self.centre_id, to_centre=to_centre, transferred_on=on
        )

    def record_consent(self, *, legal_basis: str, purposes: list[str], on: date) -> None:
        if not purposes:
            raise ConsentError("consent names at least one purpose")
        self.trigger_event(
            self.ConsentRecorded,
            centre_id=self.centre_id,
            legal_basis=legal_basis,
            purposes=sorted(set(purposes)),
            recorded_on=on,
        )

    def withdraw_consent(self, *, purposes: list[str] | None, on: date) -> None:
        """Withdraws the given purposes, or all of them."""
        withdrawn = sorted(self.purposes if purposes is None else set(purposes) & self.purposes)
        if not withdrawn:
            granted = ", ".join(sorted(self.purposes)) or "none"
            raise ConsentError(f"nothing to withdraw: consent is given for {granted}")
        self.trigger_event(
            self.ConsentWithdrawn, centre_id=self.centre_id, purposes=withdrawn, withdrawn_on=on
        )

    def erase(self, *, on: date) -> None:
        if not self.erased:
            self.trigger_event(self.Erased, centre_id=self.centre_id, erased_on=on)
