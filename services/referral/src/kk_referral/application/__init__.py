"""Referral's use cases: referrals through their lifecycle, the centre's side and the
body's (``enrolments``: enrolments in programmes; ``ports``: what the use cases ask of the
adapters)."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from eventsourcing.utils import register_topic
from servicekit.auth import Principal
from servicekit.subject_keys import SubjectErasedError

from kk_referral.application.base import must_work_at
from kk_referral.application.enrolments import EnrolmentUseCases
from kk_referral.application.links import Link, valid_until
from kk_referral.application.ports import (
    DeadlineCandidates,
    Directory,
    EnrolmentDecision,
    LinkAudit,
    ReferralDetails,
)
from kk_referral.domain.enrolment import ActiveEnrolment, Enrolment
from kk_referral.domain.exceptions import (
    NoConsentError,
    NotYourCentreError,
    ReferralNotFoundError,
    TransitionNotAllowedError,
)
from kk_referral.domain.referral import Referral
from kk_referral.domain.rules import ALLOWED, BODY_STEPS

# Enrolments were kept in the referrals' module before they had one of their own: the events
# stored then name them there.
for _moved in (Enrolment, ActiveEnrolment):
    register_topic(f"kk_referral.domain.referral:{_moved.__name__}", _moved)

__all__ = [
    "DeadlineCandidates",
    "Directory",
    "EnrolmentDecision",
    "LinkAudit",
    "ReferralApplication",
    "ReferralDetails",
    "must_work_at",
]


class ReferralApplication(EnrolmentUseCases):
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
