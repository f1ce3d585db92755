"""Erasure by destroying the person's key: unreadable everywhere, history consistent."""

from __future__ import annotations

from datetime import date

import pytest
from kk_contracts.codes import Sex
from kk_contracts.events.intake import BeneficiaryErased
from kk_intake.adapters.pseudonyms import Pseudonymiser
from kk_intake.adapters.translation import translate
from kk_intake.application import Consent, IntakeApplication, RequestDetails
from kk_intake.domain.exceptions import BeneficiaryErasedError
from kk_intake.domain.person import PersonDetails
from servicekit.auth import Principal, Role
from servicekit.shredding import ErasedEvent
from servicekit.subject_keys import InMemorySubjectKeys

pytestmark = pytest.mark.unit
STAFF = Principal("maria", Role.SOCIAL_WORKER, centre_id="KK-6101")
ADMIN = Principal("dpo", Role.ADMIN)
NAME = "Ξανθούλα"


class Directory:
    def exists(self, centre_id: str) -> bool:
        return True

    def local_holidays(self, centre_id: str) -> list[date]:
        return []

    def open_programme_documents(self, programme_id: object) -> list[str] | None:
        return []


class Audit:
    def __init__(self) -> None:
        self.reasons: list[str] = []

    def file_read(self, *, reason: str, **_: object) -> None:
        self.reasons.append(reason)


def _registered() -> tuple[IntakeApplication, Audit, object]:
    audit = Audit()
    app = IntakeApplication(
        centres=Directory(),
        audit=audit,
        pseudonyms=Pseudonymiser("k" * 32),
        keys=InMemorySubjectKeys(),
        today=lambda: date(2026, 11, 22),
    )
    person = PersonDetails("01018012342", NAME, "Π", date(1980, 1, 1), Sex.FEMALE, "6101")
    beneficiary = app.register(
        centre_id="KK-6101",
        person=person,
        staff=STAFF,
        consent=Consent("consent", ["case_management"]),
    ).beneficiary
    app.log_request(
        beneficiary_id=beneficiary.id,
        staff=STAFF,
        details=RequestDetails(axis="C", category="housing", channel="phone", notes=NAME),
    )
    return app, audit, beneficiary.id


def test_personal_data_are_sealed_with_the_persons_key_at_rest() -> None:
    app, _, _ = _registered()
    for notification in app.recorder.select_notifications(start=1, limit=20):
        assert NAME.encode() not in notification.state


def test_after_erasure_the_file_and_its_requests_are_unreadable_and_the_event_is_published() -> (
    None
):
    app, audit, beneficiary_id = _registered()
    app.erase(beneficiary_id=beneficiary_id, reason="request of the person, Art. 17", by=ADMIN)
    with pytest.raises(BeneficiaryErasedError):
        app.open_file(beneficiary_id=beneficiary_id, staff=STAFF, reason="look")  # type: ignore[arg-type]
    # every stored event is still there, but what held personal data reads as erased
    decoded = [
        app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(start=1, limit=20)
    ]
    erased = [e for e in decoded if isinstance(e, ErasedEvent)]
    assert len(erased) == 2  # the registration and the request's notes
    assert all(translate(e) is None for e in erased)  # a relay has nothing to publish
    published = [translate(e) for e in decoded if not isinstance(e, ErasedEvent)]
    assert any(isinstance(p, BeneficiaryErased) for p in published)
    assert audit.reasons[-1] == "erasure: request of the person, Art. 17"
    # and erasing again is harmless
    app.erase(beneficiary_id=beneficiary_id, reason="again", by=ADMIN)  # type: ignore[arg-type]
