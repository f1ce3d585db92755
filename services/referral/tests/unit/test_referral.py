"""Referral's rules on the in-memory event store, with its replicas as plain dictionaries:
sending, the body's answers through its link, deadlines on the working-day calendar."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID, uuid4

import pytest
from kk_contracts.events.referral import (
    ProgramEnrolled,
    ProgramExited,
    ProgramRejected,
    ProgramRenewed,
    ReferralCompleted,
    ReferralExpired,
    ReferralOverdue,
    ReferralRedirected,
    ReferralRefused,
    ReferralSent,
)
from kk_referral.adapters.translation import translate
from kk_referral.application import EnrolmentDecision, ReferralApplication, ReferralDetails
from kk_referral.application.known import KnownBeneficiary, KnownBody
from kk_referral.application.links import Link, LinkSigner, valid_until
from kk_referral.domain.exceptions import (
    AlreadyDecidedError,
    AlreadyEnrolledError,
    BodyNotAcceptingReferralsError,
    InvalidEnrolmentError,
    InvalidReferralError,
    LinkGoneError,
    LinkInvalidError,
    NoConsentError,
    NotYourCentreError,
    TransitionNotAllowedError,
    UnknownBeneficiaryError,
    UnknownBodyError,
    UnknownProgrammeError,
)
from servicekit.auth import Principal, Role

pytestmark = pytest.mark.unit
PERSON, NO_CONSENT, DYPA, CLOSED, EEE = uuid4(), uuid4(), uuid4(), uuid4(), uuid4()
LIMITED = uuid4()  # consented to sharing with legal aid only
SHELTER, LEGAL_AID = uuid4(), uuid4()
STAFF = Principal("maria", Role.SOCIAL_WORKER, centre_id="KK-6101")
MONDAY = date(2026, 11, 23)


class Directory:
    def beneficiary(self, beneficiary_id: UUID) -> KnownBeneficiary | None:
        purposes = frozenset({"case_management", "referral_sharing", "programme_applications"})
        return {
            PERSON: KnownBeneficiary("KK-6101", purposes),
            NO_CONSENT: KnownBeneficiary("KK-6101", frozenset({"case_management"})),
            LIMITED: KnownBeneficiary("KK-6101", purposes, frozenset({"legal_aid"})),
        }.get(beneficiary_id)

    def body(self, body_id: UUID) -> KnownBody | None:
        return {
            DYPA: KnownBody("employment_service", True),
            SHELTER: KnownBody("homeless_shelter", True),
            LEGAL_AID: KnownBody("legal_aid", True),
            CLOSED: KnownBody("legal_aid", False),
        }.get(body_id)

    def programme_category(self, programme_id: UUID) -> str | None:
        return {EEE: "income_support"}.get(programme_id)

    def local_holidays(self, centre_id: str) -> list[date]:
        return [date(2026, 11, 26)]  # a Thursday


class Audit:
    def __init__(self) -> None:
        self.uses: list[tuple[str, bool]] = []
        self.reads: list[tuple[str, str, bool]] = []

    def used(self, *, referral_id: UUID, body_id: UUID, action: str, allowed: bool) -> None:
        self.uses.append((action, allowed))

    def referral_read(
        self, *, referral_id: UUID, beneficiary_id: UUID, by: Principal, reason: str,
        allowed: bool,
    ) -> None:  # fmt: skip
        self.reads.append((by.subject, reason, allowed))


class Clock:
    def __init__(self, today: date) -> None:
        self.today = today

    def __call__(self) -> date:
        return self.today


def _app(clock: Clock | None = None, audit: Audit | None = None) -> ReferralApplication:
    return ReferralApplication(
        replicas=Directory(),
        links=LinkSigner("l" * 32),
        audit=audit or Audit(),
        today=clock or Clock(MONDAY),
    )


def _details(**overrides: object) -> ReferralDetails:
    fields: dict[str, object] = {
        "beneficiary_id": PERSON,
        "body_id": LEGAL_AID,
        "service": "legal_information",
        "urgency": "routine",
        "note": "Χρειάζεται νομική συνδρομή για έξωση",
    }
    return ReferralDetails(**{**fields, **overrides})  # type: ignore[arg-type]


def test_a_referral_gets_its_deadline_from_the_body_category_and_keeps_its_note_inside() -> None:
    app = _app()
    referral = app.send_referral(_details(), staff=STAFF)
    # ten working days, skipping the weekend and the centre's local holiday (Thursday 26th)
    assert referral.respond_by == date(2026, 12, 8)
    published = translate(next(iter(app.events.get(referral.id))))
    assert isinstance(published, ReferralSent)
    assert (published.centre_id, published.body_category) == ("KK-6101", "legal_aid")
    assert published.respond_by == date(2026, 12, 8)
    assert "έξωση" not in published.model_dump_json()
    shelter = app.send_referral(_details(body_id=SHELTER, service="housing"), staff=STAFF)
    assert shelter.respond_by == date(2026, 11, 25)  # shelters answer within two


def test_an_employment_referral_says_what_it_is_for() -> None:
    app = _app()
    with pytest.raises(InvalidReferralError) as caught:
        app.send_referral(_details(body_id=DYPA, service="employment_referral"), staff=STAFF)
    assert caught.value.field == "employment_type"
    sent = app.send_referral(
        _details(body_id=DYPA, service="employment_referral", employment_type="training"),
        staff=STAFF,
    )
    assert sent.employment_type == "training"
    with pytest.raises(InvalidReferralError):
        app.send_referral(_details(employment_type="job_vacancy"), staff=STAFF)


def test_the_body_answers_through_its_link_and_every_use_is_audited() -> None:
    audit = Audit()
    app = _app(audit=audit)
    referral = app.send_referral(_details(), staff=STAFF)
    link = app.link_for(referral)
    assert app.open_link(link).status == "sent", "opening a link changes nothing"
    app.body_acts(link, "accepted", app.accept)
    history = [type(e).__name__ for e in app.events.get(referral.id)]
    assert history[-2:] == ["Received", "Accepted"], "the first answer records the receipt"
    app.body_acts(link, "in_service", lambda r: r.start_service(on=MONDAY))
    done = app.body_acts(
        link,
        "completed",
        lambda r: r.complete(outcome="provided", feedback="Εκπροσωπήθηκε", on=MONDAY),
    )
    assert done.status == "completed"
    # 60 working days, past the local holiday, Christmas, New Year's Day and Epiphany
    assert done.complete_by == date(2027, 2, 19)
    assert audit.uses == [
        ("open", True),
        ("accepted", True),
        ("in_service", True),
        ("completed", True),
    ]
    published = [translate(e) for e in app.events.get(referral.id)]
    completed = published[-1]
    assert isinstance(completed, ReferralCompleted)
    assert completed.outcome == "provided"
    assert "Εκπροσωπήθηκε" not in completed.model_dump_json()
    # a closed referral's link shows it, but takes no more answers
    with pytest.raises(LinkGoneError, match="closed"):
        app.body_acts(link, "refused", lambda r: r.refuse(reason="other", detail="x", on=MONDAY))
    assert audit.uses[-1] == ("refused", False)


def test_a_step_not_allowed_lists_the_allowed_ones_and_a_refusal_names_its_reason() -> None:
    app = _app()
    referral = app.send_referral(_details(), staff=STAFF)
    link = app.link_for(referral)
    with pytest.raises(
        TransitionNotAllowedError, match=r"what you can do now: accepted, redirected, refused$"
    ):
        app.body_acts(
            link, "completed", lambda r: r.complete(outcome="provided", feedback="", on=MONDAY)
        )
    with pytest.raises(InvalidReferralError) as caught:
        app.body_acts(link, "refused", lambda r: r.refuse(reason="other", detail=" ", on=MONDAY))
    assert caught.value.field == "detail"
    app.body_acts(link, "refused", lambda r: r.refuse(reason="no_capacity", detail="", on=MONDAY))
    refused = translate(list(app.events.get(referral.id))[-1])
    assert isinstance(refused, ReferralRefused)
    assert refused.reason == "no_capacity"


def test_a_redirect_moves_the_referral_and_the_old_link_is_gone() -> None:
    app = _app()
    referral = app.send_referral(_details(), staff=STAFF)
    old_link = app.link_for(referral)
    redirected = app.body_acts(old_link, "redirected", lambda r: app.redirect(r, SHELTER))
    assert (redirected.body_id, redirected.status) == (SHELTER, "sent")
    assert redirected.respond_by == date(2026, 11, 25)
    published = translate(list(app.events.get(referral.id))[-1])
    assert isinstance(published, ReferralRedirected)
    assert (published.body_id, published.to_body_id) == (LEGAL_AID, SHELTER)
    with pytest.raises(LinkGoneError, match="redirected"):
        app.open_link(old_link)
    assert app.open_link(app.link_for(redirected)).status == "sent"
    with pytest.raises(BodyNotAcceptingReferralsError):
        app.body_acts(app.link_for(redirected), "redirected", lambda r: app.redirect(r, CLOSED))


def test_an_unanswered_referral_expires_after_its_deadline_and_only_then() -> None:
    clock = Clock(MONDAY)
    app = _app(clock)
    referral = app.send_referral(_details(), staff=STAFF)

    class Due:
        def past_deadline(self, today: date) -> list[UUID]:
            return [referral.id]

    app.deadlines = Due()
    clock.today = date(2026, 12, 8)  # the deadline itself: still in time
    assert app.check_deadlines() == 0
    clock.today = date(2026, 12, 9)
    assert app.check_deadlines() == 1
    expired = translate(list(app.events.get(referral.id))[-1])
    assert isinstance(expired, ReferralExpired)
    assert expired.respond_by == date(2026, 12, 8)
    assert app.check_deadlines() == 0  # expired once


def test_an_accepted_referral_past_its_completion_deadline_is_flagged_once() -> None:
    clock = Clock(MONDAY)
    app = _app(clock)
    referral = app.send_referral(_details(), staff=STAFF)
    link = app.link_for(referral)
    accepted = app.body_acts(link, "accepted", app.accept)

    class Due:
        def past_deadline(self, today: date) -> list[UUID]:
            return [referral.id]

    app.deadlines = Due()
    assert accepted.complete_by is not None
    clock.today = accepted.complete_by + timedelta(days=1)
    assert app.check_deadlines() == 1
    overdue = translate(list(app.events.get(referral.id))[-1])
    assert isinstance(overdue, ReferralOverdue)
    assert (overdue.status, overdue.complete_by) == ("accepted", accepted.complete_by)
    assert app.check_deadlines() == 0
    # overdue is a flag, not an end: the body still completes it
    done = app.body_acts(
        link, "completed", lambda r: r.complete(outcome="provided", feedback="", on=clock.today)
    )
    assert done.status == "completed"


def test_links_cannot_be_made_up_and_expire() -> None:
    signer = LinkSigner("l" * 32)
    until = valid_until(MONDAY, None)
    assert until == date(2027, 5, 22)  # 180 days
    assert valid_until(MONDAY, date(2027, 6, 1)) == date(2027, 7, 1)  # a month after service
    link = Link(uuid4(), uuid4(), MONDAY, until)
    token = signer.issue(link)
    assert signer.verify(token) == link
    assert not link.expired(until)
    assert link.expired(until + timedelta(days=1))
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    other_key = LinkSigner("m" * 32).issue(link)
    for bad in (forged, "nonsense", other_key):
        with pytest.raises(LinkInvalidError):
            signer.verify(bad)


def test_an_expired_link_is_gone_and_its_use_is_audited() -> None:
    audit, clock = Audit(), Clock(MONDAY)
    app = _app(clock, audit)
    referral = app.send_referral(_details(), staff=STAFF)
    link = app.link_for(referral)
    clock.today = MONDAY + timedelta(days=181)
    with pytest.raises(LinkGoneError, match="expired"):
        app.open_link(link)
    assert audit.uses == [("open", False)]


def test_a_late_answer_finds_the_referral_expired_even_before_the_worker_runs() -> None:
    clock = Clock(MONDAY)
    app = _app(clock)
    referral = app.send_referral(_details(), staff=STAFF)
    link = app.link_for(referral)
    clock.today = date(2026, 12, 9)  # the day after the deadline
    with pytest.raises(LinkGoneError, match="closed"):
        app.body_acts(link, "accepted", app.accept)
    assert app.repository.get(referral.id).status == "expired"
    shared = app.open_link(link)  # the body may still look: it sees the status, not the note
    assert shared.status == "expired"


def test_a_link_revoked_by_a_redirect_stays_revoked_if_the_referral_comes_back() -> None:
    clock = Clock(MONDAY)
    app = _app(clock)
    referral = app.send_referral(_details(), staff=STAFF)
    first = app.link_for(referral)
    app.body_acts(first, "redirected", lambda r: app.redirect(r, SHELTER))
    clock.today = MONDAY + timedelta(days=1)
    back = app.link_for(app.repository.get(referral.id))
    app.body_acts(back, "redirected", lambda r: app.redirect(r, LEGAL_AID))
    with pytest.raises(LinkGoneError, match="redirected"):
        app.open_link(first)
    assert app.open_link(app.link_for(app.repository.get(referral.id))).status == "sent"


@pytest.mark.parametrize(
    ("beneficiary", "body", "error"),
    [
        (uuid4(), DYPA, UnknownBeneficiaryError),
        (PERSON, uuid4(), UnknownBodyError),
        (PERSON, CLOSED, BodyNotAcceptingReferralsError),
    ],
)
def test_referrals_need_a_known_person_and_an_accepting_body(
    beneficiary: UUID, body: UUID, error: type[Exception]
) -> None:
    with pytest.raises(error):
        _app().send_referral(_details(beneficiary_id=beneficiary, body_id=body), staff=STAFF)


def test_only_the_owning_centre_refers_reads_withdraws_or_enrols() -> None:
    audit = Audit()
    app = _app(audit=audit)
    referral = app.send_referral(_details(), staff=STAFF)
    other = Principal("nikos", Role.SOCIAL_WORKER, centre_id="KK-0201")
    with pytest.raises(NotYourCentreError):
        app.send_referral(_details(), staff=other)
    with pytest.raises(NotYourCentreError):
        app.read_referral(referral.id, staff=other, reason="curiosity")
    assert app.read_referral(referral.id, staff=STAFF, reason="follow-up").id == referral.id
    assert audit.reads == [("nikos", "curiosity", False), (STAFF.subject, "follow-up", True)]
    with pytest.raises(NotYourCentreError):
        app.withdraw(referral.id, reason="no longer needed", staff=other)
    with pytest.raises(NotYourCentreError):
        app.enrol(EnrolmentDecision(PERSON, EEE, date(2026, 12, 1)), staff=other)
    assert app.withdraw(referral.id, reason="no longer needed", staff=STAFF).status == "withdrawn"


def test_enrolment_names_the_programme_category_and_an_unknown_programme_is_refused() -> None:
    app = _app()
    enrolment = app.enrol(EnrolmentDecision(PERSON, EEE, date(2026, 12, 1)), staff=STAFF)
    published = translate(next(iter(app.events.get(enrolment.id))))
    assert isinstance(published, ProgramEnrolled)
    assert published.programme_category == "income_support"
    with pytest.raises(UnknownProgrammeError):
        app.enrol(EnrolmentDecision(PERSON, uuid4(), date(2026, 12, 1)), staff=STAFF)


def test_nobody_is_enrolled_twice_in_a_programme_at_the_same_time() -> None:
    app = _app()
    first = app.enrol(
        EnrolmentDecision(PERSON, EEE, date(2026, 11, 2), renew_by=date(2027, 5, 2)),
        staff=STAFF,
    )
    with pytest.raises(AlreadyEnrolledError, match="since 2026-11-02"):
        app.enrol(EnrolmentDecision(PERSON, EEE, date(2026, 12, 1)), staff=STAFF)
    renewed = app.renew(first.id, renew_by=date(2027, 11, 2), staff=STAFF)
    assert isinstance(translate(list(app.events.get(first.id))[-1]), ProgramRenewed)
    assert renewed.renew_by == date(2027, 11, 2)
    app.exit(first.id, reason="no_longer_eligible", on=None, staff=STAFF)
    exited = translate(list(app.events.get(first.id))[-1])
    assert isinstance(exited, ProgramExited)
    assert exited.reason == "no_longer_eligible"
    with pytest.raises(InvalidEnrolmentError):
        app.exit(first.id, reason="voluntary", on=None, staff=STAFF)
    # after the exit, a new enrolment is possible, not overlapping the last one
    with pytest.raises(InvalidEnrolmentError, match="ended on 2026-11-23"):
        app.enrol(EnrolmentDecision(PERSON, EEE, date(2026, 11, 1)), staff=STAFF)
    again = app.enrol(EnrolmentDecision(PERSON, EEE, date(2026, 12, 1)), staff=STAFF)
    assert again.id != first.id


def test_an_application_is_decided_once_and_a_rejection_names_its_reason() -> None:
    app = _app()
    request_id = uuid4()
    decision = EnrolmentDecision(PERSON, EEE, request_id=request_id)
    rejected = app.reject(decision, reason="income_over_limit", staff=STAFF)
    published = translate(next(iter(app.events.get(rejected.id))))
    assert isinstance(published, ProgramRejected)
    assert published.reason == "income_over_limit"
    with pytest.raises(AlreadyDecidedError):
        app.enrol(decision, staff=STAFF)


def test_referrals_and_enrolments_need_the_persons_consent() -> None:
    with pytest.raises(NoConsentError, match="referral_sharing"):
        _app().send_referral(_details(beneficiary_id=NO_CONSENT), staff=STAFF)
    with pytest.raises(NoConsentError, match="programme_applications"):
        _app().enrol(EnrolmentDecision(NO_CONSENT, EEE, date(2026, 12, 1)), staff=STAFF)


def test_consent_limited_to_some_kinds_of_body_is_honoured_on_sending_and_redirecting() -> None:
    app = _app()
    with pytest.raises(NoConsentError, match=r"employment_service .*covers legal_aid"):
        app.send_referral(
            _details(beneficiary_id=LIMITED, body_id=DYPA, employment_type="training"),
            staff=STAFF,
        )
    referral = app.send_referral(_details(beneficiary_id=LIMITED), staff=STAFF)
    with pytest.raises(NoConsentError, match="homeless_shelter"):
        app.body_acts(app.link_for(referral), "redirected", lambda r: app.redirect(r, SHELTER))


def test_enrolments_stored_before_they_moved_module_are_still_read() -> None:
    from eventsourcing.utils import resolve_topic
    from kk_referral.domain.enrolment import ActiveEnrolment, Enrolment

    assert resolve_topic("kk_referral.domain.referral:Enrolment.Enrolled") is Enrolment.Enrolled
    found = resolve_topic("kk_referral.domain.referral:ActiveEnrolment.Started")
    assert found is ActiveEnrolment.Started
