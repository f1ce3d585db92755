"""Intake's use cases: individual files and who may open them (``requests``: the requests
on them; ``ports``: what the use cases ask of the adapters)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from kk_contracts.codes import DuplicateReviewOutcome
from servicekit.auth import Principal

from kk_intake.application.base import must_work_at
from kk_intake.application.ports import (
    AuditTrail,
    CentreDirectory,
    Pseudonyms,
    Registration,
    RequestCandidates,
    RequestDetails,
)
from kk_intake.application.requests import RequestUseCases
from kk_intake.domain.beneficiary import Beneficiary
from kk_intake.domain.exceptions import (
    AlreadyRegisteredError,
    BeneficiaryErasedError,
    UnknownCentreError,
)
from kk_intake.domain.identity import match_key
from kk_intake.domain.identity_index import Identity, NameMatch
from kk_intake.domain.person import Consent, PersonDetails, Proxy, Situation

__all__ = [
    "AuditTrail",
    "CentreDirectory",
    "IntakeApplication",
    "Pseudonyms",
    "Registration",
    "RequestCandidates",
    "RequestDetails",
    "must_work_at",
]


class IntakeApplication(RequestUseCases):
    def register(
        self,
        *,
        centre_id: str,
        person: PersonDetails,
        consent: Consent,
        staff: Principal,
        proxy: Proxy | None = None,
        beneficiary_id: UUID | None = None,
    ) -> Registration:
        """Opens the person's file, or, if another centre has it, transfers it here: one file
        per AMKA across all centres. ``beneficiary_id``: the new file's id, when the request
        names it (a retry finds the file its first attempt opened)."""
        must_work_at(staff, centre_id)
        beneficiary = Beneficiary.open(
            centre_id=centre_id,
            person=person,
            consent=consent,
            on=self.today(),
            proxy=proxy,
            beneficiary_id=beneficiary_id,
        )
        if not self.centres.exists(centre_id):
            raise UnknownCentreError(
                f"no open centre {centre_id!r} is registered (unknown or closed)"
            )
        if person.amka is None:  # matched by names and birth date only
            self.save(beneficiary, self._match_names(beneficiary))
            return Registration(beneficiary)
        keyed_hash = self.pseudonyms.keyed_hash(person.amka)
        try:
            identity: Identity = self.repository.get(Identity.id_for(keyed_hash))
        except AggregateNotFoundError:
            identity = Identity.claim(keyed_hash=keyed_hash, beneficiary_id=beneficiary.id)
            match = self._match_names(beneficiary)
            # One transaction: a concurrent registration of the same AMKA fails here.
            self.save(beneficiary, identity, match)
            return Registration(beneficiary)
        return self._transfer(identity.beneficiary_id, centre_id, person, consent, proxy)

    def opened(self, beneficiary_id: UUID, staff: Principal) -> Beneficiary | None:
        """The file of this id, if it was opened (by an earlier attempt of the same request)."""
        try:
            beneficiary: Beneficiary = self.repository.get(beneficiary_id)
        except AggregateNotFoundError:
            return None
        must_work_at(staff, beneficiary.centre_id)
        return beneficiary

    def names_hash(self, given_name: str, family_name: str, birth_date: date) -> str:
        """The keyed hash under which files with these names and birth date are matched."""
        key = match_key(given_name, family_name, birth_date)
        return self.pseudonyms.keyed_hash(f"name:{key}")

    def _names_hash(self, b: Beneficiary) -> str:
        return self.names_hash(b.given_name, b.family_name, b.birth_date)

    def _match_names(self, beneficiary: Beneficiary) -> NameMatch:
        """Joins the file to the others with the same names and birth date (under another
        AMKA, or the AMKA index would have found it) and flags it for review if any."""
        names_hash = self._names_hash(beneficiary)
        try:
            match: NameMatch = self.repository.get(NameMatch.id_for(names_hash))
        except AggregateNotFoundError:
            return NameMatch.start(keyed_hash=names_hash, beneficiary_id=beneficiary.id)
        beneficiary.flag_likely_duplicates(match.join(beneficiary.id))
        return match

    def _transfer(
        self,
        beneficiary_id: UUID,
        centre_id: str,
        person: PersonDetails,
        consent: Consent,
        proxy: Proxy | None,
    ) -> Registration:
        existing = self._beneficiary(beneficiary_id)
        if existing.centre_id == centre_id:
            raise AlreadyRegisteredError(
                f"this AMKA already has an individual file at {centre_id}: {existing.id}"
            )
        from_centre = existing.centre_id
        # the same person (same birth date), whose situation is as told at the new centre
        existing.update_situation(person, on=self.today())
        existing.transfer(to_centre=centre_id, on=self.today())
        if proxy is not None:
            existing.authorise_proxy(proxy, today=self.today())
        # the person consents afresh at the centre that now keeps the file
        existing.record_consent(consent, on=self.today())
        self.save(existing)
        return Registration(existing, transferred_from=from_centre)

    def centre_of(self, beneficiary_id: UUID) -> str:
        """The centre that keeps the file now (read without recording a read: no personal
        detail leaves here)."""
        return self._beneficiary(beneficiary_id, allow_erased=True).centre_id

    def open_file(self, *, beneficiary_id: UUID, staff: Principal, reason: str) -> Beneficiary:
        """Reads one individual file; every read is recorded (who, when, why)."""
        beneficiary = self._beneficiary(beneficiary_id)
        self._audited(beneficiary_id, beneficiary.centre_id, staff, reason)
        return beneficiary

    def update_situation(
        self, *, beneficiary_id: UUID, situation: Situation, staff: Principal
    ) -> Beneficiary:
        """Edits what may change while the person stays the same one: residence, contact,
        household, groups, disability percentage, Minimum Guaranteed Income."""
        beneficiary = self._beneficiary(beneficiary_id)
        must_work_at(staff, beneficiary.centre_id)
        person = situation.of(
            amka=beneficiary.amka,
            given_name=beneficiary.given_name,
            family_name=beneficiary.family_name,
            birth_date=beneficiary.birth_date,
            sex=beneficiary.sex,
        )
        beneficiary.update_situation(person, on=self.today())
        self.save(beneficiary)
        return beneficiary

    def authorise_proxy(
        self, *, beneficiary_id: UUID, proxy: Proxy, staff: Principal
    ) -> Beneficiary:
        beneficiary = self._beneficiary(beneficiary_id)
        must_work_at(staff, beneficiary.centre_id)
        beneficiary.authorise_proxy(proxy, today=self.today())
        self.save(beneficiary)
        return beneficiary

    def revoke_proxy(self, *, beneficiary_id: UUID, staff: Principal) -> Beneficiary:
        beneficiary = self._beneficiary(beneficiary_id)
        must_work_at(staff, beneficiary.centre_id)
        beneficiary.revoke_proxy(on=self.today())
        self.save(beneficiary)
        return beneficiary

    def review_duplicate(
        self, *, beneficiary_id: UUID, outcome: DuplicateReviewOutcome, staff: Principal
    ) -> Beneficiary:
        beneficiary = self._beneficiary(beneficiary_id)
        must_work_at(staff, beneficiary.centre_id)
        beneficiary.review_duplicate(outcome=outcome, by=staff.subject, on=self.today())
        self.save(beneficiary)
        return beneficiary

    def record_consent(
        self, *, beneficiary_id: UUID, consent: Consent, staff: Principal
    ) -> Beneficiary:
        beneficiary = self._beneficiary(beneficiary_id)
        must_work_at(staff, beneficiary.centre_id)
        beneficiary.record_consent(consent, on=self.today())
        self.save(beneficiary)
        return beneficiary

    def withdraw_consent(
        self, *, beneficiary_id: UUID, purposes: list[str] | None, staff: Principal
    ) -> Beneficiary:
        beneficiary = self._beneficiary(beneficiary_id)
        must_work_at(staff, beneficiary.centre_id)
        beneficiary.withdraw_consent(purposes=purposes, on=self.today())
        self.save(beneficiary)
        return beneficiary

    def erase(self, *, beneficiary_id: UUID, reason: str, by: Principal) -> date:
        """Erases the person (GDPR Art. 17): records it, then destroys their key. Run again
        after a failure, it finishes what the first attempt started."""
        try:
            beneficiary = self._beneficiary(beneficiary_id, allow_erased=True)
        except BeneficiaryErasedError:
            return self.today()  # already done
        self.audit.file_read(beneficiary_id=beneficiary_id, by=by, reason=f"erasure: {reason}")
        beneficiary.erase(on=self.today())
        changed: list[Any] = [beneficiary]
        try:  # the erased file no longer matches anyone
            match: NameMatch = self.repository.get(NameMatch.id_for(self._names_hash(beneficiary)))
            match.leave(beneficiary_id)
            changed.append(match)
        except AggregateNotFoundError:
            pass  # a file opened before names were matched
        self.save(*changed)
        # If the process dies here, the worker finishes the job when BeneficiaryErased
        # comes back to it (FileIndex); so does the next attempt.
        self.keys.destroy(beneficiary_id)
        return self.today()
