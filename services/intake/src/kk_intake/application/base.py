"""What every use case of intake stands on: the service's ports, the file or request asked
for (or why not), and the audited read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from servicekit.auth import Principal
from servicekit.shredding import PersonalDataApplication
from servicekit.subject_keys import SubjectErasedError, SubjectKeys

from kk_intake.application.ports import AuditTrail, CentreDirectory, Pseudonyms, RequestCandidates
from kk_intake.domain.beneficiary import Beneficiary
from kk_intake.domain.exceptions import (
    BeneficiaryErasedError,
    BeneficiaryNotFoundError,
    NotYourCentreError,
    RequestNotFoundError,
)
from kk_intake.domain.privacy import subject_of
from kk_intake.domain.request import Request


class IntakeBase(PersonalDataApplication):
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

    def _audited(self, beneficiary_id: UUID, centre_id: str, staff: Principal, reason: str) -> None:
        """Records the read, or the refused attempt, before answering either way. Staff of
        another centre read only after breaking the glass (``kk_intake.application.glass``)."""
        allowed = staff.works_at(centre_id) or self.audit.glass_broken(beneficiary_id, staff)
        self.audit.file_read(
            beneficiary_id=beneficiary_id, by=staff, reason=reason, allowed=allowed
        )
        if not allowed:
            must_work_at(staff, centre_id)

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
