"""The policy applied to single events: which region, which pseudonyms, which fields."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from kk_contracts import Envelope, IntegrationEvent
from kk_contracts import observatory as out
from kk_contracts.codes import (
    AgeBand,
    Axis,
    BodyCategory,
    Channel,
    ConsentPurpose,
    LegalBasis,
    RequestCategory,
    Sex,
    Urgency,
    VulnerableGroup,
)
from kk_contracts.events.intake import (
    BeneficiaryErased,
    BeneficiaryRegistered,
    BeneficiaryTransferred,
    ConsentRecorded,
    RequestLogged,
)
from kk_contracts.events.referral import ReferralSent
from kk_contracts.events.registry import CentreRegistered
from kk_observatory.domain.counts import shown
from kk_observatory.domain.pseudonyms import Pseudonymiser
from kk_observatory.domain.routing import Router, Unroutable
from kk_observatory.domain.state import State

pytestmark = pytest.mark.unit

SECRET = b"a master secret of at least thirty-two bytes"
HERAKLION, KALYMNOS = "KK-7101", "KK-6101"  # Crete (EL43), South Aegean (EL42)


def envelope(event: IntegrationEvent) -> Envelope[IntegrationEvent]:
    return Envelope(uuid4(), "/kk/test", datetime(2026, 3, 2, 9, tzinfo=UTC), event)


def centre(centre_id: str, region: str) -> CentreRegistered:
    code = centre_id.removeprefix("KK-")
    return CentreRegistered(
        centre_id=centre_id,
        name_el="Κέντρο",
        name_en="Centre",
        municipality_code=code,
        regional_unit_code=code[:2],
        region_code=region,
        population=20_000,
        census_year=2021,
        staffing_band=2,
    )


def registered(person: UUID, centre_id: str, municipality: str) -> BeneficiaryRegistered:
    return BeneficiaryRegistered(
        beneficiary_id=person,
        centre_id=centre_id,
        municipality_code=municipality,
        registered_on=date(2026, 3, 2),
        age_band=AgeBand.FROM_25,
        sex=Sex.FEMALE,
        vulnerable_groups=(VulnerableGroup.ROMA, VulnerableGroup.POVERTY),
        mgi_recipient=True,
    )


def logged(person: UUID, category: RequestCategory) -> RequestLogged:
    return RequestLogged(
        request_id=uuid4(),
        beneficiary_id=person,
        centre_id=HERAKLION,
        axis=Axis.A,
        category=category,
        channel=Channel.IN_PERSON,
        logged_on=date(2026, 3, 3),
        due_on=date(2026, 3, 17),
    )


@pytest.fixture
def router() -> Router:
    routing = Router(Pseudonymiser(SECRET, 1), State())
    for event in (centre(HERAKLION, "EL43"), centre(KALYMNOS, "EL42")):
        assert routing.route(envelope(event)) == ([], None)
    return routing


def one(router: Router, event: IntegrationEvent) -> tuple[str, Any]:
    routed, rule = router.route(envelope(event))
    assert rule is None
    assert len(routed) == 1
    return routed[0].region, routed[0].record


def test_a_registration_reaches_its_centres_region_minimised(router: Router) -> None:
    person = uuid4()
    region, record = one(router, registered(person, HERAKLION, "7403"))  # Gavdos: 151 people
    assert region == "EL43"
    assert isinstance(record, out.PersonRegistered)
    assert record.person == router.pseudonyms.of("EL43", person) != str(person)
    assert (record.area, record.area_level) == ("74", "regional_unit")
    assert record.groups == (VulnerableGroup.POVERTY,)  # Roma is a special category
    assert "roma" not in record.model_dump_json()
    # ... counted only in the month's table
    counts = router.state.changed_rows()[("EL43", "2026-03", "registrations_by_group")]
    assert counts == {"roma": 1, "poverty": 1}


def test_a_large_municipality_is_given_as_itself(router: Router) -> None:
    _, record = one(router, registered(uuid4(), HERAKLION, "7101"))
    assert (record.area, record.area_level) == ("7101", "municipality")


def test_the_same_person_has_unrelated_pseudonyms_in_two_regions(router: Router) -> None:
    person = uuid4()
    one(router, registered(person, KALYMNOS, "6101"))
    moved = BeneficiaryTransferred(
        beneficiary_id=person,
        from_centre=KALYMNOS,
        to_centre=HERAKLION,
        transferred_on=date(2026, 4, 1),
    )
    routed, _ = router.route(envelope(moved))
    left, arrived = (r.record for r in routed)
    assert [r.region for r in routed] == ["EL42", "EL43"]
    assert isinstance(left, out.PersonLeft)
    assert left.to_region == "EL43"
    assert isinstance(arrived, out.PersonArrived)
    assert arrived.from_region == "EL42"
    assert left.person != arrived.person
    assert arrived.person == router.pseudonyms.of("EL43", person)
    assert arrived.groups == (VulnerableGroup.POVERTY,)
    # an erasure reaches both regions, each under its own pseudonym
    router.state.commit()
    erased = BeneficiaryErased(beneficiary_id=person, centre_id=HERAKLION, erased_on=date.today())
    routed, _ = router.route(envelope(erased))
    assert {(r.region, r.record.person) for r in routed} == {
        ("EL42", left.person),
        ("EL43", arrived.person),
    }
    marker = router.state.people.get(person)
    assert marker is not None
    assert marker.erased
    assert (marker.age_band, marker.sex, marker.municipality, marker.groups) == ("", "", "", ())


def test_pseudonyms_are_stable_and_change_with_the_key_version() -> None:
    person = uuid4()
    first, again = Pseudonymiser(SECRET, 1), Pseudonymiser(SECRET, 1)
    assert first.of("EL43", person) == again.of("EL43", person)
    assert first.record_id("EL43", person, 0) == again.record_id("EL43", person, 0)
    assert first.record_id("EL43", person, 0) != first.record_id("EL43", person, 1)
    assert len(first.record_id("EL43", person, 0)) == 22
    assert first.of("EL43", person) != Pseudonymiser(SECRET, 2).of("EL43", person)
    with pytest.raises(ValueError, match="32 bytes"):
        Pseudonymiser(b"short", 1)


def test_a_referral_names_no_body_and_its_kind_only_in_the_counts(router: Router) -> None:
    sent = ReferralSent(
        referral_id=uuid4(),
        beneficiary_id=uuid4(),
        centre_id=HERAKLION,
        body_id=uuid4(),
        body_category=BodyCategory.WOMEN_SHELTER,
        urgency=Urgency.URGENT,
        sent_on=date(2026, 3, 3),
        service=None,
        employment_type=None,
        respond_by=None,
    )
    _, record = one(router, sent)
    assert "body_category" not in record.model_dump()
    assert "body_id" not in record.model_dump()
    assert str(sent.body_id) not in record.model_dump_json()
    counts = router.state.changed_rows()[("EL43", "2026-03", "referrals_by_body_category")]
    assert counts == {"women_shelter": 1}


def test_consent_is_dropped_by_rule_and_an_unknown_centre_is_unroutable(router: Router) -> None:
    consent = ConsentRecorded(
        beneficiary_id=uuid4(),
        centre_id=HERAKLION,
        legal_basis=LegalBasis.CONSENT,
        purposes=(ConsentPurpose.CASE_MANAGEMENT,),
        recorded_on=date(2026, 3, 2),
        sharing_with=None,
    )
    assert router.route(envelope(consent)) == ([], "consent_stays_in_platform")
    with pytest.raises(Unroutable, match="KK-0101"):
        router.route(envelope(registered(uuid4(), "KK-0101", "0101")))


def test_small_counts_are_withheld_with_a_complement() -> None:
    assert shown({"a": 12, "b": 3, "c": 7, "d": 0}) == {"a": 12, "b": None, "c": None, "d": 0}
    assert shown({"a": 12, "b": 3, "c": 2}) == {"a": 12, "b": None, "c": None}
    assert shown({"a": 12, "b": 30}) == {"a": 12, "b": 30}


def test_an_erased_persons_later_events_make_no_record(router: Router) -> None:
    person = uuid4()
    one(router, registered(person, HERAKLION, "7101"))
    erased = BeneficiaryErased(beneficiary_id=person, centre_id=HERAKLION, erased_on=date.today())
    routed, _ = router.route(envelope(erased))
    assert [r.record.person for r in routed] == [router.pseudonyms.of("EL43", person)]
    late = logged(person, RequestCategory.PSYCHOSOCIAL_SUPPORT)
    assert router.route(envelope(late)) == ([], "person_erased")
    counts = router.state.changed_rows()[("EL43", "2026-03", "requests_by_category")]
    assert counts == {"psychosocial_support": 1}, "counted still, as their earlier facts are"
    assert router.route(envelope(erased)) == ([], None), "an erasure resent adds nothing"


def test_a_health_request_is_other_on_the_persons_record(router: Router) -> None:
    _, record = one(router, logged(uuid4(), RequestCategory.HEALTH_PREVENTION))
    assert record.category == RequestCategory.OTHER
    counts = router.state.changed_rows()[("EL43", "2026-03", "requests_by_category")]
    assert counts == {"health_prevention": 1}


def test_counts_are_published_in_batches_and_never_for_the_month_at_hand(router: Router) -> None:
    state = router.state
    one(router, registered(uuid4(), HERAKLION, "7101"))  # March 2026
    state.commit()
    first = state.publishable("2026-03", at_least=3)
    assert first == [], "the month at hand is not published"
    state.commit()
    # April: March has closed, so its rows go out, whatever their number
    april = state.publishable("2026-04", at_least=3)
    assert {row[1] for row in april} == {"2026-03"}
    state.commit()
    # a late March event alone is not published ...
    one(router, registered(uuid4(), HERAKLION, "7101"))
    state.commit()
    assert state.publishable("2026-04", at_least=3) == []
    state.commit()
    # ... until enough are pending to be told apart from no one
    for _ in range(2):
        one(router, registered(uuid4(), HERAKLION, "7101"))
    state.commit()
    assert {row[1] for row in state.publishable("2026-04", at_least=3)} == {"2026-03"}
