"""Referrals (παραπομπές) to bodies, and enrolments in programmes."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate


class Referral(Aggregate):
    class Sent(Aggregate.Created):
        beneficiary_id: UUID
        centre_id: str
        body_id: UUID
        body_category: str
        urgency: str
        note: str
        sent_on: date

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
    ) -> None:
        self.beneficiary_id = beneficiary_id
        self.centre_id = centre_id
        self.body_id = body_id
        self.body_category = body_category
        self.urgency = urgency
        self.note = note
        self.sent_on = sent_on

    @classmethod
    def send(cls, **fields: object) -> Referral:
        return cls._create(cls.Sent, id=uuid4(), **fields)


class Enrolment(Aggregate):
    class Enrolled(Aggregate.Created):
        beneficiary_id: UUID
        centre_id: str
        programme_id: UUID
        programme_category: str
        start_date: date

    def __init__(
        self,
        *,
        beneficiary_id: UUID,
        centre_id: str,
        programme_id: UUID,
        programme_category: str,
        start_date: date,
    ) -> None:
        self.beneficiary_id = beneficiary_id
        self.centre_id = centre_id
        self.programme_id = programme_id
        self.programme_category = programme_category
        self.start_date = start_date

    @classmethod
    def enrol(cls, **fields: object) -> Enrolment:
        return cls._create(cls.Enrolled, id=uuid4(), **fields)
