"""Intake on the in-memory event store: identifiers, access by centre, audited reads, and
what a registration publishes (codes, never identities)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import pytest
from kk_contracts.codes import AgeBand, Sex, VulnerableGroup
from kk_contracts.events.intake import (
    BeneficiaryRegistered,
    BeneficiaryTransferred,
    ConsentRecorded,
    ConsentWithdrawn,
)
from kk_intake.adapters.pseudonyms import Pseudonymiser
from kk_intake.adapters.translation import translate
from kk_intake.application import Consent, IntakeApplication
from kk_intake.application.glass import GlassNotNeededError, break_glass
from kk_intake.domain.exceptions import (
    AlreadyRegisteredError,
    ConsentError,
    InvalidPersonDetailsError,
    NotYourCentreError,
    UnknownCentreError,
)
from kk_intake.domain.identity import age_band, check_amka, luhn_valid
from kk_intake.domain.person import PersonDetails
from servicekit.auth import Principal, Role

pytestmark = pytest.mark.unit
CONSENT = Consent("consent", ["case_management", "referral_sharing"])
TODAY = date(2026, 11, 22)
VALID_AMKA = "01018012342"


class Centres:
    def __init__(self, *known: str) -> None:
        self.known = set(known)

    def exists(self, centre_id: str) -> bool:
        return centre_id in self.known

    def local_holidays(self, centre_id: str) -> list[date]:
        return []

    def open_programme_documents(self, programme_id: UUID) -> list[str] | None:
        return None


class Audit:
    """The audit trail in memory: reads, and glass broken (never lapsing here)."""

    def __init__(self) -> None:
        self.reads: list[tuple[UUID, str, str, bool]] = []
        self.broken: set[tuple[UUID, str]] = set()

    def file_read(
        self, *, beneficiary_id: UUID, by: Principal, reason: str, allowed: bool = True
    ) -> None:
        self.reads.append((beneficiary_id, by.subject, reason, allowed))

    def glass_broken(self, beneficiary_id: UUID, by: Principal) -> bool:
        return (beneficiary_id, by.subject) in self.broken

    def break_glass(
        self, *, beneficiary_id: UUID, by: Principal, reason: str, hours: float
    ) -> datetime:
        self.broken.add((beneficiary_id, by.subject))
        return datetime(2026, 12, 6, 14, 0, tzinfo=UTC)


def _app(audit: Audit | None = None) -> IntakeApplication:
    return IntakeApplication(
        centres=Centres("KK-6101", "KK-0201"),
        audit=audit or Audit(),
        pseudonyms=Pseudonymiser("k" * 32),
        today=lambda: TODAY,
    )


def _person(**overrides: object) -> PersonDetails:
    fields: dict[str, object] = {
        "amka": VALID_AMKA,
        "given_name": " Ελένη ",
        "family_name": "Παπαδοπούλου",
        "birth_date": date(1980, 1, 1),
        "sex": Sex.FEMALE,
        "municipality_code": "6101",
        "vulnerable_groups": (VulnerableGroup.UNEMPLOYMENT, VulnerableGroup.POVERTY),
        "mgi_recipient": True,
    }
    return PersonDetails(**{**fields, **overrides})  # type: ignore[arg-type]


STAFF = Principal("maria", Role.SOCIAL_WORKER, centre_id="KK-6101")


def test_amka_check_digit_is_luhn() -> None:
    assert luhn_valid(VALID_AMKA)
    assert check_amka(VALID_AMKA) == VALID_AMKA
    with pytest.raises(InvalidPersonDetailsError, match="check digit"):
        check_amka(VALID_AMKA[:-1] + "3")
    with pytest.raises(InvalidPersonDetailsError, match="11 digits"):
        check_amka("0101801234")


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (date(2008, 11, 23), AgeBand.UNDER_18),
        (date(2008, 11, 22), AgeBand.FROM_18),
        (date(1951, 11, 23), AgeBand.FROM_65),
        (date(1940, 1, 1), AgeBand.FROM_75),
    ],
)
def test_age_band_counts_birthdays(born: date, band: AgeBand) -> None:
    assert age_band(born, TODAY) == band


def test_registration_publishes_codes_and_no_identity() -> None:
    app = _app()
    beneficiary = app.register(
        centre_id="KK-6101", person=_person(), consent=CONSENT, staff=STAFF
    ).beneficiary
    published = translate(next(iter(app.events.get(beneficiary.id))))
    assert isinstance(published, BeneficiaryRegistered)
    assert published.age_band == AgeBand.FROM_45
    assert published.vulnerable_groups == (VulnerableGroup.POVERTY, VulnerableGroup.UNEMPLOYMENT)
    wire = published.model_dump_json()
    for secret in (VALID_AMKA, "Ελένη", "Παπαδοπούλου", "1980-01-01"):
        assert secret not in wire
    assert beneficiary.given_name == "Ελένη"


def test_staff_register_only_at_their_own_centre() -> None:
    other = Principal("nikos", Role.SOCIAL_WORKER, centre_id="KK-0201")
    with pytest.raises(NotYourCentreError, match="KK-6101"):
        _app().register(centre_id="KK-6101", person=_person(), consent=CONSENT, staff=other)


def test_an_unknown_centre_is_refused() -> None:
    staff = Principal("x", Role.SOCIAL_WORKER, centre_id="KK-9999")
    with pytest.raises(UnknownCentreError):
        _app().register(centre_id="KK-9999", person=_person(), consent=CONSENT, staff=staff)


def test_a_future_birth_date_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidPersonDetailsError) as caught:
        _app().register(
            centre_id="KK-6101",
            person=_person(birth_date=date(2027, 1, 1)),
            consent=CONSENT,
            staff=STAFF,
        )
    assert caught.value.field == "birth_date"


def test_every_read_of_a_file_is_audited_and_a_refused_attempt_too() -> None:
    audit = Audit()
    app = _app(audit)
    beneficiary = app.register(
        centre_id="KK-6101", person=_person(), consent=CONSENT, staff=STAFF
    ).beneficiary
    opened = app.open_file(beneficiary_id=beneficiary.id, staff=STAFF, reason="follow-up call")
    assert opened.amka == VALID_AMKA
    assert audit.reads == [(beneficiary.id, "maria", "follow-up call", True)]
    other = Principal("nikos", Role.CENTRE_HEAD, centre_id="KK-0201")
    with pytest.raises(NotYourCentreError):
        app.open_file(beneficiary_id=beneficiary.id, staff=other, reason="curious")
    assert audit.reads[1] == (beneficiary.id, "nikos", "curious", False)


def test_the_same_amka_at_another_centre_transfers_the_file_instead_of_duplicating_it() -> None:
    app = _app()
    first = app.register(
        centre_id="KK-6101", person=_person(), consent=CONSENT, staff=STAFF
    ).beneficiary
    other = Principal("nikos", Role.SOCIAL_WORKER, centre_id="KK-0201")
    second = app.register(
        centre_id="KK-0201", person=_person(given_name="Έλενα"), consent=CONSENT, staff=other
    )
    assert second.beneficiary.id == first.id
    assert second.transferred_from == "KK-6101"
    assert app.repository.get(first.id).centre_id == "KK-0201"
    published = [translate(e) for e in app.events.get(first.id)]
    transfer, consent = published[-2:]
    assert isinstance(transfer, BeneficiaryTransferred)
    assert (transfer.from_centre, transfer.to_centre) == ("KK-6101", "KK-0201")
    # and the person consents afresh at the centre that now keeps the file
    assert isinstance(consent, ConsentRecorded)
    assert consent.centre_id == "KK-0201"


def test_a_transfer_keeps_the_situation_told_at_the_new_centre() -> None:
    app = _app()
    first = app.register(
        centre_id="KK-6101", person=_person(), consent=CONSENT, staff=STAFF
    ).beneficiary
    other = Principal("nikos", Role.SOCIAL_WORKER, centre_id="KK-0201")
    moved = _person(municipality_code="0201", vulnerable_groups=(VulnerableGroup.HOMELESSNESS,))
    app.register(centre_id="KK-0201", person=moved, consent=CONSENT, staff=other)
    file = app.repository.get(first.id)
    assert (file.municipality_code, file.vulnerable_groups) == ("0201", ["homelessness"])
    # another birth date under the same AMKA is a mistake to check, not the same person
    with pytest.raises(InvalidPersonDetailsError) as caught:
        app.register(
            centre_id="KK-6101",
            person=_person(birth_date=date(1981, 1, 1)),
            consent=CONSENT,
            staff=STAFF,
        )
    assert caught.value.field == "birth_date"
    assert app.repository.get(first.id).centre_id == "KK-0201"


def test_the_same_amka_at_the_same_centre_is_refused() -> None:
    app = _app()
    first = app.register(
        centre_id="KK-6101", person=_person(), consent=CONSENT, staff=STAFF
    ).beneficiary
    with pytest.raises(AlreadyRegisteredError, match=str(first.id)):
        app.register(centre_id="KK-6101", person=_person(), consent=CONSENT, staff=STAFF)


def test_the_identity_index_holds_no_amka() -> None:
    app = _app()
    app.register(centre_id="KK-6101", person=_person(), consent=CONSENT, staff=STAFF)
    stored = [
        n for n in app.recorder.select_notifications(start=1, limit=10) if "Identity" in n.topic
    ]
    assert len(stored) == 1
    assert VALID_AMKA.encode() not in stored[0].state


def test_consent_is_recorded_with_the_file_and_withdrawn_by_purpose() -> None:
    app = _app()
    beneficiary = app.register(
        centre_id="KK-6101", person=_person(), consent=CONSENT, staff=STAFF
    ).beneficiary
    assert beneficiary.purposes == {"case_management", "referral_sharing"}
    app.withdraw_consent(beneficiary_id=beneficiary.id, purposes=["referral_sharing"], staff=STAFF)
    published = [translate(e) for e in app.events.get(beneficiary.id)]
    assert isinstance(published[-1], ConsentWithdrawn)
    assert published[-1].purposes == ("referral_sharing",)
    with pytest.raises(ConsentError, match="nothing to withdraw"):
        app.withdraw_consent(
            beneficiary_id=beneficiary.id, purposes=["referral_sharing"], staff=STAFF
        )


def test_another_centres_staff_read_a_file_only_after_breaking_the_glass() -> None:
    audit = Audit()
    app = _app(audit)
    beneficiary = app.register(
        centre_id="KK-6101", person=_person(), consent=CONSENT, staff=STAFF
    ).beneficiary
    stranger = Principal("nikos", Role.SOCIAL_WORKER, centre_id="KK-0201")
    with pytest.raises(NotYourCentreError):
        app.open_file(beneficiary_id=beneficiary.id, staff=stranger, reason="curious")
    break_glass(app, beneficiary_id=beneficiary.id, staff=stranger, reason="turned up here, ill")
    opened = app.open_file(beneficiary_id=beneficiary.id, staff=stranger, reason="emergency")
    assert opened.id == beneficiary.id
    assert [(who, allowed) for _, who, _, allowed in audit.reads] == [
        ("nikos", False),
        ("nikos", True),
        ("nikos", True),
    ]
    assert "break the glass: turned up here, ill" in audit.reads[1][2]
    with pytest.raises(GlassNotNeededError):
        break_glass(app, beneficiary_id=beneficiary.id, staff=STAFF, reason="no need at all")
