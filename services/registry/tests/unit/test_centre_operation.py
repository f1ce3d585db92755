"""A centre's operation, bodies and programmes on the in-memory event store."""

from __future__ import annotations

import json
from datetime import date, time

import pytest
from kk_contracts.events.registry import (
    CentreComplianceRestored,
    CentreFlaggedNonCompliant,
    ProgramRegistered,
)
from kk_registry.adapters.translation import translate
from kk_registry.application import RegistryApplication
from kk_registry.domain.catalogue import Body, Programme
from kk_registry.domain.exceptions import (
    BodyWithoutContactError,
    ConflictError,
    InvalidOpeningHoursError,
    MoreThanOneHeadError,
    UnknownBodyError,
    UnknownMunicipalityError,
)
from kk_registry.domain.staffing import Position

pytestmark = pytest.mark.unit
HEAD = Position("social_worker", head=True)
KALYMNOS = "KK-6101"  # 16,179 inhabitants in 2011: band 2


def _app() -> RegistryApplication:
    app = RegistryApplication()
    app.register_centre(municipality_code="6101", census=2011)
    return app


def _published(app: RegistryApplication, aggregate_id):  # type: ignore[no-untyped-def]
    return [translate(e) for e in app.events.get(aggregate_id)]


def test_a_centre_is_flagged_when_its_head_social_worker_leaves_and_cleared_on_return() -> None:
    app = _app()
    app.change_staff(centre_code=KALYMNOS, positions=[HEAD, Position("psychologist")])
    assert app.centre(KALYMNOS).compliant is True
    app.change_staff(centre_code=KALYMNOS, positions=[Position("psychologist")])
    assert app.centre(KALYMNOS).compliant is False
    app.change_staff(centre_code=KALYMNOS, positions=[Position("psychologist"), HEAD])
    published = [type(p) for p in _published(app, app.centre(KALYMNOS).id)]
    flags = [p for p in published if p in (CentreFlaggedNonCompliant, CentreComplianceRestored)]
    assert flags == [CentreComplianceRestored, CentreFlaggedNonCompliant, CentreComplianceRestored]


def test_a_psychologist_heading_the_centre_does_not_make_it_compliant() -> None:
    app = _app()
    app.change_staff(centre_code=KALYMNOS, positions=[Position("psychologist", head=True)])
    assert app.centre(KALYMNOS).compliant is False


def test_a_roster_above_the_band_is_accepted_one_with_two_heads_is_refused() -> None:
    app = _app()
    with pytest.raises(MoreThanOneHeadError):
        app.change_staff(centre_code=KALYMNOS, positions=[HEAD, HEAD])
    assert app.centre(KALYMNOS).compliant is None  # nothing was recorded
    # the band (2 for Kalymnos) is the minimum staff: an annex's extra staff are welcome
    roster = [HEAD, Position("psychologist"), Position("roma_vulnerable_groups_mediator")]
    app.change_staff(centre_code=KALYMNOS, positions=roster)
    assert app.centre(KALYMNOS).compliant is True


def test_annexes_and_mobile_units_report_through_their_centre() -> None:
    app = _app()
    assert (
        app.open_annex(centre_code=KALYMNOS, kind="roma", municipality_code="6101") == "KK-6101-A1"
    )
    assert (
        app.open_annex(centre_code=KALYMNOS, kind="migrants", municipality_code="6101")
        == "KK-6101-A2"
    )
    assert (
        app.open_mobile_unit(centre_code=KALYMNOS, municipality_codes=["6101", "6102"])
        == "KK-6101-M1"
    )
    with pytest.raises(UnknownMunicipalityError) as caught:
        app.open_mobile_unit(centre_code=KALYMNOS, municipality_codes=["6101", "9999"])
    assert caught.value.field == "municipality_codes.1"


def test_opening_hours_span_eight_working_hours() -> None:
    app = _app()
    app.set_opening_hours(centre_code=KALYMNOS, opens=time(8), closes=time(16))
    assert app.centre(KALYMNOS).opening_hours == ("08:00", "16:00")
    with pytest.raises(InvalidOpeningHoursError, match="7 hours"):
        app.set_opening_hours(centre_code=KALYMNOS, opens=time(8), closes=time(15))


def test_a_local_holiday_and_a_status_are_not_declared_twice() -> None:
    app = _app()
    app.declare_local_holiday(centre_code=KALYMNOS, holiday=date(2026, 11, 23), name_el="Πολιούχος")
    with pytest.raises(ConflictError):
        app.declare_local_holiday(centre_code=KALYMNOS, holiday=date(2026, 11, 23), name_el="x")
    with pytest.raises(ConflictError, match="already operating"):
        app.change_status(centre_code=KALYMNOS, status="operating", effective_on=date(2026, 12, 1))
    app.change_status(centre_code=KALYMNOS, status="suspended", effective_on=date(2026, 12, 1))
    assert app.centre(KALYMNOS).status == "suspended"


def test_a_body_that_takes_referrals_needs_a_phone_or_an_email() -> None:
    app = RegistryApplication()
    details = {
        "name_el": "Ξενώνας",
        "name_en": "Shelter",
        "category": "women_shelter",
        "scope": "municipality",
        "area_code": "6101",
        "accepts_referrals": True,
    }
    with pytest.raises(BodyWithoutContactError):
        app.register_body(code="shelter", **details)
    body = app.register_body(code="shelter", **details, contact={"contact_email": "info@x.gr"})
    with pytest.raises(BodyWithoutContactError):
        app.update_body(body.id, **details, contact={"website": "https://x.gr"}, capacity=None)
    app.update_body(body.id, **{**details, "accepts_referrals": False}, contact=None, capacity=4)
    assert app.repository.get(body.id).capacity == 4


def test_programmes_name_an_existing_managing_body_and_close_once() -> None:
    app = RegistryApplication()
    app.seed(census=2011)
    eee = app.repository.get(Programme.id_for("eee"))
    published = _published(app, eee.id)[0]
    assert isinstance(published, ProgramRegistered)
    assert published.managing_body_id == Body.id_for("opeka")
    assert published.required_documents
    with pytest.raises(UnknownBodyError):
        app.register_programme(
            code="new",
            name_el="Νέο",
            name_en="New",
            level="local",
            category="housing",
            managing_body_code="nobody",
        )
    app.close_programme(eee.id, closed_on=date(2030, 12, 31))
    with pytest.raises(ConflictError):
        app.close_programme(eee.id, closed_on=date(2031, 1, 1))


def test_a_body_stored_before_contact_details_existed_still_loads() -> None:
    # given a Body.Registered stored by the first version of the class (no contact, capacity)
    app = RegistryApplication()
    body = Body.register(
        code="old",
        name_el="Παλιός",
        name_en="Old",
        category="legal_aid",
        scope="national",
        accepts_referrals=False,
    )
    stored = app.mapper.to_stored_event(body.collect_events()[0])
    state = json.loads(stored.state)
    for key in ("contact", "capacity", "class_version"):
        state.pop(key, None)
    old = type(stored)(
        stored.originator_id, stored.originator_version, stored.topic, json.dumps(state).encode()
    )
    # when it is read back, then the upcaster fills the new fields
    event = app.mapper.to_domain_event(old)
    assert (event.contact, event.capacity) == (None, None)
