"""Referral's rules on the in-memory event store, with its replicas as plain dictionaries."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest
from kk_contracts.events.referral import ProgramEnrolled, ReferralSent
from kk_referral.application import ReferralApplication
from kk_referral.domain.exceptions import (
    BodyNotAcceptingReferralsError,
    NoConsentError,
    NotYourCentreError,
    UnknownBeneficiaryError,
    UnknownBodyError,
    UnknownProgrammeError,
)
from kk_referral.replicas import KnownBeneficiary, KnownBody
from kk_referral.translation import translate
from servicekit.auth import Principal, Role

pytestmark = pytest.mark.unit
PERSON, NO_CONSENT, DYPA, CLOSED, EEE = uuid4(), uuid4(), uuid4(), uuid4(), uuid4()
STAFF = Principal("maria", Role.SOCIAL_WORKER, centre_id="KK-6101")


class Directory:
    def beneficiary(self, beneficiary_id: UUID) -> KnownBeneficiary | None:
        purposes = frozenset({"case_management", "referral_sharing", "programme_applications"})
        return {
            PERSON: KnownBeneficiary("KK-6101", purposes),
            NO_CONSENT: KnownBeneficiary("KK-6101", frozenset({"case_management"})),
        }.get(beneficiary_id)

    def body(self, body_id: UUID) -> KnownBody | None:
        return {
            DYPA: KnownBody("employment_service", True),
            CLOSED: KnownBody("legal_aid", False),
        }.get(body_id)

    def programme_category(self, programme_id: UUID) -> str | None:
        return {EEE: "income_support"}.get(programme_id)


def _app() -> ReferralApplication:
    return ReferralApplication(replicas=Directory(), today=lambda: date(2026, 11, 22))


def test_a_referral_takes_the_body_category_and_keeps_its_note_inside() -> None:
    app = _app()
    referral = app.send_referral(
        beneficiary_id=PERSON,
        body_id=DYPA,
        urgency="urgent",
        note="Χρειάζεται κατάρτιση",
        staff=STAFF,
    )
    published = translate(next(iter(app.events.get(referral.id))))
    assert isinstance(published, ReferralSent)
    assert (published.centre_id, published.body_category) == ("KK-6101", "employment_service")
    assert "κατάρτιση" not in published.model_dump_json()


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
        _app().send_referral(
            beneficiary_id=beneficiary, body_id=body, urgency="routine", note="", staff=STAFF
        )


def test_only_the_owning_centre_refers_or_enrols() -> None:
    other = Principal("nikos", Role.SOCIAL_WORKER, centre_id="KK-0201")
    with pytest.raises(NotYourCentreError):
        _app().send_referral(
            beneficiary_id=PERSON, body_id=DYPA, urgency="routine", note="", staff=other
        )
    with pytest.raises(NotYourCentreError):
        _app().enrol(
            beneficiary_id=PERSON, programme_id=EEE, start_date=date(2026, 12, 1), staff=other
        )


def test_enrolment_names_the_programme_category_and_an_unknown_programme_is_refused() -> None:
    app = _app()
    enrolment = app.enrol(
        beneficiary_id=PERSON, programme_id=EEE, start_date=date(2026, 12, 1), staff=STAFF
    )
    published = translate(next(iter(app.events.get(enrolment.id))))
    assert isinstance(published, ProgramEnrolled)
    assert published.programme_category == "income_support"
    with pytest.raises(UnknownProgrammeError):
        app.enrol(
            beneficiary_id=PERSON, programme_id=uuid4(), start_date=date(2026, 12, 1), staff=STAFF
        )


def test_referrals_and_enrolments_need_the_persons_consent() -> None:
    with pytest.raises(NoConsentError, match="referral_sharing"):
        _app().send_referral(
            beneficiary_id=NO_CONSENT, body_id=DYPA, urgency="routine", note="", staff=STAFF
        )
    with pytest.raises(NoConsentError, match="programme_applications"):
        _app().enrol(
            beneficiary_id=NO_CONSENT, programme_id=EEE, start_date=date(2026, 12, 1), staff=STAFF
        )
