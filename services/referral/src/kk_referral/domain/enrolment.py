"""Enrolments in programmes: a decision on an application (enrolled, renewed, exited, or
rejected with a coded reason), and the one enrolment each person may have in a programme at
a time."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from eventsourcing.domain import Aggregate

from kk_referral.domain.exceptions import (
    AlreadyEnrolledError,
    InvalidEnrolmentError,
)


class Enrolment(Aggregate):
    """A decision on a programme application: enrolled (then renewed, and one day exited),
    or rejected with a coded reason."""

    class Enrolled(Aggregate.Created):
        beneficiary_id: UUID
        centre_id: str
        programme_id: UUID
        programme_category: str
        start_date: date
        request_id: UUID | None  # the application submitted with intake's support, if any
        renew_by: date | None

        class_version = 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state.update(request_id=None, renew_by=None)

    class Rejected(Aggregate.Created):
        beneficiary_id: UUID
        centre_id: str
        programme_id: UUID
        programme_category: str
        request_id: UUID | None
        reason: str
        decided_on: date

    class Change(Aggregate.Event):
        """What every later change says: whose enrolment, where, in which programme."""

        beneficiary_id: UUID
        centre_id: str
        programme_id: UUID
        programme_category: str

    class Renewed(Change):
        renewed_on: date
        renew_by: date

        def apply(self, enrolment: Enrolment) -> None:
            enrolment.renew_by = self.renew_by

    class Exited(Change):
        reason: str
        exited_on: date

        def apply(self, enrolment: Enrolment) -> None:
            enrolment.status = "exited"
            enrolment.exited_on = self.exited_on

    def __init__(
        self,
        *,
        beneficiary_id: UUID,
        centre_id: str,
        programme_id: UUID,
        programme_category: str,
        request_id: UUID | None,
        start_date: date | None = None,
        renew_by: date | None = None,
        reason: str | None = None,
        decided_on: date | None = None,
    ) -> None:
        self.beneficiary_id = beneficiary_id
        self.centre_id = centre_id
        self.programme_id = programme_id
        self.programme_category = programme_category
        self.request_id = request_id
        self.start_date = start_date
        self.renew_by = renew_by
        self.rejection = reason
        self.status = "rejected" if reason else "enrolled"
        self.exited_on: date | None = None

    @staticmethod
    def id_for(request_id: UUID | None) -> UUID:
        """One decision per application: its id follows from the application's."""
        return uuid5(NAMESPACE_URL, f"urn:kk:application:{request_id}") if request_id else uuid4()

    @classmethod
    def enrol(
        cls,
        *,
        beneficiary_id: UUID,
        centre_id: str,
        programme_id: UUID,
        programme_category: str,
        start_date: date,
        renew_by: date | None,
        request_id: UUID | None = None,
    ) -> Enrolment:
        if renew_by is not None and renew_by <= start_date:
            raise InvalidEnrolmentError("renew_by comes after the start date", field="renew_by")
        return cls._create(
            cls.Enrolled,
            id=cls.id_for(request_id),
            beneficiary_id=beneficiary_id,
            centre_id=centre_id,
            programme_id=programme_id,
            programme_category=programme_category,
            start_date=start_date,
            request_id=request_id,
            renew_by=renew_by,
        )

    @classmethod
    def reject(
        cls,
        *,
        beneficiary_id: UUID,
        centre_id: str,
        programme_id: UUID,
        programme_category: str,
        request_id: UUID,
        reason: str,
        on: date,
    ) -> Enrolment:
        return cls._create(
            cls.Rejected,
            id=cls.id_for(request_id),
            beneficiary_id=beneficiary_id,
            centre_id=centre_id,
            programme_id=programme_id,
            programme_category=programme_category,
            request_id=request_id,
            reason=reason,
            decided_on=on,
        )

    def renew(self, *, on: date, renew_by: date) -> None:
        if self.status != "enrolled":
            raise InvalidEnrolmentError(f"a {self.status} enrolment cannot be renewed")
        if renew_by <= on:
            raise InvalidEnrolmentError("renew_by comes after today", field="renew_by")
        self._record(self.Renewed, renewed_on=on, renew_by=renew_by)

    def exit(self, *, reason: str, on: date) -> None:
        if self.status != "enrolled":
            raise InvalidEnrolmentError(f"a {self.status} enrolment cannot be exited")
        if self.start_date and on < self.start_date:
            raise InvalidEnrolmentError("the exit is before the start date", field="exited_on")
        self._record(self.Exited, reason=reason, exited_on=on)

    def _record(self, event: type[Enrolment.Change], **facts: Any) -> None:
        self.trigger_event(
            event,
            beneficiary_id=self.beneficiary_id,
            centre_id=self.centre_id,
            programme_id=self.programme_id,
            programme_category=self.programme_category,
            **facts,
        )


class ActiveEnrolment(Aggregate):
    """Whether a person is enrolled in a programme now: one enrolment at a time. Its id
    follows from the person and the programme, so two enrolments conflict on save."""

    class Started(Aggregate.Created):
        enrolment_id: UUID
        since: date

    class Ended(Aggregate.Event):
        ended_on: date

        def apply(self, active: ActiveEnrolment) -> None:
            active.enrolment_id = None
            active.ended_on = self.ended_on

    class Restarted(Aggregate.Event):
        enrolment_id: UUID
        since: date

        def apply(self, active: ActiveEnrolment) -> None:
            active.enrolment_id = self.enrolment_id
            active.since = self.since

    def __init__(self, *, enrolment_id: UUID, since: date) -> None:
        self.enrolment_id: UUID | None = enrolment_id
        self.since = since
        self.ended_on: date | None = None

    @staticmethod
    def id_for(beneficiary_id: UUID, programme_id: UUID) -> UUID:
        return uuid5(NAMESPACE_URL, f"urn:kk:enrolment:{beneficiary_id}:{programme_id}")

    @classmethod
    def start(cls, enrolment: Enrolment) -> ActiveEnrolment:
        return cls._create(
            cls.Started,
            id=cls.id_for(enrolment.beneficiary_id, enrolment.programme_id),
            enrolment_id=enrolment.id,
            since=enrolment.start_date,
        )

    def restart(self, enrolment: Enrolment) -> None:
        if self.enrolment_id is not None:
            raise AlreadyEnrolledError(
                f"already enrolled in this programme since {self.since.isoformat()} "
                f"(enrolment {self.enrolment_id}): record the exit first"
            )
        if self.ended_on and enrolment.start_date and enrolment.start_date < self.ended_on:
            raise InvalidEnrolmentError(
                f"the last enrolment in this programme ended on {self.ended_on.isoformat()}: "
                "a new one starts on that day or later",
                field="start_date",
            )
        self.trigger_event(self.Restarted, enrolment_id=enrolment.id, since=enrolment.start_date)

    def end(self, enrolment: Enrolment) -> None:
        if self.enrolment_id == enrolment.id and enrolment.exited_on is not None:
            self.trigger_event(self.Ended, ended_on=enrolment.exited_on)
