"""Intake's use cases: individual files and who may open them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from kk_contracts.codes import DuplicateReviewOutcome
from servicekit.auth import Principal
from servicekit.shredding import PersonalDataApplication, SubjectErasedError, SubjectKeys

from kk_intake.domain.beneficiary import Beneficiary
from kk_intake.domain.calendar import WorkingCalendar
from kk_intake.domain.exceptions import (
    AlreadyRegisteredError,
    BeneficiaryErasedError,
    BeneficiaryNotFoundError,
    InvalidRequestError,
    NotYourCentreError,
    ProxyError,
    RequestNotFoundError,
    UnknownCentreError,
)
from kk_intake.domain.identity import match_key
from kk_intake.domain.identity_index import Identity, NameMatch
from kk_intake.domain.person import Consent, PersonDetails, Proxy, Situation
from kk_intake.domain.privacy import subject_of
from kk_intake.domain.request import Request


class CentreDirectory(Protocol):
    """What intake knows of the registry, from its replica."""

    def exists(self, centre_id: str) -> bool: ...
    def local_holidays(self, centre_id: str) -> list[date]: ...
    def open_programme_documents(self, programme_id: UUID) -> list[str] | None: ...


class RequestCandidates(Protocol):
    def waiting_past(self, today: date) -> list[UUID]: ...


@dataclass(frozen=True)
class Registration:
    beneficiary: Beneficiary
    transferred_from: str | None = None


@dataclass(frozen=True)
class RequestDetails:
    axis: str
    category: str
    channel: str
    notes: str = ""
    programme_id: UUID | None = None
    logged_on: date | None = None


class Pseudonyms(Protocol):
    def keyed_hash(self, identifier: str) -> str:
        """The same value always gives the same hash; without the key, nobody can compute
        or reverse it."""


class AuditTrail(Protocol):
    def file_read(
        self, *, beneficiary_id: UUID, by: Principal, reason: str, allowed: bool = True
    ) -> None: ...
    def reads_of(self, beneficiary_id: UUID) -> list[dict[str, Any]]: ...
    def glass_broken(self, beneficiary_id: UUID, by: Principal) -> bool: ...
    def break_glass(
        self, *, beneficiary_id: UUID, by: Principal, reason: str, hours: float
    ) -> datetime: ...


class IntakeApplication(PersonalDataApplication):
    service_name = "intake"
    subject_of = staticmethod(subject_of)

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        centres: CentreDirectory,
        audit: AuditTrail,
        pseudonyms: Pseudonyms,
        requests: RequestCandidates | None = None,
        keys: SubjectKeys | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(env, keys=keys)
        self.centres = centres
        self.audit = audit
        self.pseudonyms = pseudonyms
        self.requests = requests
        self.today = today

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

    # Requests (αιτήματα) and the 10-working-day right to information

    def log_request(
        self, *, beneficiary_id: UUID, details: RequestDetails, staff: Principal,
        request_id: UUID | None = None,
    ) -> Request:  # fmt: skip
        """Logs a request on the file; ``request_id`` when the caller names it (a retry finds
        the request its first attempt logged: ``logged``)."""
        beneficiary = self._beneficiary(beneficiary_id)
        must_work_at(staff, beneficiary.centre_id)
        documents: list[str] = []
        if details.programme_id:
            found = self.centres.open_programme_documents(details.programme_id)
            if found is None:
                raise InvalidRequestError(
                    f"no open programme {details.programme_id} is in the registry",
                    field="programme_id",
                )
            documents = found
        today = self.today()
        logged_on = details.logged_on or today
        if details.channel == "proxy" and not beneficiary.proxy_valid_on(logged_on):
            raise ProxyError(
                "a request made through a proxy needs the proxy's authorisation, valid on "
                f"{logged_on.isoformat()}, on the file: record it first",
                field="channel",
            )
        request = Request.log(
            beneficiary_id=beneficiary_id,
            centre_id=beneficiary.centre_id,
            axis=details.axis,
            category=details.category,
            channel=details.channel,
            notes=details.notes,
            programme_id=details.programme_id,
            logged_on=logged_on,
            today=today,
            calendar=WorkingCalendar(self.centres.local_holidays(beneficiary.centre_id)),
            documents=documents,
            request_id=request_id,
        )
        self.save(request)
        return request

    def logged(self, request_id: UUID, staff: Principal) -> Request | None:
        """The request of this id, if it was logged (by an earlier attempt of the same call)."""
        try:
            return self._request(request_id, staff)
        except RequestNotFoundError:
            return None

    def check_document(
        self, *, request_id: UUID, document: str, collected: bool, staff: Principal
    ) -> Request:
        request = self._request(request_id, staff)
        request.check_document(document=document, collected=collected)
        self.save(request)
        return request

    def submit_application(self, *, request_id: UUID, staff: Principal) -> Request:
        request = self._request(request_id, staff)
        request.submit_application(on=self.today())
        self.save(request)
        return request

    def change_request_status(
        self, *, request_id: UUID, status: str, reason: str, staff: Principal
    ) -> Request:
        request = self._request(request_id, staff)
        request.change_status(status=status, on=self.today(), reason=reason)
        self.save(request)
        return request

    def record_informed(
        self, *, request_id: UUID, channel: str, informed_on: date | None, staff: Principal
    ) -> Request:
        request = self._request(request_id, staff)
        on = informed_on or self.today()
        if on > self.today():
            raise InvalidRequestError("informed_on is in the future", field="informed_on")
        request.inform(on=on, channel=channel)
        self.save(request)
        return request

    def read_request(self, *, request_id: UUID, staff: Principal, reason: str) -> Request:
        """Reads a request with its notes: part of the individual file, so audited."""
        request = self._request(request_id)
        self._audited(request.beneficiary_id, request.centre_id, staff, reason)
        return request

    def _audited(self, beneficiary_id: UUID, centre_id: str, staff: Principal, reason: str) -> None:
        """Records the read, or the refused attempt, before answering either way. Staff of
        another centre read only after breaking the glass (``kk_intake.application.glass``)."""
        allowed = staff.works_at(centre_id) or self.audit.glass_broken(beneficiary_id, staff)
        self.audit.file_read(
            beneficiary_id=beneficiary_id, by=staff, reason=reason, allowed=allowed
        )
        if not allowed:
            must_work_at(staff, centre_id)

    def flag_overdue_requests(self) -> int:
        """Flags every request whose due date passed unanswered; returns how many."""
        if self.requests is None:
            return 0
        today, flagged = self.today(), 0
        for request_id in self.requests.waiting_past(today):
            try:
                request: Request = self.repository.get(request_id)
            except SubjectErasedError:
                continue  # the person was erased: nothing is owed to nobody
            if request.flag_if_overdue(today):
                self.save(request)
                flagged += 1
        return flagged

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

    def _beneficiary(self, beneficiary_id: UUID, *, allow_erased: bool = False) -> Beneficiary:
        try:
            beneficiary: Beneficiary = self.repository.get(beneficiary_id)
        except AggregateNotFoundError:
            raise BeneficiaryNotFoundError(f"no individual file {beneficiary_id}") from None
        except SubjectErasedError:
            raise BeneficiaryErasedError(f"the file {beneficiary_id} was erased") from None
        if beneficiary.erased and not allow_erased:
            raise BeneficiaryErasedError(f"the file {beneficiary_id} was erased")
        return beneficiary

    def _request(self, request_id: UUID, staff: Principal | None = None) -> Request:
        try:
            request: Request = self.repository.get(request_id)
        except AggregateNotFoundError:
            raise RequestNotFoundError(f"no request {request_id}") from None
        except SubjectErasedError:
            raise BeneficiaryErasedError(
                f"the request {request_id} belongs to an erased file"
            ) from None
        if staff is not None:
            must_work_at(staff, request.centre_id)
        return request


def must_work_at(staff: Principal, centre_id: str) -> None:
    if not staff.works_at(centre_id):
        raise NotYourCentreError(
            f"only the staff of {centre_id} may do this; your token is for {staff.centre_id}"
        )
