"""Referral's use cases: send a referral, enrol in a programme."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol
from uuid import UUID

from servicekit.auth import Principal
from servicekit.eventstore import ServiceApplication

from kk_referral.domain.exceptions import (
    BodyNotAcceptingReferralsError,
    NoConsentError,
    NotYourCentreError,
    UnknownBeneficiaryError,
    UnknownBodyError,
    UnknownProgrammeError,
)
from kk_referral.domain.referral import Enrolment, Referral
from kk_referral.replicas import KnownBeneficiary, KnownBody


class Directory(Protocol):
    """What referral knows of other services' facts, from its replicas."""

    def beneficiary(self, beneficiary_id: UUID) -> KnownBeneficiary | None: ...
    def body(self, body_id: UUID) -> KnownBody | None: ...
    def programme_category(self, programme_id: UUID) -> str | None: ...


class ReferralApplication(ServiceApplication):
    service_name = "referral"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        replicas: Directory,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(env)
        self.replicas = replicas
        self.today = today

    def send_referral(
        self, *, beneficiary_id: UUID, body_id: UUID, urgency: str, note: str, staff: Principal
    ) -> Referral:
        centre_id = self._centre_of(beneficiary_id, staff, needs="referral_sharing")
        body = self.replicas.body(body_id)
        if body is None:
            raise UnknownBodyError(f"no body {body_id} is in the registry")
        if not body.accepts_referrals:
            raise BodyNotAcceptingReferralsError(f"body {body_id} does not accept referrals")
        referral = Referral.send(
            beneficiary_id=beneficiary_id,
            centre_id=centre_id,
            body_id=body_id,
            body_category=body.category,
            urgency=urgency,
            note=note,
            sent_on=self.today(),
        )
        self.save(referral)
        return referral

    def enrol(
        self, *, beneficiary_id: UUID, programme_id: UUID, start_date: date, staff: Principal
    ) -> Enrolment:
        centre_id = self._centre_of(beneficiary_id, staff, needs="programme_applications")
        category = self.replicas.programme_category(programme_id)
        if category is None:
            raise UnknownProgrammeError(f"no programme {programme_id} is in the registry")
        enrolment = Enrolment.enrol(
            beneficiary_id=beneficiary_id,
            centre_id=centre_id,
            programme_id=programme_id,
            programme_category=category,
            start_date=start_date,
        )
        self.save(enrolment)
        return enrolment

    def _centre_of(self, beneficiary_id: UUID, staff: Principal, *, needs: str) -> str:
        """The person's centre, once the staff's right to act and the person's consent to
        ``needs`` are checked."""
        known = self.replicas.beneficiary(beneficiary_id)
        if known is None:
            raise UnknownBeneficiaryError(
                f"no beneficiary {beneficiary_id} is known yet; if the file was just opened, "
                "retry in a moment"
            )
        if not staff.works_at(known.centre_id):
            raise NotYourCentreError(f"beneficiary {beneficiary_id} belongs to another centre")
        if needs not in known.purposes:
            raise NoConsentError(
                f"beneficiary {beneficiary_id} has not consented to {needs} (or withdrew it); "
                "record the consent in the individual file first"
            )
        return known.centre_id
