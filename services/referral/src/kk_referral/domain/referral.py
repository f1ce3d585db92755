"""Referrals (παραπομπές) to bodies (enrolments in programmes: ``enrolment``).

A referral is a workflow with an answer, a reason and a deadline: the body answers within
the working days set for its category, or the referral expires; an accepted referral is
served and completed with an outcome, or flagged overdue. Each step is an event.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate
from kk_contracts.calendar import WorkingCalendar
from kk_contracts.codes import BodyCategory, ReferralStatus

from kk_referral.domain.exceptions import InvalidReferralError, TransitionNotAllowedError
from kk_referral.domain.rules import ALLOWED, OPEN, SERVICE_WORKING_DAYS, respond_by

S = ReferralStatus


class Referral(Aggregate):
    class Sent(Aggregate.Created):
        beneficiary_id: UUID
        centre_id: str
        body_id: UUID
        body_category: str
        urgency: str
        note: str
        sent_on: date
        service: str | None
        employment_type: str | None
        respond_by: date | None

        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state.update(service=None, employment_type=None, respond_by=None)

    class Step(Aggregate.Event):
        """What every step after sending says: whose referral, from which centre, with
        which body (so each one can be published on its own)."""

        beneficiary_id: UUID
        centre_id: str
        body_id: UUID
        body_category: str

    class Received(Step):
        received_on: date

        def apply(self, referral: Referral) -> None:
            referral.status = S.RECEIVED

    class Accepted(Step):
        accepted_on: date
        complete_by: date

        def apply(self, referral: Referral) -> None:
            referral.status = S.ACCEPTED
            referral.complete_by = self.complete_by

    class Refused(Step):
        reason: str
        detail: str  # stays in the service, sealed with the person's key
        refused_on: date

        def apply(self, referral: Referral) -> None:
            referral.status = S.REFUSED
            referral.refusal = (self.reason, self.detail)

    class Redirected(Step):
        to_body_id: UUID
        to_body_category: str
        redirected_on: date
        respond_by: date

        def apply(self, referral: Referral) -> None:
            referral.status = S.SENT
            referral.body_id = self.to_body_id
            referral.body_category = self.to_body_category
            referral.respond_by = self.respond_by
            referral.linked_on = self.redirected_on

    class ServiceStarted(Step):
        started_on: date

        def apply(self, referral: Referral) -> None:
            referral.status = S.IN_SERVICE

    class Completed(Step):
        outcome: str
        feedback: str  # for the centre, sealed with the person's key
        completed_on: date

        def apply(self, referral: Referral) -> None:
            referral.status = S.COMPLETED
            referral.outcome = (self.outcome, self.feedback)

    class Expired(Step):
        respond_by: date
        expired_on: date

        def apply(self, referral: Referral) -> None:
            referral.status = S.EXPIRED

    class Withdrawn(Step):
        reason: str  # sealed with the person's key
        withdrawn_on: date

        def apply(self, referral: Referral) -> None:
            referral.status = S.WITHDRAWN

    class FlaggedOverdue(Step):
        status: str
        complete_by: date
        flagged_on: date

        def apply(self, referral: Referral) -> None:
            referral.overdue = True

    def __init__(
        self,
        *,
        beneficiary_id: UUID,
        centre_id: str,
        body_id: UUID,
        body_category: str,
        urgency: str,
        note: str,
        sent_on: date,
        service: str | None,
        employment_type: str | None,
        respond_by: date | None,
    ) -> None:
        self.beneficiary_id = beneficiary_id
        self.centre_id = centre_id
        self.body_id = body_id
        self.body_category = body_category
        self.urgency = urgency
        self.note = note
        self.sent_on = sent_on
        self.service = service
        self.employment_type = employment_type
        self.respond_by = respond_by
        self.linked_on = sent_on  # when the current body was sent it
        self.status: str = S.SENT
        self.complete_by: date | None = None
        self.overdue = False
        self.refusal: tuple[str, str] | None = None
        self.outcome: tuple[str, str] | None = None

    @classmethod
    def send(
        cls,
        *,
        beneficiary_id: UUID,
        centre_id: str,
        body_id: UUID,
        body_category: str,
        urgency: str,
        note: str,
        service: str,
        employment_type: str | None,
        sent_on: date,
        calendar: WorkingCalendar,
        referral_id: UUID | None = None,
    ) -> Referral:
        if body_category == BodyCategory.EMPLOYMENT_SERVICE and employment_type is None:
            raise InvalidReferralError(
                "a referral to the employment service says what it is for: training, "
                "employment_programme or job_vacancy",
                field="employment_type",
            )
        if body_category != BodyCategory.EMPLOYMENT_SERVICE and employment_type is not None:
            raise InvalidReferralError(
                "only referrals to the employment service have an employment type",
                field="employment_type",
            )
        return cls._create(
            cls.Sent,
            id=referral_id or uuid4(),
            beneficiary_id=beneficiary_id,
            centre_id=centre_id,
            body_id=body_id,
            body_category=body_category,
            urgency=urgency,
            note=note,
            sent_on=sent_on,
            service=service,
            employment_type=employment_type,
            respond_by=respond_by(body_category, sent_on, calendar),
        )

    def _record(self, event: type[Referral.Step], **facts: Any) -> None:
        self.trigger_event(
            event,
            beneficiary_id=self.beneficiary_id,
            centre_id=self.centre_id,
            body_id=self.body_id,
            body_category=self.body_category,
            **facts,
        )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def _step(self, step: str) -> None:
        allowed = ALLOWED[self.status]
        if step not in allowed:
            listed = ", ".join(sorted(allowed)) or "nothing: it is closed"
            raise TransitionNotAllowedError(
                f"a referral that is {self.status} cannot be {step}; allowed: {listed}"
            )

    def receive(self, *, on: date) -> None:
        if self.status == S.RECEIVED:
            return  # opening the link again changes nothing
        self._step("received")
        self._record(self.Received, received_on=on)

    def accept(self, *, on: date, calendar: WorkingCalendar) -> None:
        self._step("accepted")
        complete_by = calendar.add_working_days(on, SERVICE_WORKING_DAYS)
        self._record(self.Accepted, accepted_on=on, complete_by=complete_by)

    def refuse(self, *, reason: str, detail: str, on: date) -> None:
        self._step("refused")
        if reason == "other" and not detail.strip():
            raise InvalidReferralError(
                "a refusal for another reason says which, in the detail", field="detail"
            )
        self._record(
            self.Refused,
            reason=reason,
            detail=detail,
            refused_on=on,
        )

    def redirect(
        self, *, to_body_id: UUID, to_category: str, on: date, calendar: WorkingCalendar
    ) -> None:
        self._step("redirected")
        if to_body_id == self.body_id:
            raise InvalidReferralError("a referral is redirected to another body", field="body_id")
        self._record(
            self.Redirected,
            to_body_id=to_body_id,
            to_body_category=to_category,
            redirected_on=on,
            respond_by=respond_by(to_category, on, calendar),
        )

    def start_service(self, *, on: date) -> None:
        self._step("in_service")
        self._record(self.ServiceStarted, started_on=on)

    def complete(self, *, outcome: str, feedback: str, on: date) -> None:
        self._step("completed")
        self._record(
            self.Completed,
            outcome=outcome,
            feedback=feedback,
            completed_on=on,
        )

    def withdraw(self, *, reason: str, on: date) -> None:
        self._step("withdrawn")
        self._record(self.Withdrawn, reason=reason, withdrawn_on=on)

    def check_deadlines(self, today: date) -> bool:
        """Expires an unanswered referral past its answer deadline, or flags an accepted one
        past its completion deadline; whether anything changed."""
        unanswered = self.status in (S.SENT, S.RECEIVED)
        if unanswered and self.respond_by is not None and self.respond_by < today:
            self._record(self.Expired, respond_by=self.respond_by, expired_on=today)
            return True
        serving = self.status in (S.ACCEPTED, S.IN_SERVICE)
        if serving and not self.overdue and self.complete_by and self.complete_by < today:
            self._record(
                self.FlaggedOverdue,
                status=self.status,
                complete_by=self.complete_by,
                flagged_on=today,
            )
            return True
        return False
