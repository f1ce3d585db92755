"""The individual file beyond the basics: AFM, household, disability, proxy, likely
duplicates, and files stored before those existed."""

from __future__ import annotations

import json
from datetime import date

import pytest
from kk_contracts.codes import DuplicateReviewOutcome, Sex, VulnerableGroup
from kk_contracts.events.intake import (
    BeneficiaryRegistered,
    DuplicateReviewed,
    LikelyDuplicateFlagged,
)
from kk_intake.adapters.translation import translate
from kk_intake.application import RequestDetails
from kk_intake.domain.beneficiary import Beneficiary
from kk_intake.domain.exceptions import (
    DuplicateReviewError,
    InvalidPersonDetailsError,
    ProxyError,
)
from kk_intake.domain.identity import afm_valid, check_afm, match_key
from kk_intake.domain.person import (
    AuthorisationKind,
    Contact,
    HouseholdMember,
    HouseholdRelation,
    Proxy,
)

from .test_intake import CONSENT, STAFF, TODAY, _app, _person

pytestmark = pytest.mark.unit
OTHER_AMKA = "02029012347"
PROXY = Proxy(
    given_name="Γιώργος",
    family_name="Παπαδόπουλος",
    id_document="ΑΚ123456",
    relation="γιος / son",
    authorisation=AuthorisationKind.GOV_GR,
    reference="GOV-2026-778",
    issued_on=date(2026, 11, 1),
    valid_until=date(2027, 11, 1),
)
BY_PROXY = RequestDetails(axis="A", category="legal_information", channel="proxy")


def test_afm_check_digit() -> None:
    assert afm_valid("090000045")  # a public company's published AFM
    assert not afm_valid("090000046")
    assert not afm_valid("000000000")
    with pytest.raises(InvalidPersonDetailsError, match="check digit") as caught:
        check_afm("090000046")
    assert caught.value.field == "afm"
    with pytest.raises(InvalidPersonDetailsError, match="9 digits"):
        check_afm("12345")


def test_the_whole_file_is_kept_and_none_of_it_is_published() -> None:
    app = _app()
    details = _person(
        afm="090000045",
        citizenship="SY",
        languages=("ar", "el", "ar"),
        contact=Contact(phone="+30 6912345678", email="eleni@example.org", address="Οδός 1"),
        household=(HouseholdMember(HouseholdRelation.CHILD, "Νίκος", birth_date=date(2015, 3, 1)),),
        vulnerable_groups=(VulnerableGroup.DISABILITY, VulnerableGroup.MIGRANT),
        disability_percent=67,
    )
    beneficiary = app.register(
        centre_id="KK-6101", person=details, consent=CONSENT, staff=STAFF, proxy=PROXY
    ).beneficiary
    stored: Beneficiary = app.repository.get(beneficiary.id)
    assert (stored.afm, stored.citizenship, stored.languages) == ("090000045", "SY", ["ar", "el"])
    assert stored.contact["email"] == "eleni@example.org"
    assert stored.household[0]["relation"] == "child"
    assert stored.household[0]["birth_date"] == date(2015, 3, 1)
    assert stored.disability_percent == 67
    assert stored.proxy is not None
    assert stored.proxy["reference"] == "GOV-2026-778"
    wire = "".join(
        p.model_dump_json() for e in app.events.get(beneficiary.id) if (p := translate(e))
    )
    assert '"municipality_code":"6101"' in wire  # the coded facts do leave
    for secret in ("090000045", "SY", "6912345678", "eleni@", "Νίκος", "Γιώργος", "ΑΚ123456"):
        assert secret not in wire


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"household": (HouseholdMember(HouseholdRelation.CHILD, "Α", amka="12345678901"),)},
         "household.0.amka"),
        ({"household": (HouseholdMember(HouseholdRelation.PARENT, "Β",
                                        birth_date=date(2030, 1, 1)),)},
         "household.0.birth_date"),
        ({"disability_percent": 67}, "disability_percent"),  # without the disability group
        ({"disability_percent": 0, "vulnerable_groups": (VulnerableGroup.DISABILITY,)},
         "disability_percent"),
        ({"afm": "123456789"}, "afm"),
        ({"municipality_code": "9999"}, "municipality_code"),
    ],
)  # fmt: skip
def test_bad_details_name_the_field(overrides: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidPersonDetailsError) as caught:
        _app().register(
            centre_id="KK-6101", person=_person(**overrides), consent=CONSENT, staff=STAFF
        )
    assert caught.value.field == field


def test_a_request_through_a_proxy_needs_a_valid_authorisation_on_file() -> None:
    app = _app()
    beneficiary = app.register(
        centre_id="KK-6101", person=_person(), consent=CONSENT, staff=STAFF
    ).beneficiary
    with pytest.raises(ProxyError, match="authorisation") as caught:
        app.log_request(beneficiary_id=beneficiary.id, details=BY_PROXY, staff=STAFF)
    assert caught.value.field == "channel"
    app.authorise_proxy(beneficiary_id=beneficiary.id, proxy=PROXY, staff=STAFF)
    logged = app.log_request(beneficiary_id=beneficiary.id, details=BY_PROXY, staff=STAFF)
    assert logged.channel == "proxy"
    app.revoke_proxy(beneficiary_id=beneficiary.id, staff=STAFF)
    with pytest.raises(ProxyError):
        app.log_request(beneficiary_id=beneficiary.id, details=BY_PROXY, staff=STAFF)
    with pytest.raises(ProxyError, match="no proxy"):
        app.revoke_proxy(beneficiary_id=beneficiary.id, staff=STAFF)


def test_an_expired_or_future_authorisation_is_refused() -> None:
    app = _app()
    beneficiary = app.register(
        centre_id="KK-6101", person=_person(), consent=CONSENT, staff=STAFF
    ).beneficiary
    for proxy, field in (
        (Proxy(**{**vars(PROXY), "valid_until": date(2026, 11, 21)}), "proxy.valid_until"),
        (Proxy(**{**vars(PROXY), "issued_on": date(2026, 11, 23)}), "proxy.issued_on"),
    ):
        with pytest.raises(ProxyError) as caught:
            app.authorise_proxy(beneficiary_id=beneficiary.id, proxy=proxy, staff=STAFF)
        assert caught.value.field == field


def test_names_are_matched_regardless_of_case_accents_and_spacing() -> None:
    born = date(1980, 1, 1)
    assert match_key("Ελένη", "Παπαδοπούλου", born) == match_key(" ελενη ", "ΠΑΠΑΔΟΠΟΥΛΟΥ", born)
    assert match_key("Ελένη", "Παπαδοπούλου", born) != match_key(
        "Ελένη", "Παπαδοπούλου", date(1980, 1, 2)
    )


def test_same_names_and_birth_date_under_another_amka_is_flagged_for_review() -> None:
    app = _app()
    first = app.register(
        centre_id="KK-6101", person=_person(), consent=CONSENT, staff=STAFF
    ).beneficiary
    assert not first.awaits_duplicate_review
    second = app.register(
        centre_id="KK-6101",
        person=_person(amka=OTHER_AMKA, given_name="ΕΛΕΝΗ", family_name="Παπαδοπουλου"),
        consent=CONSENT,
        staff=STAFF,
    ).beneficiary
    assert second.id != first.id
    assert second.likely_duplicates == [first.id]
    published = [translate(e) for e in app.events.get(second.id)]
    flagged = next(p for p in published if isinstance(p, LikelyDuplicateFlagged))
    assert (flagged.centre_id, flagged.flagged_on) == ("KK-6101", TODAY)
    assert str(first.id) not in flagged.model_dump_json()  # which file matched stays inside

    app.review_duplicate(
        beneficiary_id=second.id, outcome=DuplicateReviewOutcome.DISTINCT, staff=STAFF
    )
    reviewed = translate(list(app.events.get(second.id))[-1])
    assert isinstance(reviewed, DuplicateReviewed)
    assert reviewed.outcome == DuplicateReviewOutcome.DISTINCT
    with pytest.raises(DuplicateReviewError):
        app.review_duplicate(
            beneficiary_id=second.id, outcome=DuplicateReviewOutcome.SAME_PERSON, staff=STAFF
        )


def test_an_erased_file_matches_nobody_any_more() -> None:
    app = _app()
    first = app.register(
        centre_id="KK-6101", person=_person(), consent=CONSENT, staff=STAFF
    ).beneficiary
    second = app.register(
        centre_id="KK-6101", person=_person(amka=OTHER_AMKA), consent=CONSENT, staff=STAFF
    ).beneficiary
    app.erase(beneficiary_id=first.id, reason="asked to be forgotten", by=STAFF)
    third = app.register(
        centre_id="KK-6101", person=_person(amka="03037012345"), consent=CONSENT, staff=STAFF
    ).beneficiary
    assert third.likely_duplicates == [second.id]


def test_a_file_stored_before_the_fuller_details_still_loads() -> None:
    app = _app()
    beneficiary = app.register(
        centre_id="KK-6101", person=_person(sex=Sex.MALE), consent=CONSENT, staff=STAFF
    ).beneficiary
    plain = app.mapper.unsealed  # type: ignore[attr-defined]  # below the per-person seal
    stored = plain.to_stored_event(next(iter(app.events.get(beneficiary.id))))
    state = json.loads(stored.state)
    for field in ("afm", "citizenship", "languages", "contact", "household", "disability_percent"):
        state.pop(field)
    state.pop("class_version")
    old = type(stored)(
        stored.originator_id, stored.originator_version, stored.topic, json.dumps(state).encode()
    )
    registered = plain.to_domain_event(old)
    assert (registered.afm, registered.household, registered.contact) == (None, [], {})
    assert isinstance(translate(registered), BeneficiaryRegistered)
