"""The beneficiary's individual file (ηλεκτρονικός ατομικός φάκελος).

Its events hold personal data; the intake event store encrypts them at rest, and only the
translation to published events decides what leaves the service (codes, never identities).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate
from kk_contracts.codes import DuplicateReviewOutcome

from kk_intake.domain.beneficiary_state import BeneficiaryState
from kk_intake.domain.consent import consent_fields, withdrawn_purposes
from kk_intake.domain.exceptions import DuplicateReviewError, ProxyError
from kk_intake.domain.identity import check_amka, check_birth_date
from kk_intake.domain.person import (
    SITUATION_FIELDS,
    Consent,
    PersonDetails,
    Proxy,
    check_same_birth_date,
    checked_no_amka,
    checked_proxy,
    situation_fields,
)


class Beneficiary(BeneficiaryState, Aggregate):
    class Registered(Aggregate.Created):
        centre_id: str
        registered_on: date
        amka: str | None
        given_name: str
        family_name: str
        birth_date: date
        sex: str
        municipality_code: str
        vulnerable_groups: list[str]
        mgi_recipient: bool
        afm: str | None
        citizenship: str | None
        languages: list[str]
        contact: dict[str, str | None]
        household: list[dict[str, Any]]
        disability_percent: int | None
        no_amka: dict[str, str | None] | None

        class_version = 3

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Files opened before AFM, citizenship, languages, contact and household were
            kept: those are unknown."""
            state.update(
                afm=None,
                citizenship=None,
                languages=[],
                contact={},
                household=[],
                disability_percent=None,
            )

        @staticmethod
        def upcast_v2_v3(state: dict[str, Any]) -> None:
            """Every file opened before people without an AMKA were registered has one."""
            state["no_amka"] = None

    class SituationUpdated(Aggregate.Event):
        updated_on: date
        municipality_code: str
        vulnerable_groups: list[str]
        mgi_recipient: bool
        afm: str | None
        citizenship: str | None
        languages: list[str]
        contact: dict[str, str | None]
        household: list[dict[str, Any]]
        disability_percent: int | None

        def apply(self, beneficiary: Beneficiary) -> None:
            for name in SITUATION_FIELDS:
                setattr(beneficiary, name, getattr(self, name))

    class ProxyAuthorised(Aggregate.Event):
        proxy: dict[str, Any]

        def apply(self, beneficiary: Beneficiary) -> None:
            beneficiary.proxy = self.proxy

    class ProxyRevoked(Aggregate.Event):
        revoked_on: date

        def apply(self, beneficiary: Beneficiary) -> None:
            beneficiary.proxy = None

    class LikelyDuplicateFlagged(Aggregate.Event):
        """Another file has the same names and birth date under a different AMKA."""

        centre_id: str
        candidates: list[UUID]
        flagged_on: date

        def apply(self, beneficiary: Beneficiary) -> None:
            beneficiary.likely_duplicates = list(self.candidates)

    class DuplicateReviewed(Aggregate.Event):
        centre_id: str
        outcome: str
        reviewed_by: str
        reviewed_on: date

        def apply(self, beneficiary: Beneficiary) -> None:
            beneficiary.review_outcome = self.outcome

    class ConsentRecorded(Aggregate.Event):
        centre_id: str
        legal_basis: str
        purposes: list[str]
        sharing_with: list[str] | None  # kinds of body a referral may share with; None: any
        recorded_on: date

        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["sharing_with"] = None

        def apply(self, beneficiary: Beneficiary) -> None:
            beneficiary.legal_basis = self.legal_basis
            beneficiary.purposes = beneficiary.purposes | set(self.purposes)
            if "referral_sharing" in self.purposes:
                beneficiary.sharing_with = self.sharing_with

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

    @classmethod
    def register(
        cls,
        *,
        centre_id: str,
        person: PersonDetails,
        today: date,
        beneficiary_id: UUID | None = None,
    ) -> Beneficiary:
        """Opens a file; the id is random, so it says nothing about the person (an import
        draws the ids before it opens the files)."""
        return cls._create(
            cls.Registered,
            id=beneficiary_id or cls.new_id(),
            centre_id=centre_id,
            registered_on=today,
            amka=check_amka(person.amka) if person.amka is not None else None,
            no_amka=checked_no_amka(person),
            given_name=person.given_name.strip(),
            family_name=person.family_name.strip(),
            birth_date=check_birth_date(person.birth_date, today),
            sex=person.sex.value,
            **situation_fields(person, today),
        )

    @classmethod
    def open(
        cls,
        *,
        centre_id: str,
        person: PersonDetails,
        consent: Consent,
        on: date,
        proxy: Proxy | None = None,
        beneficiary_id: UUID | None = None,
    ) -> Beneficiary:
        """A person's file opened on ``on``, with the consent given (and the proxy who acts
        for them): the one step a registration and a bulk import of legacy files share."""
        beneficiary = cls.register(
            centre_id=centre_id, person=person, today=on, beneficiary_id=beneficiary_id
        )
        beneficiary.record_consent(consent, on=on)
        if proxy is not None:
            beneficiary.authorise_proxy(proxy, today=on)
        return beneficiary

    def update_situation(self, person: PersonDetails, *, on: date) -> None:
        """What may change while the person stays the same one (AMKA, names and birth date
        stay as on file): residence, contact, household, groups, … e.g. after a move."""
        check_same_birth_date(person, self.birth_date)
        self.trigger_event(self.SituationUpdated, updated_on=on, **situation_fields(person, on))

    @staticmethod
    def new_id() -> UUID:
        return uuid4()

    def transfer(self, *, to_centre: str, on: date) -> None:
        self.trigger_event(
            self.Transferred, from_centre=self.centre_id, to_centre=to_centre, transferred_on=on
        )

    def record_consent(self, consent: Consent, *, on: date) -> None:
        fields = consent_fields(consent)
        self.trigger_event(self.ConsentRecorded, centre_id=self.centre_id, recorded_on=on, **fields)

    def withdraw_consent(self, *, purposes: list[str] | None, on: date) -> None:
        """Withdraws the given purposes, or all of them."""
        withdrawn = withdrawn_purposes(self.purposes, purposes)
        self.trigger_event(
            self.ConsentWithdrawn, centre_id=self.centre_id, purposes=withdrawn, withdrawn_on=on
        )

    def authorise_proxy(self, proxy: Proxy, *, today: date) -> None:
        self.trigger_event(self.ProxyAuthorised, proxy=checked_proxy(proxy, today))

    def revoke_proxy(self, *, on: date) -> None:
        if self.proxy is None:
            raise ProxyError("no proxy is authorised for this person")
        self.trigger_event(self.ProxyRevoked, revoked_on=on)

    def proxy_valid_on(self, day: date) -> bool:
        if self.proxy is None:
            return False
        until = self.proxy.get("valid_until")
        return bool(self.proxy["issued_on"] <= day and (until is None or day <= until))

    def flag_likely_duplicates(self, candidates: list[UUID]) -> None:
        if candidates:
            self.trigger_event(
                self.LikelyDuplicateFlagged,
                centre_id=self.centre_id,
                candidates=sorted(candidates, key=str),
                flagged_on=self.registered_on,
            )

    @property
    def awaits_duplicate_review(self) -> bool:
        return bool(self.likely_duplicates) and self.review_outcome is None

    def review_duplicate(self, *, outcome: DuplicateReviewOutcome, by: str, on: date) -> None:
        if self.review_outcome is not None:
            raise DuplicateReviewError(
                f"this likely duplicate was already reviewed: {self.review_outcome}"
            )
        if not self.likely_duplicates:
            raise DuplicateReviewError("this file is not flagged as a likely duplicate")
        self.trigger_event(
            self.DuplicateReviewed,
            centre_id=self.centre_id,
            outcome=outcome.value,
            reviewed_by=by,
            reviewed_on=on,
        )

    def erase(self, *, on: date) -> None:
        if not self.erased:
            self.trigger_event(self.Erased, centre_id=self.centre_id, erased_on=on)
