"""Enrolments in programmes: decisions on applications, renewals and exits."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from servicekit.auth import Principal

from kk_referral.application.base import ReferralBase
from kk_referral.application.ports import EnrolmentDecision
from kk_referral.domain.enrolment import ActiveEnrolment, Enrolment
from kk_referral.domain.exceptions import (
    AlreadyDecidedError,
    EnrolmentNotFoundError,
    InvalidEnrolmentError,
    UnknownProgrammeError,
)


class EnrolmentUseCases(ReferralBase):
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
