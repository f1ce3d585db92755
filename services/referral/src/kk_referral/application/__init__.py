"""Referral's use cases: referrals through their lifecycle, and enrolments in programmes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import register_topic
from kk_contracts.calendar import WorkingCalendar
from servicekit.auth import Principal
from servicekit.shredding import PersonalDataApplication, SubjectErasedError, SubjectKeys

from kk_referral.application.known import KnownBeneficiary, KnownBody
from kk_referral.application.links import Link, LinkSigner, valid_until
from kk_referral.domain.enrolment import ActiveEnrolment, Enrolment
from kk_referral.domain.exceptions import (
    AlreadyDecidedError,
    BeneficiaryErasedError,
    BodyNotAcceptingReferralsError,
    EnrolmentNotFoundError,
    InvalidEnrolmentError,
    LinkGoneError,
    NoConsentError,
    NotYourCentreError,
    ReferralNotFoundError,
    TransitionNotAllowedError,
    UnknownBeneficiaryError,
    UnknownBodyError,
    UnknownProgrammeError,
)
from kk_referral.domain.privacy import subject_of
from kk_referral.domain.referral import ALLOWED, BODY_STEPS, Referral

# Enrolments were kept in the referrals' module before they had one of their own: the events
# stored then name them there.
for _moved in (Enrolment, ActiveEnrolment):
    register_topic(f"kk_referral.domain.referral:{_moved.__name__}", _moved)


class Directory(Protocol):
    """What referral knows of other services' facts, from its replicas."""

    def beneficiary(self, beneficiary_id: UUID) -> KnownBeneficiary | None: ...
    def body(self, body_id: UUID) -> KnownBody | None: ...
    def programme_category(self, programme_id: UUID) -> str | None: ...
    def local_holidays(self, centre_id: str) -> list[date]: ...


class DeadlineCandidates(Protocol):
    def past_deadline(self, today: date) -> list[UUID]: ...


class LinkAudit(Protocol):
    """The audit trail: every use of a body's link, and every read of a referral by staff."""

    def used(self, *, referral_id: UUID, body_id: UUID, action: str, allowed: bool) -> None: ...
    def referral_read(
        self, *, referral_id: UUID, beneficiary_id: UUID, by: Principal, reason: str,
        allowed: bool,
    ) -> None: ...  # fmt: skip
    def reads_of(self, beneficiary_id: UUID) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class EnrolmentDecision:
    beneficiary_id: UUID
    programme_id: UUID
    start_date: date | None = None
    renew_by: date | None = None
    request_id: UUID | None = None


@dataclass(frozen=True)
class ReferralDetails:
    beneficiary_id: UUID
    body_id: UUID
    service: str
    urgency: str
    note: str = ""
    employment_type: str | None = None


class ReferralApplication(PersonalDataApplication):
    service_name = "referral"
    subject_of = staticmethod(subject_of)

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        replicas: Directory,
        links: LinkSigner,
        audit: LinkAudit,
        deadlines: DeadlineCandidates | None = None,
        keys: SubjectKeys | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(env, keys=keys)
        self.replicas = replicas
        self.links = links
        self.audit = audit
        self.deadlines = deadlines
        self.today = today

    # The centre's side

    def send_referral(
        self, details: ReferralDetails, *, staff: Principal, referral_id: UUID | None = None
    ) -> Referral:
        """Sends a referral; ``referral_id`` when the caller names it (a retry finds the
        referral its first attempt sent: ``sent``)."""
        known = self._person(details.beneficiary_id, staff, needs="referral_sharing")
        centre_id = known.centre_id
        body = self._open_body(details.body_id)
        self._may_share(known, body.category)
        referral = Referral.send(
            beneficiary_id=details.beneficiary_id,
            centre_id=centre_id,
            body_id=details.body_id,
            body_category=body.category,
            urgency=details.urgency,
            note=details.note,
            service=details.service,
            employment_type=details.employment_type,
            sent_on=self.today(),
            calendar=self._calendar(centre_id),
            referral_id=referral_id,
        )
        self.save(referral)
        return referral

    def sent(self, referral_id: UUID, staff: Principal) -> Referral | None:
        """The referral of this id, if it was sent (by an earlier attempt of the same call)."""
        try:
            referral = self._referral(referral_id)
        except ReferralNotFoundError:
            return None
        self._person(referral.beneficiary_id, staff, needs=None)
        return referral

    def read_referral(self, referral_id: UUID, *, staff: Principal, reason: str) -> Referral:
        """A referral with its note and the body's answer, to the staff of the centre that
        now keeps the person's file; every read, and every refused attempt, is recorded
        with its reason."""
        referral = self._referral(referral_id)
        try:
            self._person(referral.beneficiary_id, staff, needs=None)
        except NotYourCentreError:
            self._read(referral, staff, reason, allowed=False)
            raise
        self._read(referral, staff, reason, allowed=True)
        return referral

    def _read(self, referral: Referral, staff: Principal, reason: str, *, allowed: bool) -> None:
        self.audit.referral_read(
            referral_id=referral.id,
            beneficiary_id=referral.beneficiary_id,
            by=staff,
            reason=reason,
            allowed=allowed,
        )

    def withdraw(self, referral_id: UUID, *, reason: str, staff: Principal) -> Referral:
        referral = self._referral(referral_id)
        self._person(referral.beneficiary_id, staff, needs=None)
        referral.withdraw(reason=reason, on=self.today())
        self.save(referral)
        return referral

    def link_for(self, referral: Referral) -> str:
        """The body's link: a redirect issues a new one for the new body, and acceptance a
        longer-lived one (until a month after the completion deadline)."""
        until = valid_until(referral.linked_on, referral.complete_by)
        return self.links.issue(Link(referral.id, referral.body_id, referral.linked_on, until))

    # The body's side, through its link

    def open_link(self, token: str) -> Referral:
        """The referral the link is for. Opening it changes nothing (mail scanners open
        links too); the body's first answer records that it received the referral."""
        referral, link = self._linked(token, "open")
        self._used(link, "open")
        return referral

    def body_acts(self, token: str, action: str, act: Callable[[Referral], None]) -> Referral:
        """Applies one step of the body's answer (accept, refuse, redirect, start, complete)."""
        referral, link = self._linked(token, action)
        try:
            if referral.status == "sent":
                referral.receive(on=self.today())
            act(referral)
        except TransitionNotAllowedError:
            self._refused(link, action)
            steps = ", ".join(sorted(ALLOWED[referral.status] & BODY_STEPS))
            raise TransitionNotAllowedError(
                f"a referral that is {referral.status} cannot be {action}; "
                f"what you can do now: {steps or 'nothing, it is closed'}"
            ) from None
        except Exception:
            self._refused(link, action)
            raise
        self.save(referral)
        self._used(link, action)
        return referral

    def accept(self, referral: Referral) -> None:
        referral.accept(on=self.today(), calendar=self._calendar(referral.centre_id))

    def redirect(self, referral: Referral, to_body_id: UUID) -> None:
        body = self._open_body(to_body_id)
        known = self.replicas.beneficiary(referral.beneficiary_id)
        if known is None or not known.may_share_with(body.category):
            # said to the body: nothing of the person's consent beyond this answer
            raise NoConsentError(
                f"this referral cannot be sent on to a body of kind {body.category}; "
                "the referring centre can refer the person there if appropriate"
            )
        referral.redirect(
            to_body_id=to_body_id,
            to_category=body.category,
            on=self.today(),
            calendar=self._calendar(referral.centre_id),
        )

    def check_deadlines(self) -> int:
        """Expires unanswered referrals past their deadline and flags overdue services;
        returns how many changed."""
        if self.deadlines is None:
            return 0
        changed = 0
        for referral_id in self.deadlines.past_deadline(self.today()):
            try:
                referral: Referral = self.repository.get(referral_id)
            except SubjectErasedError:
                continue
            if referral.check_deadlines(self.today()):
                self.save(referral)
                changed += 1
        return changed

    # Enrolments: decisions on applications, renewals, exits

    def enrol(self, decision: EnrolmentDecision, *, staff: Principal) -> Enrolment:
        """Enrols the person (an application submitted with intake's support, when
        ``request_id`` names it); never twice in the same programme at the same time."""
        centre_id, category = self._for_enrolment(decision, staff)
        enrolment = Enrolment.enrol(
            beneficiary_id=decision.beneficiary_id,
            centre_id=centre_id,
            programme_id=decision.programme_id,
            programme_category=category,
            start_date=decision.start_date or self.today(),
            renew_by=decision.renew_by,
            request_id=decision.request_id,
        )
        active_id = ActiveEnrolment.id_for(decision.beneficiary_id, decision.programme_id)
        try:
            active: ActiveEnrolment = self.repository.get(active_id)
            active.restart(enrolment)
        except AggregateNotFoundError:
            active = ActiveEnrolment.start(enrolment)
        # one transaction: a concurrent second enrolment conflicts here
        self.save(enrolment, active)
        return enrolment

    def reject(self, decision: EnrolmentDecision, *, reason: str, staff: Principal) -> Enrolment:
        if decision.request_id is None:
            raise InvalidEnrolmentError("a rejection answers an application", field="request_id")
        centre_id, category = self._for_enrolment(decision, staff)
        enrolment = Enrolment.reject(
            beneficiary_id=decision.beneficiary_id,
            centre_id=centre_id,
            programme_id=decision.programme_id,
            programme_category=category,
            request_id=decision.request_id,
            reason=reason,
            on=self.today(),
        )
        self.save(enrolment)
        return enrolment

    def renew(self, enrolment_id: UUID, *, renew_by: date, staff: Principal) -> Enrolment:
        enrolment = self._enrolment(enrolment_id, staff)
        enrolment.renew(on=self.today(), renew_by=renew_by)
        self.save(enrolment)
        return enrolment

    def exit(
        self, enrolment_id: UUID, *, reason: str, on: date | None, staff: Principal
    ) -> Enrolment:
        enrolment = self._enrolment(enrolment_id, staff)
        exited_on = on or self.today()
        if exited_on > self.today():
            raise InvalidEnrolmentError("the exit date is in the future", field="exited_on")
        enrolment.exit(reason=reason, on=exited_on)
        try:
            active: ActiveEnrolment = self.repository.get(
                ActiveEnrolment.id_for(enrolment.beneficiary_id, enrolment.programme_id)
            )
        except AggregateNotFoundError:  # an enrolment recorded before the index existed
            self.save(enrolment)
            return enrolment
        active.end(enrolment)
        self.save(enrolment, active)
        return enrolment

    def _for_enrolment(self, decision: EnrolmentDecision, staff: Principal) -> tuple[str, str]:
        known = self._person(decision.beneficiary_id, staff, needs="programme_applications")
        centre_id = known.centre_id
        category = self.replicas.programme_category(decision.programme_id)
        if category is None:
            raise UnknownProgrammeError(
                f"no open programme {decision.programme_id} is in the registry"
            )
        if decision.request_id is not None:
            try:
                self.repository.get(Enrolment.id_for(decision.request_id))
            except AggregateNotFoundError:
                pass
            else:
                raise AlreadyDecidedError(
                    f"the application {decision.request_id} was decided already"
                )
        return centre_id, category

    def decision_on(self, request_id: UUID) -> Enrolment | None:
        """The decision on an application, straight from the event store (so it is seen the
        moment it is recorded, before the applications read model has caught up)."""
        try:
            enrolment: Enrolment = self.repository.get(Enrolment.id_for(request_id))
        except AggregateNotFoundError:
            return None
        return enrolment

    def renewal_dates(self, enrolment_ids: list[UUID]) -> dict[UUID, date | None]:
        """Each enrolment's renewal date, from the event store: the published enrolment
        carries only its start, so a list built from events learns it at the first renewal."""
        dates: dict[UUID, date | None] = {}
        for enrolment_id in enrolment_ids:
            try:
                enrolment: Enrolment = self.repository.get(enrolment_id)
            except AggregateNotFoundError:
                continue
            dates[enrolment_id] = enrolment.renew_by
        return dates

    def _enrolment(self, enrolment_id: UUID, staff: Principal) -> Enrolment:
        try:
            enrolment: Enrolment = self.repository.get(enrolment_id)
        except AggregateNotFoundError:
            raise EnrolmentNotFoundError(f"no enrolment {enrolment_id}") from None
        self._person(enrolment.beneficiary_id, staff, needs=None)
        return enrolment

    # Helpers

    def _linked(self, token: str, action: str) -> tuple[Referral, Link]:
        """The referral a valid link stands for; any refused use is audited too."""
        link = self.links.verify(token)
        if link.expired(self.today()):
            self._refused(link, action)
            raise LinkGoneError(
                f"this link expired on {link.valid_until.isoformat()}: ask the referring "
                "centre for the referral's current link"
            )
        try:
            referral = self._referral(link.referral_id)
        except (ReferralNotFoundError, BeneficiaryErasedError):
            self._refused(link, action)
            raise
        if (referral.body_id, referral.linked_on) != (link.body_id, link.linked_on):
            self._refused(link, action)
            raise LinkGoneError("this referral was redirected to another body")
        # a late answer finds the referral expired, even if the worker has not run yet
        if referral.check_deadlines(self.today()):
            self.save(referral)
        if not referral.is_open and action != "open":
            self._refused(link, action)
            raise LinkGoneError(f"this referral is closed ({referral.status})")
        return referral, link

    def _used(self, link: Link, action: str) -> None:
        self.audit.used(
            referral_id=link.referral_id, body_id=link.body_id, action=action, allowed=True
        )

    def _refused(self, link: Link, action: str) -> None:
        self.audit.used(
            referral_id=link.referral_id, body_id=link.body_id, action=action, allowed=False
        )

    def _referral(self, referral_id: UUID) -> Referral:
        try:
            referral: Referral = self.repository.get(referral_id)
        except AggregateNotFoundError:
            raise ReferralNotFoundError(f"no referral {referral_id}") from None
        except SubjectErasedError:
            raise BeneficiaryErasedError(
                f"the referral {referral_id} belongs to an erased person"
            ) from None
        return referral

    def _open_body(self, body_id: UUID) -> KnownBody:
        body = self.replicas.body(body_id)
        if body is None:
            raise UnknownBodyError(f"no body {body_id} is in the registry")
        if not body.accepts_referrals:
            raise BodyNotAcceptingReferralsError(
                f"body {body_id} does not accept referrals (closed, or a sample placeholder)"
            )
        return body

    @staticmethod
    def _may_share(known: KnownBeneficiary, category: str) -> None:
        """The person's consent covers sharing with this kind of body (from intake)."""
        if not known.may_share_with(category):
            covered = sorted(known.sharing_with) if known.sharing_with else []
            scope = f" (it covers {', '.join(covered)})" if covered else ""
            raise NoConsentError(
                f"the person's consent does not cover sharing with a body of kind {category}"
                f"{scope}; record the consent in the individual file first"
            )

    def _calendar(self, centre_id: str) -> WorkingCalendar:
        return WorkingCalendar(self.replicas.local_holidays(centre_id))

    def _person(
        self, beneficiary_id: UUID, staff: Principal, *, needs: str | None
    ) -> KnownBeneficiary:
        """What referral knows of the person, with the centre that keeps their file now (a
        transferred person's referrals follow them), once the staff's right to act, and
        the person's consent to ``needs``, are checked."""
        known = self.replicas.beneficiary(beneficiary_id)
        if known is None:
            raise UnknownBeneficiaryError(
                f"no beneficiary {beneficiary_id} is known yet; if the file was just opened, "
                "retry in a moment"
            )
        must_work_at(staff, known.centre_id)
        if needs is not None and needs not in known.purposes:
            raise NoConsentError(
                f"beneficiary {beneficiary_id} has not consented to {needs} (or withdrew it); "
                "record the consent in the individual file first"
            )
        return known


def must_work_at(staff: Principal, centre_id: str) -> None:
    if not staff.works_at(centre_id):
        raise NotYourCentreError(
            f"only the staff of {centre_id} may do this; your token is for {staff.centre_id}"
        )
