"""Requests and their 10-working-day clock, on the in-memory event store."""

from __future__ import annotations

import json
from datetime import date
from uuid import UUID

import pytest
from kk_contracts.codes import Sex
from kk_contracts.events.intake import ApplicationSubmitted, BeneficiaryInformed, RequestOverdue
from kk_intake.adapters.pseudonyms import Pseudonymiser
from kk_intake.adapters.translation import translate
from kk_intake.application import Consent, IntakeApplication, RequestDetails
from kk_intake.domain.calendar import (
    WorkingCalendar,
    due_date,
    national_holidays,
    orthodox_easter,
)
from kk_intake.domain.exceptions import (
    InvalidRequestError,
    NotYourCentreError,
    TransitionNotAllowedError,
)
from kk_intake.domain.person import PersonDetails
from servicekit.auth import Principal, Role

pytestmark = pytest.mark.unit
CONSENT = Consent("consent", ["case_management", "referral_sharing"])
STAFF = Principal("maria", Role.SOCIAL_WORKER, centre_id="KK-6101")
EEE = UUID(int=12, version=4)

# Orthodox Easter Sundays, as published by the Church of Greece.
KNOWN_EASTERS = {
    2018: date(2018, 4, 8),
    2019: date(2019, 4, 28),
    2020: date(2020, 4, 19),
    2021: date(2021, 5, 2),
    2022: date(2022, 4, 24),
    2023: date(2023, 4, 16),
    2024: date(2024, 5, 5),
    2025: date(2025, 4, 20),
    2026: date(2026, 4, 12),
    2027: date(2027, 5, 2),
    2028: date(2028, 4, 16),
    2029: date(2029, 4, 8),
    2030: date(2030, 4, 28),
}


@pytest.mark.parametrize(("year", "easter"), sorted(KNOWN_EASTERS.items()))
def test_orthodox_easter_matches_the_known_dates(year: int, easter: date) -> None:
    assert orthodox_easter(year) == easter


def test_the_movable_holidays_follow_easter() -> None:
    holidays = national_holidays(2026)
    assert {date(2026, 2, 23), date(2026, 4, 10), date(2026, 4, 13), date(2026, 6, 1)} <= holidays
    assert len(holidays) == 12


@pytest.mark.parametrize(
    ("logged", "local", "due"),
    [
        # Easter 2026: Good Friday 10 Apr and Easter Monday 13 Apr are skipped
        (date(2026, 4, 8), (), date(2026, 4, 24)),
        # Easter 2024 falls right after 1 May: both skipped
        (date(2024, 4, 29), (), date(2024, 5, 16)),
        # a Friday: the weekend is skipped
        (date(2026, 11, 20), (), date(2026, 12, 4)),
        # the same Friday, with the municipality's local holiday on Thursday 26 November
        (date(2026, 11, 20), (date(2026, 11, 26),), date(2026, 12, 7)),
        # Christmas, Boxing Day, New Year's Day and Epiphany
        (date(2025, 12, 19), (), date(2026, 1, 8)),
    ],
)
def test_due_dates_count_ten_working_days(logged: date, local: tuple[date, ...], due: date) -> None:
    assert due_date(WorkingCalendar(local), logged) == due


class Directory:
    def __init__(self) -> None:
        self.holidays: list[date] = []

    def exists(self, centre_id: str) -> bool:
        return centre_id == "KK-6101"

    def local_holidays(self, centre_id: str) -> list[date]:
        return self.holidays

    def open_programme_documents(self, programme_id: UUID) -> list[str] | None:
        return ["Αριθμός ΑΜΚΑ", "Κωδικοί TAXISnet"]


class Audit:
    def glass_broken(self, *_: object) -> bool:
        return False

    def file_read(self, **_: object) -> None:
        return None


class Waiting:
    def __init__(self) -> None:
        self.ids: list[UUID] = []

    def waiting_past(self, today: date) -> list[UUID]:
        return self.ids


def _app(today: date, waiting: Waiting | None = None) -> tuple[IntakeApplication, UUID]:
    app = IntakeApplication(
        centres=Directory(),
        audit=Audit(),
        pseudonyms=Pseudonymiser("k" * 32),
        requests=waiting,
        today=lambda: today,
    )
    person = PersonDetails("01018012342", "Ελένη", "Π", date(1980, 1, 1), Sex.FEMALE, "6101")
    return app, app.register(
        centre_id="KK-6101", person=person, consent=CONSENT, staff=STAFF
    ).beneficiary.id


HOUSING = RequestDetails(axis="C", category="housing", channel="phone", notes="Χρειάζεται στέγη")


def test_a_request_moves_only_along_the_allowed_transitions() -> None:
    app, person = _app(date(2026, 4, 8))
    request = app.log_request(beneficiary_id=person, details=HOUSING, staff=STAFF)
    assert request.due_on == date(2026, 4, 24)
    app.change_request_status(request_id=request.id, status="in_progress", reason="", staff=STAFF)
    with pytest.raises(TransitionNotAllowedError, match="allowed: closed, resolved, withdrawn"):
        app.change_request_status(request_id=request.id, status="open", reason="", staff=STAFF)
    app.change_request_status(request_id=request.id, status="resolved", reason="", staff=STAFF)
    with pytest.raises(TransitionNotAllowedError, match="the request is finished"):
        app.change_request_status(request_id=request.id, status="closed", reason="", staff=STAFF)


def test_an_unanswered_request_is_flagged_overdue_once_and_an_answered_one_never() -> None:
    waiting = Waiting()
    app, person = _app(date(2026, 4, 8), waiting)
    late = app.log_request(beneficiary_id=person, details=HOUSING, staff=STAFF)
    answered = app.log_request(beneficiary_id=person, details=HOUSING, staff=STAFF)
    app.record_informed(request_id=answered.id, channel="phone", informed_on=None, staff=STAFF)
    waiting.ids = [late.id, answered.id]
    app.today = lambda: date(2026, 4, 24)  # the due date itself is still in time
    assert app.flag_overdue_requests() == 0
    app.today = lambda: date(2026, 4, 27)
    assert app.flag_overdue_requests() == 1
    assert app.flag_overdue_requests() == 0
    published = [translate(e) for e in app.events.get(late.id)]
    overdue = [p for p in published if isinstance(p, RequestOverdue)]
    assert len(overdue) == 1
    assert (overdue[0].due_on, overdue[0].detected_on) == (date(2026, 4, 24), date(2026, 4, 27))
    assert overdue[0].centre_id == "KK-6101"


def test_informing_late_is_recorded_as_late_and_notes_never_leave() -> None:
    app, person = _app(date(2026, 5, 4))
    request = app.log_request(
        beneficiary_id=person,
        details=RequestDetails(
            axis="C",
            category="housing",
            channel="phone",
            notes="Χρειάζεται στέγη",
            logged_on=date(2026, 4, 8),
        ),
        staff=STAFF,
    )
    app.record_informed(request_id=request.id, channel="phone", informed_on=None, staff=STAFF)
    events = [translate(e) for e in app.events.get(request.id)]
    informed = [e for e in events if isinstance(e, BeneficiaryInformed)]
    assert informed[0].within_deadline is False
    assert all("στέγη" not in e.model_dump_json() for e in events if e is not None)


@pytest.mark.parametrize(
    ("details", "field"),
    [
        (
            RequestDetails(axis="A", category="application_support", channel="in_person"),
            "programme_id",
        ),
        (
            RequestDetails(
                axis="C", category="housing", channel="phone", logged_on=date(2026, 5, 1)
            ),
            "logged_on",
        ),
        (
            RequestDetails(
                axis="C", category="housing", channel="phone", logged_on=date(2015, 12, 31)
            ),
            "logged_on",
        ),
    ],
)
def test_bad_requests_name_the_field(details: RequestDetails, field: str) -> None:
    app, person = _app(date(2026, 4, 8))
    with pytest.raises(InvalidRequestError) as caught:
        app.log_request(beneficiary_id=person, details=details, staff=STAFF)
    assert caught.value.field == field


def test_another_centres_staff_can_neither_log_nor_read_requests() -> None:
    app, person = _app(date(2026, 4, 8))
    other = Principal("nikos", Role.SOCIAL_WORKER, centre_id="KK-0201")
    with pytest.raises(NotYourCentreError):
        app.log_request(beneficiary_id=person, details=HOUSING, staff=other)
    request = app.log_request(beneficiary_id=person, details=HOUSING, staff=STAFF)
    with pytest.raises(NotYourCentreError):
        app.read_request(request_id=request.id, staff=other, reason="curious")


def test_an_application_is_submitted_only_with_every_supporting_document() -> None:
    app, person = _app(date(2026, 4, 8))
    details = RequestDetails(
        axis="A", category="application_support", channel="in_person", programme_id=EEE
    )
    request = app.log_request(beneficiary_id=person, details=details, staff=STAFF)
    assert request.checklist == {"Αριθμός ΑΜΚΑ": False, "Κωδικοί TAXISnet": False}
    app.check_document(request_id=request.id, document="Αριθμός ΑΜΚΑ", collected=True, staff=STAFF)
    with pytest.raises(TransitionNotAllowedError, match="missing: Κωδικοί TAXISnet"):
        app.submit_application(request_id=request.id, staff=STAFF)
    with pytest.raises(InvalidRequestError, match="not on this request's checklist"):
        app.check_document(
            request_id=request.id, document="Διαβατήριο", collected=True, staff=STAFF
        )
    app.check_document(
        request_id=request.id, document="Κωδικοί TAXISnet", collected=True, staff=STAFF
    )
    app.submit_application(request_id=request.id, staff=STAFF)
    submitted = translate(list(app.events.get(request.id))[-1])
    assert isinstance(submitted, ApplicationSubmitted)
    assert (submitted.programme_id, submitted.documents) == (EEE, 2)
    with pytest.raises(TransitionNotAllowedError, match="already submitted"):
        app.submit_application(request_id=request.id, staff=STAFF)


def test_a_request_logged_before_checklists_existed_still_loads() -> None:
    app, person = _app(date(2026, 4, 8))
    request = app.log_request(beneficiary_id=person, details=HOUSING, staff=STAFF)
    plain = app.mapper.unsealed  # type: ignore[attr-defined]  # below the per-person seal
    stored = plain.to_stored_event(next(iter(app.events.get(request.id))))
    state = json.loads(stored.state)
    state.pop("documents")
    state.pop("class_version")
    old = type(stored)(
        stored.originator_id, stored.originator_version, stored.topic, json.dumps(state).encode()
    )
    assert plain.to_domain_event(old).documents == []
