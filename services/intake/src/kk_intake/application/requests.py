"""Requests (αιτήματα) and the 10-working-day right to information: logged on a file, their
documents collected, an application submitted, answered or closed, and flagged overdue."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from servicekit.auth import Principal
from servicekit.subject_keys import SubjectErasedError

from kk_intake.application.base import IntakeBase, must_work_at
from kk_intake.application.ports import RequestDetails
from kk_intake.domain.calendar import WorkingCalendar
from kk_intake.domain.exceptions import (
    InvalidRequestError,
    ProxyError,
    RequestNotFoundError,
)
from kk_intake.domain.request import Request


class RequestUseCases(IntakeBase):
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
