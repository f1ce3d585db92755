"""A referral's whole loop through the real broker: sent, answered by the body through its
signed link, redirected, completed or expired on a date computed with the holiday calendar."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import psycopg
import pytest
from kk_contracts import Topic
from kk_contracts.calendar import WorkingCalendar
from servicekit.auth import Role

from tests.e2e.conftest import Platform
from tests.support import eventually, person, read_topic

pytestmark = pytest.mark.e2e
CENTRE = "KK-6101"
NOTE = "Μονογονεϊκή οικογένεια, χρειάζεται επίδομα — επικοινωνία μόνο πρωί"


def _refer(platform: Platform, body_code: str, service: str) -> dict[str, Any]:
    staff = platform.headers(Role.SOCIAL_WORKER, centre_id=CENTRE)
    registered = platform.post("intake", "/beneficiaries", person(CENTRE), staff)
    referral = {
        "beneficiary_id": registered.json()["beneficiary_id"],
        "body_id": platform.ids["bodies"][body_code]["body_id"],
        "service": service,
        "note": NOTE,
    }

    def sent() -> dict[str, Any] | None:  # once the referral service has heard of the person
        response = platform.post("referral", "/referrals", referral, staff)
        return response.json() if response.status_code == 201 else None

    return eventually(sent)


def _types_on_kafka(platform: Platform, referral_id: str) -> list[str]:
    return [
        dict(r.headers)["ce_type"].decode().rsplit(".", 1)[1]
        for r in read_topic(platform.stack.bootstrap_servers, Topic.REFERRALS)
        if r.key == referral_id.encode()
    ]


def _read(platform: Platform, referral_id: str) -> dict[str, Any]:
    response = platform.get(
        "referral",
        f"/referrals/{referral_id}?reason=follow-up",
        Role.SOCIAL_WORKER,
        centre_id=CENTRE,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_body_answers_through_its_link_and_the_loop_closes(platform: Platform) -> None:
    referral = _refer(platform, "opeka", "application_support")
    link = referral["body_link"]
    sent_on = date.fromisoformat(referral["sent_on"])
    # the deadline counts working days on the platform's calendar (10 for welfare bodies)
    assert referral["respond_by"] == WorkingCalendar().add_working_days(sent_on, 10).isoformat()

    shared = httpx.get(link, timeout=10).json()  # no token: the link is the credential
    assert shared["note"] == NOTE
    assert "beneficiary_id" not in shared
    assert shared["next_steps"] == ["accepted", "redirected", "refused"]
    for step, payload in (
        ("acceptance", {}),
        ("service", {}),
        ("completion", {"outcome": "partly_provided", "feedback": "Εγκρίθηκε το Α21"}),
    ):
        answered = httpx.post(f"{link}/{step}", json=payload, timeout=10)
        assert answered.status_code == 200, answered.text

    closed = _read(platform, referral["referral_id"])
    assert (closed["status"], closed["outcome"]) == ("completed", "partly_provided")
    assert closed["feedback"] == "Εγκρίθηκε το Α21"
    eventually(
        lambda: (
            _types_on_kafka(platform, referral["referral_id"])
            == [
                "ReferralSent",
                "ReferralReceived",
                "ReferralAccepted",
                "ReferralServiceStarted",
                "ReferralCompleted",
            ]
        )
    )
    # and reporting counts the referral by its outcome, at every level
    for path in (
        f"/indicators/centres/{CENTRE}",
        "/indicators/regions/EL42",
        "/indicators/national",
    ):
        eventually(
            lambda p=path: (
                platform.get("reporting", p).json()["counts"]["referrals_partly_provided"] >= 1
            )
        )
    wire = b"".join(
        r.value
        for r in read_topic(platform.stack.bootstrap_servers, Topic.REFERRALS)
        if r.key == referral["referral_id"].encode()
    )
    assert NOTE.encode() not in wire
    assert "Α21".encode() not in wire
    # a closed referral takes no more answers; every use of the link was recorded
    again = httpx.post(f"{link}/refusal", json={"reason": "no_capacity"}, timeout=10)
    assert again.status_code == 410
    with psycopg.connect(platform.stack.database_url) as conn:
        uses = conn.execute(
            "SELECT action, allowed FROM referral.link_uses WHERE referral_id = %s ORDER BY id",
            (referral["referral_id"],),
        ).fetchall()
    assert uses == [
        ("open", True),
        ("accepted", True),
        ("in_service", True),
        ("completed", True),
        ("refused", False),
    ]


def test_a_redirected_referral_moves_to_the_new_body_and_the_old_link_is_gone(
    platform: Platform,
) -> None:
    referral = _refer(platform, "opeka", "application_support")
    old_link = referral["body_link"]
    ekka = platform.ids["bodies"]["ekka"]["body_id"]
    # the body's first answer records that it received the referral, then redirects it
    moved = httpx.post(f"{old_link}/redirection", json={"body_id": ekka}, timeout=10)
    assert moved.status_code == 200, moved.text
    assert httpx.get(old_link, timeout=10).status_code == 410

    now = _read(platform, referral["referral_id"])
    assert (now["body_id"], now["status"]) == (ekka, "sent")
    redirected_on = date.today()
    assert now["respond_by"] == WorkingCalendar().add_working_days(redirected_on, 2).isoformat()
    refused = httpx.post(
        f"{now['body_link']}/refusal", json={"reason": "other", "detail": ""}, timeout=10
    )
    assert refused.status_code == 422  # 'other' needs the detail
    assert refused.json()["problems"][0]["field"] == "detail"
    eventually(
        lambda: (
            _types_on_kafka(platform, referral["referral_id"])
            == ["ReferralSent", "ReferralReceived", "ReferralRedirected"]
        )
    )
    forged = httpx.get(old_link[:-3] + "AAA", timeout=10)
    assert forged.status_code == 403
    # the municipality's supervisor follows its centres' referrals (no names); others do not
    path = "/municipalities/6101/referrals"
    mine = platform.get("referral", path, Role.MUNICIPAL_SUPERVISOR, municipality="6101")
    assert referral["referral_id"] in {r["referral_id"] for r in mine.json()}
    assert all("note" not in r and "beneficiary_id" not in r for r in mine.json())
    elsewhere = platform.get("referral", path, Role.MUNICIPAL_SUPERVISOR, municipality="0201")
    assert elsewhere.status_code == 403
    assert platform.get("referral", path, Role.SOCIAL_WORKER, centre_id=CENTRE).status_code == 403


def test_an_unanswered_referral_expires_the_day_after_its_deadline(platform: Platform) -> None:
    referral = _refer(platform, "opeka", "application_support")
    deadline = date.fromisoformat(referral["respond_by"])
    try:
        # the service's clock moves on to the day after the deadline (a restart with the date
        # pinned, as the deadline check reads the service's own date)
        platform.apis["referral"].stop()
        platform.restart_api("referral", KK_TODAY=(deadline + timedelta(days=1)).isoformat())
        eventually(lambda: _read(platform, referral["referral_id"])["status"] == "expired")
        eventually(
            lambda: (
                _types_on_kafka(platform, referral["referral_id"])
                == ["ReferralSent", "ReferralExpired"]
            )
        )
        link = httpx.post(f"{referral['body_link']}/acceptance", timeout=10)
        assert link.status_code == 410
        path = f"/indicators/centres/{CENTRE}"
        eventually(
            lambda: platform.get("reporting", path).json()["counts"]["referrals_expired"] >= 1
        )
    finally:
        platform.apis["referral"].stop()
        platform.restart_api("referral")


def test_after_an_erasure_the_referral_keeps_nothing_readable_about_the_person(
    platform: Platform,
) -> None:
    referral = _refer(platform, "opeka", "application_support")
    erased = platform.post(
        "intake",
        f"/beneficiaries/{referral['beneficiary_id']}/erasure",
        {"reason": "the person asked, GDPR Art. 17"},
        platform.headers(Role.ADMIN),
    )
    assert erased.status_code == 200, erased.text

    def gone() -> bool:
        response = platform.get(
            "referral",
            f"/referrals/{referral['referral_id']}?reason=follow-up",
            Role.SOCIAL_WORKER,
            centre_id=CENTRE,
        )
        return response.status_code == 410

    eventually(gone, timeout=90)  # once BeneficiaryErased reaches the referral service
    assert httpx.get(referral["body_link"], timeout=10).status_code == 410
    with psycopg.connect(platform.stack.database_url) as conn:
        key = conn.execute(
            "SELECT 1 FROM referral.subject_keys WHERE subject_id = %s",
            (referral["beneficiary_id"],),
        ).fetchone()
        stored = conn.execute(
            "SELECT count(*) FROM referral.referralapplication_events WHERE originator_id = %s",
            (referral["referral_id"],),
        ).fetchone()
    assert key is None
    assert stored is not None
    assert stored[0] == 1  # the referral is still there (counts stay), unreadable
