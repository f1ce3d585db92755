"""Intake's use cases: individual files and who may open them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Protocol
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from servicekit.auth import Principal
from servicekit.eventstore import ServiceApplication

from kk_intake.domain.beneficiary import Beneficiary, PersonDetails
from kk_intake.domain.exceptions import (
    BeneficiaryNotFoundError,
    NotYourCentreError,
    UnknownCentreError,
)


class CentreDirectory(Protocol):
    """The centres intake knows of, from its replica of the registry."""

    def exists(self, centre_id: str) -> bool: ...


class AuditTrail(Protocol):
    def file_read(self, *, beneficiary_id: UUID, by: Principal, reason: str) -> None: ...


class IntakeApplication(ServiceApplication):
    service_name = "intake"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        centres: CentreDirectory,
        audit: AuditTrail,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(env)
        self.centres = centres
        self.audit = audit
        self.today = today

    def register(self, *, centre_id: str, person: PersonDetails, staff: Principal) -> Beneficiary:
        _must_work_at(staff, centre_id)
        beneficiary = Beneficiary.register(centre_id=centre_id, person=person, today=self.today())
        if not self.centres.exists(centre_id):
            raise UnknownCentreError(
                f"no open centre {centre_id!r} is registered (unknown or closed)"
            )
        self.save(beneficiary)
        return beneficiary

    def open_file(self, *, beneficiary_id: UUID, staff: Principal, reason: str) -> Beneficiary:
        """Reads one individual file; every read is recorded (who, when, why)."""
        try:
            beneficiary: Beneficiary = self.repository.get(beneficiary_id)
        except AggregateNotFoundError:
            raise BeneficiaryNotFoundError(f"no individual file {beneficiary_id}") from None
        _must_work_at(staff, beneficiary.centre_id)
        self.audit.file_read(beneficiary_id=beneficiary_id, by=staff, reason=reason)
        return beneficiary


def _must_work_at(staff: Principal, centre_id: str) -> None:
    if not staff.works_at(centre_id):
        raise NotYourCentreError(
            f"only the staff of {centre_id} may do this; your token is for {staff.centre_id}"
        )
