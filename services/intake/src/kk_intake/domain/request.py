"""A request (αίτημα) and its 10-working-day right to information.

Every request gets a due date 10 working days ahead. The beneficiary must hear of its
progress by then: informing them, or closing the request, answers it. A request still
unanswered after its due date is flagged overdue, once.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from kk_intake.domain.calendar import WorkingCalendar, due_date
from kk_intake.domain.exceptions import InvalidRequestError, TransitionNotAllowedError

EARLIEST = date(2016, 1, 1)  # law 4368/2016 founded the centres
NEEDS_PROGRAMME = frozenset({"programme_information", "application_support"})
TERMINAL = frozenset({"resolved", "closed", "withdrawn"})
ALLOWED: dict[str, frozenset[str]] = {
    "open": frozenset({"in_progress"}) | TERMINAL,
    "in_progress": TERMINAL,
}


class Request(Aggregate):
    class Logged(Aggregate.Created):
        class_version = 2

        beneficiary_id: UUID
        centre_id: str
        axis: str
        category: str
        channel: str
        notes: str
        programme_id: UUID | None
        logged_on: date
        due_on: date
        documents: list[str]

        @staticmethod
        def upcast_v1_v2(state: dict[str, object]) -> None:
            state["documents"] = []

    class Changed(Aggregate.Event):
        """Every later event names the request's beneficiary and centre, as published
        events must (both are fixed when the request is logged)."""

        beneficiary_id: UUID
        centre_id: str

    class StatusChanged(Changed):
        status: str
        changed_on: date
        reason: str

        def apply(self, request: Request) -> None:
            request.status = self.status

    class BeneficiaryInformed(Changed):
        informed_on: date
        channel: str
        within_deadline: bool

        def apply(self, request: Request) -> None:
            request.informed_on = request.informed_on or self.informed_on

    class DocumentChecked(Changed):
        document: str
        collected: bool

        def apply(self, request: Request) -> None:
            request.checklist[self.document] = self.collected

    class ApplicationSubmitted(Changed):
        programme_id: UUID
        submitted_on: date
        documents: int

        def apply(self, request: Request) -> None:
            request.submitted_on = self.submitted_on

    class Overdue(Changed):
        due_on: date
        detected_on: date

        def apply(self, request: Request) -> None:
            request.overdue = True

    def __init__(
        self,
        *,
        beneficiary_id: UUID,
        centre_id: str,
        axis: str,
        category: str,
        channel: str,
        notes: str,
        programme_id: UUID | None,
        logged_on: date,
        due_on: date,
        documents: list[str],
    ) -> None:
        self.beneficiary_id = beneficiary_id
        self.centre_id = centre_id
        self.axis = axis
        self.category = category
        self.channel = channel
        self.notes = notes
        self.programme_id = programme_id
        self.logged_on = logged_on
        self.due_on = due_on
        self.status = "open"
        self.informed_on: date | None = None
        self.overdue = False
        # the programme's supporting documents (δικαιολογητικά): collected or not yet
        self.checklist: dict[str, bool] = dict.fromkeys(documents, False)
        self.submitted_on: date | None = None

    @classmethod
    def log(
        cls,
        *,
        beneficiary_id: UUID,
        centre_id: str,
        axis: str,
        category: str,
        channel: str,
        notes: str,
        programme_id: UUID | None,
        logged_on: date,
        today: date,
        calendar: WorkingCalendar,
        documents: list[str] | None = None,
        request_id: UUID | None = None,
    ) -> Request:
        if not EARLIEST <= logged_on <= today:
            raise InvalidRequestError(
                f"logged_on must be between {EARLIEST} and today", field="logged_on"
            )
        if category in NEEDS_PROGRAMME and programme_id is None:
            raise InvalidRequestError(
                f"a {category} request names its programme", field="programme_id"
            )
        return cls._create(
            cls.Logged,
            id=request_id or uuid4(),
            beneficiary_id=beneficiary_id,
            centre_id=centre_id,
            axis=axis,
            category=category,
            channel=channel,
            notes=notes,
            programme_id=programme_id,
            logged_on=logged_on,
            due_on=due_date(calendar, logged_on),
            documents=list(documents or []) if category == "application_support" else [],
        )

    def _record(self, event_class: type[Request.Changed], **fields: object) -> None:
        self.trigger_event(
            event_class, beneficiary_id=self.beneficiary_id, centre_id=self.centre_id, **fields
        )

    @property
    def answered(self) -> bool:
        return self.informed_on is not None or self.status in TERMINAL

    def change_status(self, *, status: str, on: date, reason: str) -> None:
        allowed = ALLOWED.get(self.status, frozenset())
        if status not in allowed:
            listed = ", ".join(sorted(allowed)) or "none: the request is finished"
            raise TransitionNotAllowedError(
                f"a {self.status} request cannot become {status}; allowed: {listed}"
            )
        self._record(self.StatusChanged, status=status, changed_on=on, reason=reason)

    def inform(self, *, on: date, channel: str) -> None:
        if on < self.logged_on:
            raise InvalidRequestError("informed before the request was logged", field="informed_on")
        self._record(
            self.BeneficiaryInformed,
            informed_on=on,
            channel=channel,
            within_deadline=on <= self.due_on,
        )

    def check_document(self, *, document: str, collected: bool) -> None:
        if document not in self.checklist:
            listed = "; ".join(self.checklist) or "none"
            raise InvalidRequestError(
                f"{document!r} is not on this request's checklist ({listed})", field="document"
            )
        self._record(self.DocumentChecked, document=document, collected=collected)

    def submit_application(self, *, on: date) -> None:
        """Submits the application once every supporting document is collected."""
        if self.category != "application_support" or self.programme_id is None:
            raise InvalidRequestError("only an application-support request submits an application")
        if self.submitted_on is not None or self.status in TERMINAL:
            raise TransitionNotAllowedError(
                f"the application was already submitted on {self.submitted_on}"
                if self.submitted_on
                else f"the request is {self.status}"
            )
        missing = [doc for doc, collected in self.checklist.items() if not collected]
        if missing:
            raise TransitionNotAllowedError(
                f"supporting documents still missing: {'; '.join(missing)}"
            )
        self._record(
            self.ApplicationSubmitted,
            programme_id=self.programme_id,
            submitted_on=on,
            documents=len(self.checklist),
        )

    def flag_if_overdue(self, today: date) -> bool:
        """Flags the request once if its due date passed unanswered; says whether it did."""
        if self.overdue or self.answered or today <= self.due_on:
            return False
        self._record(self.Overdue, due_on=self.due_on, detected_on=today)
        return True
